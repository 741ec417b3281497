/**
 * A compact character n-gram model (naive Bayes over 1–3-grams of lower-cased words) for the
 * Latin-script languages in `lang-profiles.ts`. It answers one question for `lang-id.ts`: how
 * probable each of these languages makes a text. Trained on the Universal Declaration of Human
 * Rights (provenance in `lang-profiles.ts`), so it knows spelling, not slang: the word scorer in
 * `lang-id.ts` stays in charge of en/lt/fi and this model decides the rest.
 *
 * Memory: ~11,000 n-grams in a 32k-slot hash table and, per n-gram, only the languages whose
 * profile holds it (sparse rows, ~75,000 entries): well under 1 MB, built on first use. Scoring
 * allocates nothing per n-gram and stops after MAX_GRAMS, as it runs on many Latin texts.
 */
import { LANGUAGE_PROFILES } from "./lang-profiles.js";

/** Additive smoothing of the n-gram counts (0.5 measured best among 0.1/0.5/1 on the dev sets). */
const ALPHA = 0.5;
/** Word boundary in a profile's n-grams ("_th" = "th" at the start of a word). */
const BOUNDARY = "_";
const SPACE = 32;
/** Letter index of the word boundary, and of letters no profile uses (their n-grams match nothing). */
const BOUNDARY_INDEX = 1;
const UNKNOWN_INDEX = 255;
/** Letters the model reads: a–z, Latin-1 to Latin Extended-B, Latin Extended Additional. */
const LETTER_TABLE_SIZE = 0x1f00;
/**
 * n-grams scored per text at most (whole words; about 70 letters). The first 200 decide as well
 * as all of them on every dev set (cx-dev, bench corpus, VADER, FinnSentiment, the probes: ±2
 * texts in 60,000), and a long review costs no more than a tweet.
 */
const MAX_GRAMS = 200;

/** The languages of the model, in the order of the score arrays. */
export const MODEL_LANGUAGES: readonly string[] = Object.keys(LANGUAGE_PROFILES);

export interface LanguageScores {
  /** n-grams scored; 0 when the text has no Latin letters. */
  grams: number;
  /**
   * Mean log-probability per n-gram for each of MODEL_LANGUAGES (same order), so texts of any
   * length compare; the difference between two languages is their log-odds per n-gram.
   */
  logProbs: Float64Array;
}

interface CompiledModel {
  /** Char code → letter index (2…254), BOUNDARY_INDEX for none, UNKNOWN_INDEX for unknown letters; 0: not a letter. */
  letters: Uint8Array;
  /**
   * Open addressing on the packed n-gram (three 8-bit letter indices), two words a slot: the
   * key (0 = empty) and its row + 1, side by side so one probe touches one cache line.
   */
  table: Int32Array;
  /** Multiplicative hashing keeps the top log2(slots) bits of the product. */
  shift: number;
  /**
   * What an n-gram adds over a language's `unseen` log-probability is log((count + α) / α): it
   * depends on the count only. Each row stores the value most of the 22 languages share
   * (`centres`, often 0: most n-grams belong to a few languages) and, in `languages`/`gains`, the
   * languages that differ from it, at rowStart[r] … rowStart[r + 1] - 1. About 11 entries per
   * scored n-gram instead of 22, with the same result.
   */
  centres: Float32Array;
  rowStart: Int32Array;
  languages: Uint8Array;
  gains: Float32Array;
  /** Log-probability of an n-gram a language's profile does not hold: log(α / (total + α·V)). */
  unseen: Float32Array;
}

let compiled: CompiledModel | undefined;

