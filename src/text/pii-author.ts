/**
 * Pseudonymised authors. A handle is stored as an HMAC keyed with the local secret, so
 * per-author counts and `earshot forget --author` work without the database saying who wrote
 * what; without the secret file the hashes cannot be tested against a list of known handles.
 */
import { createHmac } from "node:crypto";
import { toRedacted } from "./redact.js";

/** Bumped if the hash input ever changes, so old and new hashes are never compared by mistake. */
const HASH_DOMAIN = "earshot-author-v1";

/** Handles compare case-insensitively, with or without a leading "@", whatever Unicode form was typed. */
export function toAuthorKey(handle: string): string {
  return handle.normalize("NFC").trim().replace(/^@/u, "").toLowerCase();
}

/**
 * HMAC-SHA256 (hex) of the source kind and the normalised handle. The kind is part of the input:
 * "jonas" on reddit and "jonas" on hackernews are different people, and their hashes differ.
 */
export function toAuthorHash(key: Uint8Array, kind: string, handle: string): string {
  return createHmac("sha256", key).update(`${HASH_DOMAIN}\u0000${kind}\u0000${toAuthorKey(handle)}`).digest("hex");
}

/** Payload fields that name or picture the author (Mastodon, Bluesky, Reddit, HN, App Store, schema.org). */
const AUTHOR_FIELDS = new Set([
  "author", "author_fullname", "account", "creator", "dc:creator", "user", "username", "acct", "handle", "did",
  "display_name", "displayName", "avatar", "avatar_static", "userName", "userImage", "reviewer",
]);

/** The placeholder for an author removed from a stored payload. */
export const AUTHOR_PLACEHOLDER = "[author]";

export interface ScrubRawOptions {
  /** Replace e-mails, phones, cards… as in the text. */
  redact: boolean;
  /** The item's author handle; when given, it and the payload's author fields are removed. */
  author?: string;
}

/**
 * The item payload as stored in `mentions.raw`: personal data redacted like the text and,
 * unless handles are kept, the author taken out. JSON payloads are rewritten value by value
 * (escapes decoded first, so `\u0040` hides nothing); other payloads (XML items) as text.
 */
export function toScrubbedRaw(raw: string, options: ScrubRawOptions): string {
  const variants = options.author ? toAuthorVariants(options.author) : [];
  const scrubText = (value: string): string => {
    const out = options.redact ? toRedacted(value).text : value;
    return variants.length > 0 ? replaceVariants(out, variants) : out;
  };
  const trimmed = raw.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      // Sources cut long payloads to a size cap, which can leave JSON unterminated: scrub it as text.
      if (!(error instanceof SyntaxError)) throw error;
      return scrubText(raw);
    }
    return JSON.stringify(scrubJson(value, scrubText, variants.length > 0));
  }
  return scrubText(raw);
}

function scrubJson(value: unknown, scrubText: (s: string) => string, dropAuthorFields: boolean, depth = 0): unknown {
  // Payloads are parsed from bounded bodies, but a hostile one may nest deeply: stop descending.
  if (depth > 64) return null;
  if (typeof value === "string") return scrubText(value);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, scrubText, dropAuthorFields, depth + 1));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = dropAuthorFields && AUTHOR_FIELDS.has(key) && v !== null ? AUTHOR_PLACEHOLDER : scrubJson(v, scrubText, dropAuthorFields, depth + 1);
    }
    return out;
  }
  return value;
}

/** The handle as typed, plus the user part of a `user@instance` handle (payload URLs use it). */
function toAuthorVariants(handle: string): string[] {
  const key = toAuthorKey(handle);
  const variants = new Set([key]);
  const at = key.indexOf("@");
  if (at > 0) variants.add(key.slice(0, at));
  // Very short names ("jo", "a") would blank unrelated words.
  return [...variants].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length);
}

/** Letters whose lower case differs from their Unicode case folding: only a /iu pattern matches them right. */
const FOLD_SPECIALS = /[\u00b5\u017f\u212a\u212b\u1e9e\u0345\u1fbe\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u1e9b\ufb05\u0130]/u;

/**
 * Replaces every case-insensitive occurrence of the (lower-case, longest first) variants by the
 * placeholder. Payloads are scrubbed string by string and each has its own author, so compiling
 * a case-insensitive Unicode regex per payload dominated ingest; lower-casing and indexOf give
 * the same answer whenever lower-casing keeps every offset and no letter folds unusually.
 */
function replaceVariants(text: string, variants: readonly string[]): string {
  const lower = text.toLowerCase();
  if (lower.length !== text.length || FOLD_SPECIALS.test(text) || variants.some((v) => FOLD_SPECIALS.test(v))) {
    return text.replace(new RegExp(variants.map(escapeRegExp).join("|"), "giu"), AUTHOR_PLACEHOLDER);
  }
  let out = "";
  let copiedTo = 0;
  for (;;) {
    let start = -1;
    let length = 0;
    for (const variant of variants) {
      const at = lower.indexOf(variant, copiedTo);
      // Longest first: at the same offset the longer spelling wins, as in the regex alternation.
      if (at !== -1 && (start === -1 || at < start)) {
        start = at;
        length = variant.length;
      }
    }
    if (start === -1) break;
    out += text.slice(copiedTo, start) + AUTHOR_PLACEHOLDER;
    copiedTo = start + length;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}
