/**
 * How `mentions.evidence` is stored. The JSON the classifier's evidence used to be stored as
 * repeated its keys and the matched words in every entry: ~1,000 bytes per mention, more than
 * the text and the payload together (docs/performance.md, database size). This packs the same
 * entries into a few bytes each: a header of flags, integer offsets, weights in hundredths,
 * strings written once per row, and — the usual case — no string at all when the match is
 * exactly the stored text at the entry's offsets.
 *
 * One column holds both forms, as with `raw`: rows written before are JSON text, new rows a BLOB
 * starting with the format byte, and `typeof(evidence)` tells them apart. Decoding gives back
 * entries whose `JSON.stringify` is byte-identical to what was encoded; the encoder checks that
 * for every row and keeps JSON text for any row it cannot reproduce exactly (for example an
 * entry with keys it does not know), so no output depends on which form a row is in.
 */
import type { Evidence } from "../core/classification.js";

/** The stored form of one row's evidence: JSON text (older rows, or a row the packer declined) or the packed bytes. */
export type StoredEvidence = string | Uint8Array;

const FORMAT_V1 = 1;

const KINDS: readonly Evidence["kind"][] = ["sentiment", "complaint", "topic", "language"];

// Header bits of one entry (a varint, one byte for the common entries).
const KIND_MASK = 0b11;
const BY_MODEL = 1 << 2;
const HAS_SPAN = 1 << 3;
const WEIGHT_SHIFT = 4; // 2 bits: none | hundredths | float64
const MATCH_IS_STRING = 1 << 6; // else the text at [start, end)…
const MATCH_IS_MODEL_SCORE = 1 << 7; // …or `model:<weight with 2 decimals>`
const HAS_TOPIC = 1 << 8;

const WEIGHT_NONE = 0;
const WEIGHT_HUNDREDTHS = 1;
const WEIGHT_FLOAT = 2;

/**
 * Beginnings of the rule names, cues and topic ids the classifier writes (classify/complaint.ts,
 * sentiment.ts, rules-classifier.ts, TAXONOMY.md). A string starting with one is stored as the entry's index
 * and the rest. Append only: packed rows name entries by index, so changing or removing one would
 * change what old rows decode to. A name the list lacks is simply stored in full.
 */
const COMMON_PREFIXES_V1: readonly string[] = [
  "rating:",
  "problem-report (calm register)",
  "problem-report",
  "negative-report-on-topic (problem ",
  "neutral-report-on-topic (problem ",
  "positive-report-on-topic (problem ",
  "question:problem>=",
  "praise:problem>=",
  "no-topic:problem>=",
  "sarcasm:",
  "exasperation:??/!!",
  "CAPITALS",
  "en:declared",
  "lt:declared",
  "ru:declared",
  "fi:declared",
  "en:",
  "lt:",
  "ru:",
  "fi:",
  // The default taxonomy's topic ids (TAXONOMY.md); a custom taxonomy's are stored in full.
  "slow_reply",
  "wrong_product_info",
  "channel_handoff",
  "long_wait",
  "checkout_payment",
  "pricing_terms",
  "delivery",
  "returns_refunds",
  "warranty_repair",
  "product_quality",
  "staff_competence",
  "website_app_usability",
  "privacy_security",
  "spam_ads",
];

const ENTRY_KEYS = new Set(["kind", "topic", "match", "start", "end", "weight", "by"]);

/**
 * The stored form of `evidence` for a row whose stored text is `text`: packed when the packing
 * reproduces the entries exactly, else the JSON text older rows hold.
 */
export function toStoredEvidence(evidence: readonly Evidence[], text: string): StoredEvidence {
  const packed = packEvidence(evidence, text);
  if (packed !== undefined) return packed;
  return JSON.stringify(evidence);
}

/** The entries of a stored row, whichever form they were stored in. */
export function fromStoredEvidence(stored: StoredEvidence, text: string): Evidence[] {
  if (typeof stored === "string") return JSON.parse(stored) as Evidence[];
  return unpackEvidence(stored, text);
}

