/**
 * How `mentions.raw` (the item payload, already scrubbed by the pipeline) is stored. One column
 * holds both forms: SQLite is dynamically typed, so a compressed payload is a BLOB in the same
 * TEXT-affinity column (affinity converts numbers, never blobs) and `typeof(raw)` tells them
 * apart. Rows written before compression existed stay readable as they are, and
 * `rewriteRawPayloads` converts them in place, with no table rebuild.
 */
import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from "node:zlib";
import type Database from "better-sqlite3";
import type { Db } from "./db.js";
import { RAW_DICTIONARIES, toRawDictionaryId } from "./raw-dictionaries.js";

export const RAW_STORAGE_MODES = ["keep", "compress", "drop"] as const;

/** `mentions.raw` as stored: text, or a compressed BLOB. */
export type StoredRaw = string | Uint8Array;

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

/**
 * The row's own columns that a payload usually repeats (the item's text, title, link and id).
 * Given to `toStoredRaw`, they are left out of the compressed payload and put back on reading,
 * which needs the same values again.
 */
export interface RawContext {
  text: string;
  title?: string | null;
  url?: string | null;
  externalId: string;
}

// Stored forms of a compressed payload (a BLOB):
// - a bare brotli stream (written before the format byte existed). Every one was written with
//   lgwin 16, whose stream header begins with a 0 bit (RFC 7932 §9.1), so its first byte is even;
// - FORMAT_FIELDS_DEFLATE, odd: format byte, dictionary id (raw-dictionaries.ts), then the
//   payload with the row's fields replaced by two-character references, as a raw deflate stream
//   primed with that dictionary (id 0: a brotli stream, no dictionary).
const FORMAT_FIELDS_DEFLATE = 0x01;
const REF = "\u0000";

/** The value written to `mentions.raw` for a scrubbed payload under `mode`. */
export function toStoredRaw(raw: string | null | undefined, mode: RawStorage, context?: RawContext): string | Buffer | null {
  if (raw === null || raw === undefined || mode === "drop") return null;
  if (mode === "keep") return raw;
  return (context && packRaw(raw, context)) || brotliCompressSync(Buffer.from(raw, "utf8"), BROTLI_OPTIONS);
}

/**
 * The payload as text, whichever form it was stored in. A payload stored with its row's fields
 * left out needs them back (`context`); readers that select `raw` select those columns too.
 */
export function fromStoredRaw(value: unknown, context?: RawContext): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (!(value instanceof Uint8Array)) throw new TypeError(`mentions.raw holds a ${typeof value}, expected text or a compressed blob`);
  if (value.length === 0 || value[0]! % 2 === 0) return brotliDecompressSync(value).toString("utf8");
  if (value[0] !== FORMAT_FIELDS_DEFLATE) throw new TypeError(`mentions.raw: unknown compressed format ${value[0]}`);
  if (!context) throw new TypeError("mentions.raw: this payload was stored without the row's text, title, url and external id; read them with it");
  const id = value[1]!;
  const dictionary = RAW_DICTIONARIES[id];
  if (id !== 0 && dictionary === undefined) throw new TypeError(`mentions.raw: unknown dictionary ${id}`);
  const body = (dictionary ? inflateRawSync(value.subarray(2), { dictionary }) : brotliDecompressSync(value.subarray(2))).toString("utf8");
  return toExpandedRaw(body, context);
}

function packRaw(raw: string, context: RawContext): Buffer | undefined {
  const fields = toFieldVariants(context);
  const body = toReferencedRaw(raw, fields);
  // Only exact round trips are stored this way; anything else keeps the plain form.
  if (toExpandedRaw(body, context) !== raw) return undefined;
  const id = toRawDictionaryId(raw);
  const dictionary = RAW_DICTIONARIES[id];
  const bytes = Buffer.from(body, "utf8");
  // A known wire format: deflate primed with its dictionary. Anything else: brotli, whose
  // built-in dictionary of common words does better on free text than deflate without one.
  const compressed = dictionary ? deflateRawSync(bytes, { level: 9, dictionary }) : brotliCompressSync(bytes, BROTLI_OPTIONS);
  return Buffer.concat([Uint8Array.of(FORMAT_FIELDS_DEFLATE, id), compressed]);
}

/**
 * Each field's value as it may appear in a payload: as is, XML-escaped (feeds, HTML) and
 * JSON-escaped (API answers), each with a one-character code. Values shorter than 4 characters
 * are not worth a reference.
 */
function toFieldVariants(context: RawContext): Array<[code: string, value: string]> {
  const fields: Array<[string, string | null | undefined]> = [["t", context.text], ["h", context.title], ["u", context.url], ["e", context.externalId]];
  const variants: Array<[string, string]> = [];
  for (const [letter, value] of fields) {
    if (!value || value.length < 4 || value.includes(REF)) continue;
    const forms = new Set([value, toXmlEscaped(value), JSON.stringify(value).slice(1, -1)]);
    let n = 0;
    for (const form of forms) variants.push([`${letter}${n++}`, form]);
  }
  // Longest first, so a link that contains the id is replaced whole.
  return variants.sort((a, b) => b[1].length - a[1].length);
}

const CODES = ["t0", "t1", "t2", "h0", "h1", "h2", "u0", "u1", "u2", "e0", "e1", "e2"];

function toReferencedRaw(raw: string, fields: ReadonlyArray<[string, string]>): string {
  let body = raw.split(REF).join(REF + REF);
  for (const [code, value] of fields) body = body.split(value).join(REF + String.fromCharCode(1 + CODES.indexOf(code)));
  return body;
}

function toExpandedRaw(body: string, context: RawContext): string {
  if (!body.includes(REF)) return body;
  const byChar = new Map(toFieldVariants(context).map(([code, value]) => [String.fromCharCode(1 + CODES.indexOf(code)), value]));
  let out = "";
  let from = 0;
  for (let at = body.indexOf(REF); at >= 0; at = body.indexOf(REF, from)) {
    const next = body[at + 1];
    out += body.slice(from, at);
    if (next === REF) out += REF;
    else {
      const value = next === undefined ? undefined : byChar.get(next);
      if (value === undefined) throw new TypeError("mentions.raw: a field reference the row cannot fill (was its text or URL changed?)");
      out += value;
    }
    from = at + 2;
  }
  return out + body.slice(from);
}

function toXmlEscaped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
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
  const toContext = (text: unknown, title: unknown, url: unknown, externalId: unknown): RawContext => ({ text: String(text), title: title as string | null, url: url as string | null, externalId: String(externalId) });
  client.function("earshot_raw_compress", { deterministic: true }, (value: unknown, text: unknown, title: unknown, url: unknown, externalId: unknown) => {
    const context = toContext(text, title, url, externalId);
    return toStoredRaw(fromStoredRaw(value, context), "compress", context);
  });
  client.function("earshot_raw_text", { deterministic: true }, (value: unknown, text: unknown, title: unknown, url: unknown, externalId: unknown) =>
    fromStoredRaw(value, toContext(text, title, url, externalId)),
  );
  const rewrite = client.prepare(
    {
      compress: "update mentions set raw = earshot_raw_compress(raw, text, title, url, external_id) where id > ? and id <= ? and typeof(raw) = 'text'",
      keep: "update mentions set raw = earshot_raw_text(raw, text, title, url, external_id) where id > ? and id <= ? and typeof(raw) = 'blob'",
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