/** Scores `text` against every language of the model. Pure; the tables are built once per process. */
export function scoreLanguages(text: string): LanguageScores {
  const model = (compiled ??= compileModel());
  const { letters, table, shift, centres, rowStart, languages, gains, unseen } = model;
  const width = MODEL_LANGUAGES.length;
  const mask = (table.length >> 1) - 1;
  const sums = new Float64Array(width);
  const lower = text.toLowerCase();
  let shared = 0;
  let grams = 0;
  // Letter indices of the two previous characters of the current word (0: before its start).
  let before = 0;
  let last = 0;
  for (let i = 0; i <= lower.length; i++) {
    if (grams >= MAX_GRAMS && last === 0) break;
    const code = i < lower.length ? lower.charCodeAt(i) : SPACE;
    const letter = code < LETTER_TABLE_SIZE ? letters[code]! : 0;
    let unigram = -1;
    let bigram: number;
    let trigram = -1;
    if (letter > BOUNDARY_INDEX) {
      if (last === 0) last = BOUNDARY_INDEX;
      unigram = letter << 16;
      bigram = (last << 16) | (letter << 8);
      if (before !== 0) trigram = (before << 16) | (last << 8) | letter;
      before = last;
      last = letter;
    } else if (last !== 0) {
      // A word ends: the n-grams with its trailing boundary.
      bigram = (last << 16) | (BOUNDARY_INDEX << 8);
      if (before !== 0) trigram = (before << 16) | (last << 8) | BOUNDARY_INDEX;
      before = 0;
      last = 0;
    } else {
      continue;
    }
    for (let k = 0; k < 3; k++) {
      const packed = k === 0 ? unigram : k === 1 ? bigram : trigram;
      if (packed === -1) continue;
      grams++;
      let slot = Math.imul(packed, 0x9e3779b1) >>> shift;
      let key = table[slot << 1]!;
      while (key !== 0 && key !== packed) {
        slot = (slot + 1) & mask;
        key = table[slot << 1]!;
      }
      if (key === 0) continue;
      const row = table[(slot << 1) + 1]! - 1;
      shared += centres[row]!;
      const end = rowStart[row + 1]!;
      for (let e = rowStart[row]!; e < end; e++) sums[languages[e]!]! += gains[e]!;
    }
  }
  if (grams > 0) for (let l = 0; l < width; l++) sums[l] = (sums[l]! + shared) / grams + unseen[l]!;
  return { grams, logProbs: sums };
}

/**
 * The n-grams of `text` as the profiles spell them (`_` marks a word boundary): for each word,
 * its letters, and the bigrams and trigrams of the word padded with a boundary on each side. A
 * word is a run of Latin letters after lower-casing; apostrophes, digits and other scripts end
 * it. Used by scripts/lang-profiles.ts, so training and scoring cut text the same way.
 */
export function toGrams(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().split(/[^a-z\u00df-\u00f6\u00f8-\u024f\u1e00-\u1eff]+/u)) {
    if (word === "") continue;
    const padded = `${BOUNDARY}${word}${BOUNDARY}`;
    for (let i = 0; i < padded.length; i++) {
      if (i > 0 && i < padded.length - 1) out.push(padded[i]!);
      if (i + 2 <= padded.length) out.push(padded.slice(i, i + 2));
      if (i + 3 <= padded.length) out.push(padded.slice(i, i + 3));
    }
  }
  return out;
}

function isLatinLetter(code: number): boolean {
  if (code < 0x80) return code >= 97 && code <= 122;
  return (code >= 0xdf && code <= 0x24f && code !== 0xf7) || (code >= 0x1e00 && code <= 0x1eff);
}