/** The JSON the row's evidence was stored as before packing existed: what exports and the digest read. */
export function toEvidenceJson(stored: StoredEvidence, text: string): string {
  return typeof stored === "string" ? stored : JSON.stringify(unpackEvidence(stored, text));
}

function packEvidence(evidence: readonly Evidence[], text: string): Uint8Array | undefined {
  const out = new ByteWriter();
  out.byte(FORMAT_V1);
  out.varint(evidence.length);
  const strings = new Map<string, number>();
  for (const entry of evidence) {
    const header = packEntry(entry, text, out, strings);
    if (header === undefined) return undefined;
  }
  const packed = out.finish();
  // The packer's promise is byte-identical JSON; checking it here (a few µs per row) means a
  // classifier change that adds a key or an odd number can only make rows larger, never different.
  if (JSON.stringify(unpackEvidence(packed, text)) !== JSON.stringify(evidence)) return undefined;
  return packed;
}

function packEntry(entry: Evidence, text: string, out: ByteWriter, strings: Map<string, number>): true | undefined {
  for (const key of Object.keys(entry)) if (!ENTRY_KEYS.has(key)) return undefined;
  const kind = KINDS.indexOf(entry.kind);
  if (kind < 0 || typeof entry.match !== "string") return undefined;
  if (entry.by !== undefined && entry.by !== "model") return undefined;
  if (entry.topic !== undefined && typeof entry.topic !== "string") return undefined;
  const hasSpan = entry.start !== undefined || entry.end !== undefined;
  if (hasSpan && !(isOffset(entry.start) && isOffset(entry.end) && entry.end! >= entry.start!)) return undefined;
  const weight = entry.weight;
  let weightMode = WEIGHT_NONE;
  if (weight !== undefined) {
    if (typeof weight !== "number" || !Number.isFinite(weight)) return undefined;
    weightMode = Math.round(weight * 100) / 100 === weight && Math.abs(weight) < 1e9 ? WEIGHT_HUNDREDTHS : WEIGHT_FLOAT;
  }
  let matchMode = MATCH_IS_STRING;
  if (hasSpan && text.slice(entry.start, entry.end) === entry.match) matchMode = 0;
  else if (weight !== undefined && entry.match === `model:${weight.toFixed(2)}`) matchMode = MATCH_IS_MODEL_SCORE;

  let header = kind | (weightMode << WEIGHT_SHIFT) | matchMode;
  if (entry.by === "model") header |= BY_MODEL;
  if (hasSpan) header |= HAS_SPAN;
  if (entry.topic !== undefined) header |= HAS_TOPIC;
  out.varint(header);
  if (entry.topic !== undefined) out.string(entry.topic, strings);
  if (matchMode === MATCH_IS_STRING) out.string(entry.match, strings);
  if (hasSpan) {
    out.varint(entry.start!);
    out.varint(entry.end! - entry.start!);
  }
  if (weightMode === WEIGHT_HUNDREDTHS) out.zigzag(Math.round(weight! * 100));
  else if (weightMode === WEIGHT_FLOAT) out.float64(weight!);
  return true;
}

