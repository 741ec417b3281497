/**
 * Replaces personal data in mention text with typed placeholders before anything is stored:
 * e-mail addresses, phone numbers, payment card numbers (Luhn-checked), IBANs (mod-97 checked)
 * and national ids whose format and check digit make them unambiguous (LT asmens kodas, FI
 * henkilötunnus, RU СНИЛС, UK National Insurance number). Order numbers (#4411), dates, prices
 * and parcel codes are left alone: docs/data-protection.md gives the measured precision/recall.
 */
import { isFiPersonalId, isIbanValid, isLtPersonalCode, isLuhnValid, isRuSnils } from "./pii-checksums.js";
import { findPhoneSpans, MIN_PHONE_DIGITS } from "./pii-phone.js";

export const PII_TYPES = ["email", "phone", "card", "iban", "personal_id"] as const;
export type PiiType = (typeof PII_TYPES)[number];

export interface PiiSpan {
  type: PiiType;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
}

export interface Redacted {
  text: string;
  /** How many spans were replaced. */
  count: number;
  byType: Record<PiiType, number>;
}

/** The placeholder that replaces a span of `type`, e.g. `[email]`. */
export function toPlaceholder(type: PiiType): string {
  return `[${type}]`;
}

const EMAIL = /(?<![\p{L}\p{N}._%+@-])[\p{L}\p{N}][\p{L}\p{N}._%+'-]*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?![\p{L}\p{N}-])/gu;
/** Printed IBANs come in groups of four; electronic ones in one run (sometimes typed in lower case). */
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?|[A-Z0-9]{11,30})(?![\p{L}\p{N}])/giu;
/** 13–19 digits, optionally in groups split by single spaces or dashes. */
const CARD = /(?<![\p{L}\p{N}.,/-])\d(?:[ -]?\d){12,18}(?![\p{L}\p{N}]|[.,]\d)/gu;
const LT_PERSONAL_CODE = /(?<![\p{L}\p{N}.,/-])[1-6]\d{10}(?![\p{L}\p{N}]|[.,]\d)/gu;
const FI_PERSONAL_ID = /(?<![\p{L}\p{N}])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\p{L}\p{N}])/gu;
const RU_SNILS = /(?<![\p{L}\p{N}-])\d{3}-\d{3}-\d{3}[ -]\d{2}(?![\p{L}\p{N}])/gu;
/** HMRC NIM39110: two prefix letters (not D, F, I, Q, U, V; second not O; no BG, GB, KN, NK, NT, TN, ZZ), six digits, A–D. */
const UK_NINO = /(?<![\p{L}\p{N}])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\p{L}\p{N}])/gu;
/** Digits inside links are ids and paths, not phone numbers. */
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu;

