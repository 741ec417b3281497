/**
 * Phone numbers in free text: international (+ or 00 and a country code) and the national
 * formats customers of LT, FI, RU, UK and US shops type. A run of digits is only a phone number
 * when its shape says so, or a nearby word ("tel.", "puh.", "тел.") does; order numbers, dates,
 * prices and parcel codes have other shapes or other words in front of them.
 */

export interface PhoneSpan {
  start: number;
  end: number;
}

// Digit groups joined by spaces, dots, dashes, slashes and brackets: one candidate, split below.
const CANDIDATE = /(?:\+|\b00)?\(?\d[\d \u00A0().\-/]{4,40}\d/gu;
const TOKEN = /\d+/gu;

/** E.164 allows 15 digits; the shortest numbers written with a phone word are 7 (345-67-89). */
export const MIN_PHONE_DIGITS = 7;
const MAX_DIGITS = 15;

/** Within this many characters before a number, a keyword tips the balance. */
const CONTEXT_CHARS = 32;
// English and Finnish words need a word start ("recall", "during", "shopping" are not calls);
// Lithuanian and Russian verbs take prefixes (pa-skambinkite, по-звоните), so they do not.
// Generic "number" words (numeris, номер) are left out: "užsakymo numeris" is an order number.
const PHONE_WORDS = /(?:(?<!\p{L})(?:tel(?:[.:\s]|ef|ep|$)|phone|mobil|mob|cell|call|ring me|text me|sms|whatsapp|viber|gsm|puh|soita|soitt)|skamb|тел|звон|моб)/giu;
const ORDER_WORDS = /(?:[#№]|(?<!\p{L})(?:order|ordre|užsakym|uzsakym|tilau|заказ|invoice|sąskait|saskait|lasku|счёт|счет|track|siunt|lähetys|paketti|посылк|трек|ticket|serial|kod|koodi|код|(?:ref|isbn|sku|pin|id|case|nro)(?!\p{L})))/giu;

/** Units and currencies after a number: a quantity or a price. */
const UNIT_AFTER = /^[ \u00A0]?(?:€|eur|euro|usd|\$|£|₽|руб|р\.|kr|%|lt\b|ml\b|l\b|kg\b|g\b|km\b|m\b|cm\b|mm\b|pcs|vnt|kpl|шт|min\b|h\b|val\b|x\b)/iu;
const CURRENCY_BEFORE = /[€$£₽][ \u00A0]?$/u;
/** Starts with 2026-11-23, 23.11.2026, 11/23/26 or 2026-11 (one separator kind, date-sized groups), maybe a time after it. */
const DATE_SHAPE = /^(?:\d{4}([./-])\d{1,2}(?:\1\d{1,2})?|\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d{2}))(?!\d)/u;

const IP_SHAPE = /^\d{1,3}(?:\.\d{1,3}){3}$/u;

/** Finds phone numbers in `text`; overlapping other PII is the caller's to resolve. */
export function findPhoneSpans(text: string): PhoneSpan[] {
  const spans: PhoneSpan[] = [];
  for (const candidate of text.matchAll(CANDIDATE)) {
    const base = candidate.index;
    const raw = candidate[0];
    // Glued to a word, an id or a URL path (LT123456789LT, /order/86123…, v2.86123…): not a phone.
    // A colon is allowed: "tel:+370…", "Tel.:8 612…".
    const before = text[base - 1];
    if (before !== undefined && /[\p{L}\p{N}#№/=_@.,-]/u.test(before)) continue;
    const tokens = [...raw.matchAll(TOKEN)].map((t) => ({ start: base + t.index, end: base + t.index + t[0].length }));
    // digitsBefore[k]: digits in tokens[0..k-1], so a span's digit count is a subtraction.
    const digitsBefore = [0];
    for (const token of tokens) digitsBefore.push(digitsBefore.at(-1)! + token.end - token.start);
    let i = 0;
    while (i < tokens.length) {
      // Inside a candidate, a number starts only after a space or a bracket: 04.2010 in
      // 14.04.2010 or 26.217.150 in an IP address is a piece of something else.
      if (i > 0 && !/[ \u00A0(+]/u.test(text[tokens[i]!.start - 1]!)) {
        i++;
        continue;
      }
      let found: PhoneSpan | undefined;
      for (let j = tokens.length - 1; j >= i; j--) {
        const digitCount = digitsBefore[j + 1]! - digitsBefore[i]!;
        if (digitCount > MAX_DIGITS) continue;
        if (digitCount < MIN_PHONE_DIGITS) break;
        const start = prefixStart(text, tokens[i]!.start, i === 0 ? base : tokens[i]!.start);
        const end = tokens[j]!.end;
        if (isPhone(text, start, end)) {
          found = { start, end };
          i = j + 1;
          break;
        }
      }
      if (found) spans.push(found);
      else i++;
    }
  }
  return spans;
}

/** Includes a leading "+" or "(" that belongs to the first group. */
function prefixStart(text: string, tokenStart: number, floor: number): number {
  let start = tokenStart;
  while (start > floor && /[+(]/u.test(text[start - 1]!)) start--;
  return start;
}

function isPhone(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  const after = text.slice(end, end + 6);
  if (/^[\p{L}\p{N}]/u.test(after)) return false;
  if (DATE_SHAPE.test(value) || IP_SHAPE.test(value)) return false;
  if (UNIT_AFTER.test(after) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 3), start))) return false;
  // 12,50 or 1.299.00: a decimal tail is a price, not a phone.
  if (/^[.,]\d/u.test(after)) return false;
  const digits = value.replace(/\D/gu, "");
  const international = value.startsWith("+") || /^00[1-9]/u.test(value);
  if (international) return isInternational(value.startsWith("+") ? digits : digits.slice(2));
  const context = toContext(text.slice(Math.max(0, start - CONTEXT_CHARS), start));
  if (context === "order") return false;
  if (context === "phone" && digits.length >= 7 && digits.length <= 12) return true;
  return isNational(value, digits);
}

/** E.164: at most 15 digits; the country codes earshot's markets use have known lengths. */
function isInternational(digits: string): boolean {
  if (digits.length < 8 || digits.length > 15) return false;
  if (digits.startsWith("370")) return digits.length === 11;
  if (digits.startsWith("371") || digits.startsWith("372")) return digits.length >= 10 && digits.length <= 11;
  if (digits.startsWith("358")) return digits.length >= 9 && digits.length <= 13;
  if (digits.startsWith("7")) return digits.length === 11;
  if (digits.startsWith("1")) return digits.length === 11;
  if (digits.startsWith("44")) return digits.length >= 11 && digits.length <= 12;
  return true;
}

function isNational(value: string, digits: string): boolean {
  const separated = /[ \u00A0().\-/]/u.test(value);
  // LT with the trunk prefix 8: mobile 8 6xx xxxxx, landline 8 5 xxx xxxx, (8 37) xxx xxx.
  if (/^86\d{7}$/u.test(digits)) return true;
  if (/^8[3-5]\d{7}$/u.test(digits)) return separated;
  // LT written without the plus (370 6xx xxxxx) or without the trunk prefix (6xx xxxxx).
  if (/^3706\d{7}$/u.test(digits)) return true;
  if (/^6\d{7}$/u.test(digits)) return /^6\d{2}[ \u00A0-]\d{5}$/u.test(value);
  // RU mobile 8 9xx xxx-xx-xx / 7 9xx…; landline 8 (495) xxx-xx-xx.
  if (/^[78]9\d{9}$/u.test(digits)) return true;
  if (/^8[3-8]\d{9}$/u.test(digits)) return separated;
  // FI mobile 040…050 xxx xxxx; landline 09 xxx xxxx, (013) xxx xxx.
  if (/^0(?:4\d|50)\d{5,8}$/u.test(digits)) return digits.length >= 9 || separated;
  // UK mobile 07xxx xxxxxx; landline 020 xxxx xxxx, 01xxx xxxxxx.
  if (/^07\d{9}$/u.test(digits)) return true;
  if (/^0[1-9]\d{6,9}$/u.test(digits)) return separated && /^\(?0\d{1,4}\)?[ \u00A0-]\d/u.test(value);
  // US/CA: (415) 555-0123, 415-555-0123, 415.555.0123.
  if (/^[2-9]\d{2}[2-9]\d{6}$/u.test(digits)) return /^(?:\(\d{3}\)[ \u00A0]?|\d{3}[-. \u00A0])\d{3}[-. \u00A0]\d{4}$/u.test(value);
  return false;
}

/** Which kind of word sits closest before the number: a phone word, an order word, or none. */
function toContext(before: string): "phone" | "order" | "none" {
  // Most windows hold only digits and punctuation: no word, nothing to search.
  if (!/[\p{L}#№]/u.test(before)) return "none";
  const last = (pattern: RegExp) => {
    let at = -1;
    for (const m of before.matchAll(pattern)) at = m.index;
    return at;
  };
  const phone = last(PHONE_WORDS);
  const order = last(ORDER_WORDS);
  if (phone < 0 && order < 0) return "none";
  return phone > order ? "phone" : "order";
}
