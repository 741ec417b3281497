/**
 * Rewrites rows stored before the compact forms existed (issue 14) into them: evidence JSON into
 * packed evidence (evidence-codec.ts), and compressed payloads into the form that leaves out
 * the row's own text, title, link and id (raw-payload.ts). New rows are written compact; old rows stay readable as
 * they are, so this is never required for correctness, only for size.
 */
import { toClassifiedBody } from "../../core/classification.js";
import type { Db } from "./db.js";
import { fromStoredEvidence, toStoredEvidence } from "../evidence-codec.js";
import { fromStoredRaw, toStoredRaw } from "./raw-payload.js";

/** What `compactStoredRows` has done so far; also its progress callback's argument. */
export interface CompactProgress {
  /** Every mention with an id up to this one is in the compact form (or cannot be packed and stays JSON). */
  doneThroughId: number;
  /** The highest mention id when the run started (later rows are written compact anyway). */
  maxId: number;
  /** Rows whose evidence this run packed. */
  packed: number;
  /** Compressed payloads this run stored again without the row's own fields. */
  repackedPayloads: number;
}

export interface CompactOptions {
  /** Mention ids per transaction: bounds memory and how long a scan may wait for the lock. Default 20 000. */
  batchIds?: number;
  /** Called after each committed batch. */
  onProgress?: (progress: CompactProgress) => void;
  /** Checked between batches: an abort stops after the last commit; a later run goes on from there. */
  signal?: AbortSignal;
}

const DEFAULT_BATCH_IDS = 20_000;

/**
 * Packs the evidence of rows that still hold JSON, in transactions over id ranges, inside SQLite
 * (an SQL function), so memory stays bounded by one batch. Only rows still in the old form are
 * touched (`typeof(evidence) = 'text'`), so an interrupted or repeated run converts what is left:
 * resuming is running it again. A row the packer cannot reproduce byte for byte keeps its JSON
 * (the function returns it unchanged, and SQLite skips writing an identical value's index keys).
 */
export function compactStoredRows(db: Db, options: CompactOptions = {}): CompactProgress {
  const client = db.$client;
  const batchIds = options.batchIds ?? DEFAULT_BATCH_IDS;
  if (!Number.isInteger(batchIds) || batchIds < 1) throw new RangeError(`batchIds must be a positive integer, got ${batchIds}`);
  let packedInBatch = 0;
  client.function("earshot_pack_evidence", { deterministic: true }, (evidence: unknown, title: unknown, text: unknown) => {
    if (typeof evidence !== "string") return evidence;
    const body = toClassifiedBody({ title: typeof title === "string" ? title : null, text: typeof text === "string" ? text : "" });
    let stored;
    try {
      stored = toStoredEvidence(fromStoredEvidence(evidence, body), body);
    } catch (error) {
      // A damaged JSON cell is left as it is (readers already tolerate it); the rest goes on.
      if (error instanceof SyntaxError) return evidence;
      throw error;
    }
    // A row the packer declined comes back as JSON: keep the original bytes, not a re-serialisation.
    if (typeof stored === "string") return evidence;
    packedInBatch++;
    return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  });
  let repackedInBatch = 0;
  client.function("earshot_repack_raw", { deterministic: true }, (raw: unknown, text: unknown, title: unknown, url: unknown, externalId: unknown) => {
    const context = { text: String(text), title: title as string | null, url: url as string | null, externalId: String(externalId) };
    const repacked = toStoredRaw(fromStoredRaw(raw, context), "compress", context);
    if (Buffer.isBuffer(repacked) && repacked[0] === 1) repackedInBatch++;
    return repacked;
  });
  const pack = client.prepare(
    "update mentions set evidence = earshot_pack_evidence(evidence, title, text) where id > ? and id <= ? and typeof(evidence) = 'text'",
  );
  // Payloads compressed before the row's fields were left out of them (bare brotli, first byte
  // even): compressed again in the current form. Text payloads are storage.raw's business (rewrite-raw).
  const repack = client.prepare(
    "update mentions set raw = earshot_repack_raw(raw, text, title, url, external_id) where id > ? and id <= ? and typeof(raw) = 'blob' and hex(substr(raw, 1, 1)) <> '01'",
  );
  const maxId = (client.prepare("select coalesce(max(id), 0) from mentions").pluck().get() as number) ?? 0;
  const progress: CompactProgress = { doneThroughId: 0, maxId, packed: 0, repackedPayloads: 0 };
  const runBatch = client.transaction((from: number, to: number) => {
    packedInBatch = 0;
    repackedInBatch = 0;
    pack.run(from, to);
    repack.run(from, to);
    return { packed: packedInBatch, repacked: repackedInBatch };
  });
  while (progress.doneThroughId < maxId) {
    if (options.signal?.aborted) break;
    const to = Math.min(progress.doneThroughId + batchIds, maxId);
    const done = runBatch(progress.doneThroughId, to);
    progress.packed += done.packed;
    progress.repackedPayloads += done.repacked;
    progress.doneThroughId = to;
    options.onProgress?.({ ...progress });
  }
  return progress;
}
