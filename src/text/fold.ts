/**
 * Case and diacritic folding that keeps string length: `foldText(s).length === s.length`, and
 * index i of the folded text is character i of the original. Matching runs on folded text while
 * evidence spans point into the original, so a span found in one is valid in the other.
 *
 * Folding is deliberately lossy: Lithuanian is often typed without diacritics ("negaliu
 * apmoket" for "negaliu apmokėt"), Finnish ä/ö are dropped on some keyboards, and Russian ё is
 * usually written е. Folding both the text and the vocabularies makes all of these meet.
 */

// Per-code-unit memo: folding a character is pure, and texts reuse a small alphabet.
const foldedCodeByCode = new Map<number, number>();

/** Folds one UTF-16 code unit; returns the input when folding would change the length. */
function foldCode(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  // Surrogate halves (emoji) have no case and must stay paired.
  if (code >= 0xd800 && code <= 0xdfff) return code;
  const cached = foldedCodeByCode.get(code);
  if (cached !== undefined) return cached;
  const folded = computeFold(code);
  foldedCodeByCode.set(code, folded);
  return folded;
}

function computeFold(code: number): number {
  const char = String.fromCharCode(code);
  // Typographic apostrophes and quotes: "can’t" must match "can't".
  if (char === "\u2019" || char === "\u2018" || char === "\u02bc") return 39;
  if (char === "ё" || char === "Ё") return "е".charCodeAt(0);
  // й is a distinct Russian letter (мой ≠ мои), so it keeps its breve.
  if (char === "й" || char === "Й") return "й".charCodeAt(0);
  const lower = char.toLowerCase();
  const base = lower.normalize("NFD").replace(/\p{M}+/gu, "");
  if (base.length === 1) return base.charCodeAt(0);
  return lower.length === 1 ? lower.charCodeAt(0) : code;
}

const NON_ASCII = /[^\x00-\x7f]/;
// Lower-case Cyrillic а–я is already folded after toLowerCase; skipping it keeps Russian cheap.
const NEEDS_TABLE = /[^\x00-\x7f\u0430-\u044f]/g;

/** Lower-cases and strips diacritics, one output code unit per input code unit. */
export function foldText(text: string): string {
  // Fast path: ASCII lower-casing keeps length; other characters go through the per-unit table.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  const lower = text.toLowerCase();
  if (lower.length === text.length) {
    return lower.replace(NEEDS_TABLE, (char) => String.fromCharCode(foldCode(char.charCodeAt(0))));
  }
  return foldByCodeUnit(text);
}

function foldByCodeUnit(text: string): string {
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = foldCode(text.charCodeAt(i));
  // fromCharCode takes its input as call arguments, so convert in chunks for long texts.
  const chunk = 8192;
  if (codes.length <= chunk) return String.fromCharCode(...codes);
  let out = "";
  for (let i = 0; i < codes.length; i += chunk) out += String.fromCharCode(...codes.slice(i, i + chunk));
  return out;
}

/** Folds a vocabulary word or phrase (the same folding as the text it will be matched in). */
export function foldTerm(term: string): string {
  return foldText(term.normalize("NFC").trim());
}