// Built from the profiles in typed arrays, in two passes over their text, so that compiling
// leaves almost no garbage behind: peak RSS is what the daemon's budget is about.
function compileModel(): CompiledModel {
  const width = MODEL_LANGUAGES.length;
  if (width > 255) throw new Error("lang-model: more than 255 languages");
  const letters = new Uint8Array(LETTER_TABLE_SIZE);
  for (let code = 0; code < LETTER_TABLE_SIZE; code++) if (isLatinLetter(code)) letters[code] = UNKNOWN_INDEX;
  let nextLetter = BOUNDARY_INDEX + 1;
  const toLetterIndex = (code: number): number => {
    if (code === BOUNDARY.charCodeAt(0)) return BOUNDARY_INDEX;
    if (letters[code] === UNKNOWN_INDEX) {
      if (nextLetter >= UNKNOWN_INDEX) throw new Error("lang-model: more than 253 letters in the profiles");
      letters[code] = nextLetter++;
    }
    return letters[code]!;
  };

  const rows = new Map<number, number>();
  const totals = new Float64Array(width);
  MODEL_LANGUAGES.forEach((lang, l) =>
    forEachProfileGram(LANGUAGE_PROFILES[lang]!, toLetterIndex, (packed, count) => {
      if (!rows.has(packed)) rows.set(packed, rows.size);
      totals[l]! += count;
    }),
  );
  // What an n-gram adds over `unseen`: log((count + α) / α), 0 where the profile lacks it.
  const dense = new Float32Array(rows.size * width);
  MODEL_LANGUAGES.forEach((lang, l) =>
    forEachProfileGram(LANGUAGE_PROFILES[lang]!, toLetterIndex, (packed, count) => {
      dense[rows.get(packed)! * width + l] = Math.log((count + ALPHA) / ALPHA);
    }),
  );
  const unseen = new Float32Array(width);
  for (let l = 0; l < width; l++) unseen[l] = Math.log(ALPHA) - Math.log(totals[l]! + ALPHA * rows.size);

  let bits = 1;
  while (2 ** bits < rows.size * 2.5) bits++;
  const shift = 32 - bits;
  const table = new Int32Array(2 ** bits * 2);
  for (const [packed, row] of rows) {
    let slot = Math.imul(packed, 0x9e3779b1) >>> shift;
    while (table[slot << 1] !== 0) slot = (slot + 1) & (2 ** bits - 1);
    table[slot << 1] = packed;
    table[(slot << 1) + 1] = row + 1;
  }

  const centres = new Float32Array(rows.size);
  const rowStart = new Int32Array(rows.size + 1);
  let entries = 0;
  for (let row = 0; row < rows.size; row++) {
    centres[row] = toMode(dense, row * width, width);
    rowStart[row] = entries;
    for (let l = 0; l < width; l++) if (dense[row * width + l] !== centres[row]) entries++;
  }
  rowStart[rows.size] = entries;
  const languages = new Uint8Array(entries);
  const gains = new Float32Array(entries);
  for (let row = 0, e = 0; row < rows.size; row++) {
    for (let l = 0; l < width; l++) {
      const gain = dense[row * width + l]!;
      if (gain === centres[row]) continue;
      languages[e] = l;
      gains[e++] = gain - centres[row]!;
    }
  }
  return { letters, table, shift, centres, rowStart, languages, gains, unseen };
}

/** Calls `visit` with each n-gram of a profile (packed as the scorer packs it) and its count. */
function forEachProfileGram(
  profile: Readonly<Record<string, string>>,
  toLetterIndex: (code: number) => number,
  visit: (packed: number, count: number) => void,
): void {
  for (const [exponent, grams] of Object.entries(profile)) {
    // Each n-gram is stored under the power of two its count reached; the midpoint stands for it.
    const count = 1.5 * 2 ** Number(exponent);
    let packed = 0;
    let length = 0;
    for (let i = 0; i <= grams.length; i++) {
      const code = i < grams.length ? grams.charCodeAt(i) : SPACE;
      if (code !== SPACE) {
        packed = (packed << 8) | toLetterIndex(code);
        length++;
        continue;
      }
      if (length > 0) visit(packed << (8 * (3 - length)), count);
      packed = 0;
      length = 0;
    }
  }
}

/** The most frequent of values[from … from + length - 1] (the smallest among equally frequent ones). */
function toMode(values: Float32Array, from: number, length: number): number {
  let mode = values[from]!;
  let modeCount = 0;
  for (let i = from; i < from + length; i++) {
    let count = 0;
    for (let j = from; j < from + length; j++) if (values[j] === values[i]) count++;
    if (count > modeCount || (count === modeCount && values[i]! < mode)) {
      mode = values[i]!;
      modeCount = count;
    }
  }
  return mode;
}
