/**
 * How `mentions.raw` (the item payload, already scrubbed by the pipeline) is stored. One column
 * holds both forms: SQLite is dynamically typed, so a compressed payload is a BLOB in the same
 * TEXT-affinity column (affinity converts numbers, never blobs) and `typeof(raw)` tells them
 * apart. Rows written before compression existed stay readable as they are, and
 * `rewriteRawPayloads` converts them in place, with no table rebuild.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import type Database from "better-sqlite3";
import type { Db } from "./db.js";

export const RAW_STORAGE_MODES = ["keep", "compress", "drop"] as const;

/**
 * `keep`: the payload as text. `compress`: brotli-compressed, a BLOB (default). `drop`: not
 * stored; thread checks then fall back to what the external id and URL say.
 */
export type RawStorage = (typeof RAW_STORAGE_MODES)[number];

export const DEFAULT_RAW_STORAGE: RawStorage = "compress";

// Measured on the bench corpus (docs/performance.md, database size): payloads average ~280 B, and
// quality 5 stores them in 71% of their size at ~25 µs each; 4 gives 75%, 6 and 9 nothing more,
// 11 saves 3 points for 30× the time. A 64 KiB window (lgwin 16) is as good as the default 4 MiB
// one for payloads this short and allocates less per call.
const BROTLI_OPTIONS = {
  params: {
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_QUALITY]: 5,
    [constants.BROTLI_PARAM_LGWIN]: 16,
  },
};

/** The value written to `mentions.raw` for a scrubbed payload under `mode`. */
export function toStoredRaw(raw: string | null | undefined, mode: RawStorage): string | Buffer | null {
  if (raw === null || raw === undefined || mode === "drop") return null;
  return mode === "compress" ? brotliCompressSync(Buffer.from(raw, "utf8"), BROTLI_OPTIONS) : raw;
}

/** The payload as text, whichever form it was stored in. */
export function fromStoredRaw(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return brotliDecompressSync(value).toString("utf8");
  throw new TypeError(`mentions.raw holds a ${typeof value}, expected text or a brotli blob`);
}

// Per connection, set by openDb: the pipeline hands savePages scrubbed text, and the store
// decides the form, so no caller between the config and the column needs to know about it.
const modeByClient = new WeakMap<Database.Database, RawStorage>();

export function setRawStorage(client: Database.Database, mode: RawStorage): void {
  modeByClient.set(client, mode);
}

export function rawStorageOf(client: Database.Database): RawStorage {
  return modeByClient.get(client) ?? DEFAULT_RAW_STORAGE;
}

/** What `rewriteRawPayloads` has done so far; also its progress callback's argument. */
export interface RawRewriteProgress {
  /** Every mention with an id up to this one is in the target form. */
  doneThroughId: number;
  /** The highest mention id when the rewrite started (rows added later are written in the new form anyway). */
  maxId: number;
  /** Payloads rewritten by this run. */
  rewritten: number;
}

export interface RawRewriteOptions {
  /** The form every stored payload should take. */
  to: RawStorage;
  /** Mention ids per transaction: bounds memory and how long a scan may wait for the lock. Default 20 000. */
  batchIds?: number;
  /** Called after each committed batch. */
  onProgress?: (progress: RawRewriteProgress) => void;
  /** Checked between batches: an abort stops after the last commit; a later run goes on from there. */
  signal?: AbortSignal;
}

const DEFAULT_BATCH_IDS = 20_000;

/**
 * Rewrites stored payloads to `options.to` (databases from before `storage.raw`, or after the
 * setting changed), in transactions over id ranges. Memory stays bounded by one batch, and the
 * SQL function does the conversion inside SQLite, so no row travels to JavaScript and back as an
 * object. Each batch only touches rows not yet in the target form (`typeof(raw)`), so a run that
 * was interrupted, or repeated, converts only what is left: resuming is running it again.
 * Rows shrink in place; the file keeps its size (freed pages are reused by new mentions) until
 * a VACUUM.
 */
export function rewriteRawPayloads(db: Db, options: RawRewriteOptions): RawRewriteProgress {
  const client = db.$client;
  const batchIds = options.batchIds ?? DEFAULT_BATCH_IDS;
  if (!Number.isInteger(batchIds) || batchIds < 1) throw new RangeError(`batchIds must be a positive integer, got ${batchIds}`);
  client.function("earshot_raw_compress", { deterministic: true }, (value: unknown) => toStoredRaw(fromStoredRaw(value), "compress"));
  client.function("earshot_raw_text", { deterministic: true }, (value: unknown) => fromStoredRaw(value));
  const rewrite = client.prepare(
    {
      compress: "update mentions set raw = earshot_raw_compress(raw) where id > ? and id <= ? and typeof(raw) = 'text'",
      keep: "update mentions set raw = earshot_raw_text(raw) where id > ? and id <= ? and typeof(raw) = 'blob'",
      drop: "update mentions set raw = null where id > ? and id <= ? and raw is not null",
    }[options.to],
  );
  const maxId = (client.prepare("select coalesce(max(id), 0) from mentions").pluck().get() as number) ?? 0;
  const progress: RawRewriteProgress = { doneThroughId: 0, maxId, rewritten: 0 };
  const runBatch = client.transaction((from: number, to: number) => rewrite.run(from, to).changes);
  while (progress.doneThroughId < maxId) {
    if (options.signal?.aborted) break;
    const to = Math.min(progress.doneThroughId + batchIds, maxId);
    progress.rewritten += runBatch(progress.doneThroughId, to);
    progress.doneThroughId = to;
    options.onProgress?.({ ...progress });
  }
  return progress;
}
