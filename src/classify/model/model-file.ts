/**
 * The model file: `ESM1` + header length (u32 LE) + JSON header (buckets, heads, decisions,
 * meta, one scale per head) + the weights as int16 per head scale, feature-major.
 * int16 keeps every weight within 1/32767 of its head's largest, far below what moves a decision,
 * at half the bytes of float32. Loaded models keep the int16 weights as they are (see
 * LinearModel.scales). Written uncompressed: gzip would save 1.6 MB on disk but inflating it costs
 * every classifying process ~8 MB of resident memory that the allocator does not give back (the
 * daemon's 200 MB budget, docs/performance.md); a gzip-compressed file is still read.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { ParseError } from "../../core/errors.js";
import type { Decisions, LinearModel, ModelMeta } from "./linear-model.js";

const MAGIC = "ESM1";

interface Header {
  buckets: number;
  heads: string[];
  decisions: Decisions;
  meta: ModelMeta;
  scales: number[];
}

/** Serialises a model; its `meta.id` is set to the hash of what is written. */
export function toModelBytes(model: LinearModel): Buffer {
  const { quantized, scales } = toQuantized(model);
  const body = Buffer.from(quantized.buffer, quantized.byteOffset, quantized.byteLength);
  const id = createHash("sha256").update(body).update(JSON.stringify([model.heads, model.decisions, scales])).digest("hex").slice(0, 10);
  model.meta.id = id;
  const header: Header = { buckets: model.buckets, heads: model.heads, decisions: model.decisions, meta: model.meta, scales };
  // Padded with spaces so the weights start 8-byte aligned: the loader reads them in place.
  const json = JSON.stringify(header);
  const headerBytes = Buffer.from(json.padEnd(json.length + ((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8), " "), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([Buffer.from(MAGIC, "latin1"), length, headerBytes, body]);
}

export function parseModelBytes(bytes: Buffer, source: string): LinearModel {
  let raw: Buffer = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (error) {
      throw new ParseError({ source, detail: "not a gzip-compressed earshot model" }, { cause: error });
    }
  }
  if (raw.length < 8 || raw.toString("latin1", 0, 4) !== MAGIC) throw new ParseError({ source, detail: `not an earshot model (expected "${MAGIC}")` });
  const headerLength = raw.readUInt32LE(4);
  let header: Header;
  try {
    header = JSON.parse(raw.toString("utf8", 8, 8 + headerLength)) as Header;
  } catch (error) {
    throw new ParseError({ source, detail: "model header is not JSON" }, { cause: error });
  }
  const H = header.heads?.length ?? 0;
  const expected = header.buckets * H * 2;
  const bodyStart = 8 + headerLength;
  if (H === 0 || !Number.isInteger(Math.log2(header.buckets)) || raw.length - bodyStart !== expected || header.scales?.length !== H) {
    throw new ParseError({ source, detail: `model body is ${raw.length - bodyStart} bytes, expected ${expected} for ${header.buckets} buckets × ${H} heads` });
  }
  const offset = raw.byteOffset + bodyStart;
  // A view on the inflated bytes when aligned (files written here always are), else a copy.
  const weights = offset % 2 === 0 ? new Int16Array(raw.buffer, offset, expected / 2) : new Int16Array(raw.buffer.slice(offset, offset + expected));
  return { buckets: header.buckets, heads: header.heads, weights, scales: Float64Array.from(header.scales), decisions: header.decisions, meta: header.meta };
}

function toQuantized(model: LinearModel): { quantized: Int16Array; scales: number[] } {
  if (model.weights instanceof Int16Array) return { quantized: model.weights, scales: [...model.scales!] };
  const weights = model.weights;
  const H = model.heads.length;
  const scales = model.heads.map((_, h) => {
    let max = 0;
    for (let b = 0; b < model.buckets; b++) max = Math.max(max, Math.abs(weights[b * H + h]!));
    return max === 0 ? 1 : max / 32767;
  });
  const quantized = new Int16Array(weights.length);
  for (let i = 0; i < quantized.length; i++) quantized[i] = Math.round(weights[i]! / scales[i % H]!);
  return { quantized, scales };
}

export function saveModelFile(path: string, model: LinearModel): void {
  writeFileSync(path, toModelBytes(model));
}

// Loading takes ~100 ms; tests and commands build many classifiers from the same file. Keyed by
// path and mtime so a retrained file is read again. A cache of immutable data, not shared state.
const loaded = new Map<string, { mtimeMs: number; model: LinearModel }>();

export function loadModelFile(path: string): LinearModel {
  const mtimeMs = statSync(path).mtimeMs;
  const hit = loaded.get(path);
  if (hit !== undefined && hit.mtimeMs === mtimeMs) return hit.model;
  const model = parseModelBytes(readFileSync(path), path);
  loaded.set(path, { mtimeMs, model });
  return model;
}