function unpackEvidence(bytes: Uint8Array, text: string): Evidence[] {
  const input = new ByteReader(bytes);
  const format = input.byte();
  if (format !== FORMAT_V1) throw new TypeError(`mentions.evidence: unknown packed format ${format}`);
  const count = input.varint();
  const strings: string[] = [];
  const entries: Evidence[] = [];
  for (let i = 0; i < count; i++) {
    const header = input.varint();
    const kind = KINDS[header & KIND_MASK]!;
    const topic = header & HAS_TOPIC ? input.string(strings) : undefined;
    const literal = header & MATCH_IS_STRING ? input.string(strings) : undefined;
    let start: number | undefined;
    let end: number | undefined;
    if (header & HAS_SPAN) {
      start = input.varint();
      end = start + input.varint();
    }
    const weightMode = (header >> WEIGHT_SHIFT) & 0b11;
    const weight = weightMode === WEIGHT_HUNDREDTHS ? input.zigzag() / 100 : weightMode === WEIGHT_FLOAT ? input.float64() : undefined;
    const match = literal ?? (header & MATCH_IS_MODEL_SCORE ? `model:${weight!.toFixed(2)}` : text.slice(start, end));
    // Keys in the classifier's order, so JSON.stringify gives the bytes the JSON form had.
    const entry: Evidence = topic === undefined ? { kind, match } : { kind, topic, match };
    if (start !== undefined) {
      entry.start = start;
      entry.end = end!;
    }
    if (weight !== undefined) entry.weight = weight;
    if (header & BY_MODEL) entry.by = "model";
    entries.push(entry);
  }
  if (!input.atEnd()) throw new TypeError("mentions.evidence: trailing bytes after the packed entries");
  return entries;
}

/** The longest common prefix `value` starts with (its index), or -1. */
function findCommonPrefix(value: string): number {
  let best = -1;
  for (let i = 0; i < COMMON_PREFIXES_V1.length; i++) {
    const prefix = COMMON_PREFIXES_V1[i]!;
    if (value.startsWith(prefix) && (best < 0 || prefix.length > COMMON_PREFIXES_V1[best]!.length)) best = i;
  }
  return best;
}

function isOffset(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

class ByteWriter {
  private buffer = new Uint8Array(64);
  private length = 0;

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  float64(value: number): void {
    this.reserve(8);
    new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, 8).setFloat64(0, value, true);
    this.length += 8;
  }

  /**
   * A string's first use in the row writes it, after the common prefix it starts with if any;
   * later uses name its place in the row. The tag's remainder by 3 says which: 0 a earlier string
   * of the row, 1 a literal of tag / 3 bytes, 2 common prefix number tag / 3 plus a literal rest.
   */
  string(value: string, seen: Map<string, number>): void {
    const index = seen.get(value);
    if (index !== undefined) {
      this.varint(index * 3);
      return;
    }
    seen.set(value, seen.size);
    const prefix = findCommonPrefix(value);
    if (prefix < 0) {
      this.literal(value, 1);
      return;
    }
    this.varint(prefix * 3 + 2);
    this.literal(value.slice(COMMON_PREFIXES_V1[prefix]!.length), 0);
  }

  private literal(value: string, tag: number): void {
    const bytes = utf8.encode(value);
    this.varint(tag === 1 ? bytes.length * 3 + 1 : bytes.length);
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A plain Uint8Array, not a Buffer: the same type on both sides of a worker boundary. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

class ByteReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.offset >= this.bytes.length) throw new TypeError("mentions.evidence: packed entries end early");
    return this.bytes[this.offset++]!;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  float64(): number {
    if (this.offset + 8 > this.bytes.length) throw new TypeError("mentions.evidence: packed entries end early");
    const value = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 8).getFloat64(0, true);
    this.offset += 8;
    return value;
  }

  string(seen: string[]): string {
    const tag = this.varint();
    const kind = tag % 3;
    const n = (tag - kind) / 3;
    if (kind === 0) {
      const known = seen[n];
      if (known === undefined) throw new TypeError(`mentions.evidence: string #${n} used before it was written`);
      return known;
    }
    let value: string;
    if (kind === 1) value = this.literal(n);
    else {
      const prefix = COMMON_PREFIXES_V1[n];
      if (prefix === undefined) throw new TypeError(`mentions.evidence: unknown common prefix #${n}`);
      value = prefix + this.literal(this.varint());
    }
    seen.push(value);
    return value;
  }

  private literal(length: number): string {
    if (this.offset + length > this.bytes.length) throw new TypeError("mentions.evidence: packed entries end early");
    const value = utf8Decoder.decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return value;
  }

  atEnd(): boolean {
    return this.offset === this.bytes.length;
  }
}