/** Finds personal data in `text`, non-overlapping, in text order. */
export function findPiiSpans(text: string): PiiSpan[] {
  // Every detector needs an "@" or a minimum number of digits; counting them first skips the
  // detectors that cannot match. Ingest redacts every text and payload, and the e-mail pattern
  // alone cost more than the rest together on payloads without an "@" (docs/performance.md).
  const hasAt = text.includes("@");
  const digits = countDigits(text);
  if (!hasAt && digits < 2) return [];
  const taken: PiiSpan[] = [];
  // One flag per character: overlap checks stay linear on a 2 MB text with thousands of spans.
  const used = new Uint8Array(text.length);
  const add = (span: PiiSpan) => {
    for (let i = span.start; i < span.end; i++) if (used[i]) return;
    used.fill(1, span.start, span.end);
    taken.push(span);
  };
  // Priority order: a longer, checked identifier wins over a phone-shaped piece of it.
  if (hasAt) for (const span of findEmailSpans(text)) add(span);
  if (digits < 2) return taken;
  const inLinks = new Uint8Array(text.length);
  for (const m of text.matchAll(URL)) inLinks.fill(1, m.index, m.index + m[0].length);
  const inLink = (start: number, end: number) => inLinks.subarray(start, end).includes(1);
  const addOutsideLinks = (span: PiiSpan) => {
    if (!inLink(span.start, span.end)) add(span);
  };
  for (const m of text.matchAll(IBAN)) {
    const span = toValidIban(m[0], m.index);
    if (span) addOutsideLinks(span);
  }
  if (digits >= 13) {
    for (const m of text.matchAll(CARD)) {
      const cardDigits = m[0].replace(/\D/gu, "");
      if (/^[2-6]/u.test(cardDigits) && !/^(\d)\1+$/u.test(cardDigits) && isLuhnValid(cardDigits) && isCardGrouping(m[0], cardDigits.length)) {
        addOutsideLinks({ type: "card", start: m.index, end: m.index + m[0].length });
      }
    }
  }
  if (digits >= 11) {
    for (const m of text.matchAll(LT_PERSONAL_CODE)) if (isLtPersonalCode(m[0])) addOutsideLinks({ type: "personal_id", start: m.index, end: m.index + m[0].length });
    for (const m of text.matchAll(RU_SNILS)) if (isRuSnils(m[0].replace(/\D/gu, ""))) addOutsideLinks({ type: "personal_id", start: m.index, end: m.index + m[0].length });
  }
  if (digits >= 9) for (const m of text.matchAll(FI_PERSONAL_ID)) if (isFiPersonalId(m[0])) addOutsideLinks({ type: "personal_id", start: m.index, end: m.index + m[0].length });
  if (digits >= 6) for (const m of text.matchAll(UK_NINO)) addOutsideLinks({ type: "personal_id", start: m.index, end: m.index + m[0].length });
  if (digits >= MIN_PHONE_DIGITS) for (const span of findPhoneSpans(text)) addOutsideLinks({ type: "phone", ...span });
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * E-mail addresses hold no whitespace, so the pattern runs only on the whitespace-free runs
 * around each "@" (its look-behind and look-ahead see whitespace at a run's edges either way):
 * on a long text it would otherwise try every letter as the start of an address.
 */
function findEmailSpans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  let searchFrom = 0;
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", searchFrom)) {
    let start = at;
    while (start > 0 && !isWhitespace(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && !isWhitespace(text.charCodeAt(end))) end++;
    const run = text.slice(start, end);
    for (const m of run.matchAll(EMAIL)) spans.push({ type: "email", start: start + m.index, end: start + m.index + m[0].length });
    searchFrom = end;
  }
  return spans;
}

/** What the pattern's letter, digit and punctuation classes never match and `\s` does. */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** ASCII digits: every pattern below matches `\d`, which under /u is still only 0–9. */
function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}

/** Replaces every span found by its placeholder and counts them. */
export function toRedacted(text: string): Redacted {
  const byType = Object.fromEntries(PII_TYPES.map((t) => [t, 0])) as Record<PiiType, number>;
  const spans = findPiiSpans(text);
  if (spans.length === 0) return { text, count: 0, byType };
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + toPlaceholder(span.type);
    at = span.end;
    byType[span.type]++;
  }
  return { text: out + text.slice(at), count: spans.length, byType };
}

/**
 * The longest valid IBAN at the start of a match: a printed IBAN followed by a short word in
 * capitals ("… 1000 OK") matches one group too many, so groups are dropped from the end.
 */
function toValidIban(match: string, index: number): PiiSpan | undefined {
  const groups = match.split(" ");
  for (let n = groups.length; n >= 1; n--) {
    const candidate = groups.slice(0, n).join(" ");
    if (isIbanValid(candidate.replace(/ /gu, ""))) return { type: "iban", start: index, end: index + candidate.length };
  }
  return undefined;
}

/**
 * Cards are printed in groups of 4 (4-6-5 for Amex) or typed in one run of 14–16 digits. Longer
 * unbroken runs are platform ids (18–19-digit tweet and Mastodon ids pass Luhn one time in ten).
 */
function isCardGrouping(value: string, digitCount: number): boolean {
  const groups = value.split(/[ -]/u);
  if (groups.length === 1) return digitCount >= 14 && digitCount <= 16;
  if (groups.length === 3 && groups[0]!.length === 4 && groups[1]!.length === 6) return true;
  return groups.slice(0, -1).every((g) => g.length === 4) && groups.at(-1)!.length >= 1 && groups.at(-1)!.length <= 4;
}
