/**
 * Matches vocabulary phrases against a tokenised text. One engine serves the sentiment
 * lexicons and the taxonomy, so both use the same term syntax (documented for users in
 * docs/classifier.md):
 *
 *   refund        the word or any word with the same Snowball stem (refunds, refunded)
 *   refund*       any word starting with "refund" (written folded or not: "grąžin*" = "grazin*")
 *   #             any number ("# minutes on hold")
 *   ?             any one word ("took ? weeks")
 *   ~             up to three words ("no ~ reply" matches "no reply", "no real reply yet")
 *
 * Words are folded (lower case, no diacritics) on both sides. A phrase never crosses a
 * sentence end (. ! ? ;), so "…was late. Not happy" cannot match "late not".
 */
import { foldTerm } from "../text/fold.js";
import { stemWord } from "../text/stem.js";
import type { TokenizedText } from "../text/tokenize.js";

type WordPattern =
  | { type: "exact"; word: string; stem: string }
  | { type: "prefix"; prefix: string }
  | { type: "number" }
  | { type: "any" }
  | { type: "gap" };

interface CompiledTerm<P> {
  term: string;
  patterns: WordPattern[];
  payload: P;
  /** Letters fixed by the term; breaks ties between equally long matches ("hyvin" over "hyv*"). */
  specificity: number;
}

/** A word or number of the text, in order; what phrases are matched against. */
export interface Slot {
  norm: string;
  isNumber: boolean;
  start: number;
  end: number;
  /** Sentence index: phrases stay within one sentence. */
  sentence: number;
  shouted: boolean;
  /** Index of the token in TokenizedText.tokens. */
  tokenIndex: number;
  stem?: string;
}

export interface PhraseHit<P> {
  term: string;
  payload: P;
  /** Slot indices, inclusive. */
  first: number;
  last: number;
  /** Character offsets into the original text. */
  start: number;
  end: number;
}

const GAP_MAX_WORDS = 3;
/**
 * Shortest stem that may decide a match. Snowball over-conflates short words, worst in the
 * inflected languages ("достать"/"достал" → "доста", "valio"/"val"), whose vocabularies are
 * written with explicit prefixes anyway; there stems only join long words.
 */
const MIN_STEM_LETTERS_BY_LANG: Record<string, number> = { en: 5 };
const MIN_STEM_LETTERS_DEFAULT = 6;
const PREFIX_KEY_LETTERS = 3;
const START_MEMO_LIMIT = 50_000;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Thrown for a term that cannot be compiled; parseTaxonomy turns it into a ConfigError. */
export class TermSyntaxError extends Error {}

/** Builds the slot list of a text once; every matcher for that language reuses it. */
export function toSlots(tokenized: TokenizedText): Slot[] {
  const slots: Slot[] = [];
  let sentence = 0;
  tokenized.tokens.forEach((token, tokenIndex) => {
    if (token.kind === "punct") {
      if (endsSentence(tokenized.text, token.norm, token.end)) sentence++;
      return;
    }
    if (token.kind !== "word" && token.kind !== "number") return;
    slots.push({
      norm: token.norm,
      isNumber: token.kind === "number",
      start: token.start,
      end: token.end,
      sentence,
      shouted: token.shouted,
      tokenIndex,
    });
  });
  return slots;
}

/**
 * "!", "?", ";" and "…" end a sentence; a period only when a capital follows, because
 * abbreviations are everywhere in these texts ("el. paštu", "Nr. 5", "min. 30", "St. Mary").
 */
export function endsSentence(text: string, punct: string, end: number): boolean {
  if (/[!?;…]/.test(punct)) return true;
  if (!punct.includes(".")) return false;
  const next = /\S/u.exec(text.slice(end, end + 4));
  if (next === null) return true;
  const char = next[0];
  return char !== char.toLowerCase();
}

export class PhraseMatcher<P> {
  readonly lang: string;
  private readonly minStem: number;
  // Terms are indexed by their first word so a text word meets only terms that can start
  // there: literal first words by the word and by its stem, prefixes by their first letters.
  private readonly byWord = new Map<string, CompiledTerm<P>[]>();
  private readonly byStem = new Map<string, CompiledTerm<P>[]>();
  private readonly byPrefixKey = new Map<string, CompiledTerm<P>[]>();
  private readonly numberTerms: CompiledTerm<P>[] = [];
  // Word → terms whose first word matches it. Customer texts reuse a small vocabulary, so most
  // lookups hit this memo and skip the index, the stemmer and the first-word check.
  private readonly startsByWord = new Map<string, CompiledTerm<P>[]>();

  constructor(lang: string, entries: Iterable<{ term: string; payload: P }>) {
    this.lang = lang;
    this.minStem = MIN_STEM_LETTERS_BY_LANG[lang] ?? MIN_STEM_LETTERS_DEFAULT;
    for (const { term, payload } of entries) this.add(term, payload);
  }

  add(term: string, payload: P): void {
    this.startsByWord.clear();
    const patterns = compileTerm(term, this.lang);
    const compiled: CompiledTerm<P> = { term, patterns, payload, specificity: specificityOf(patterns) };
    const first = compiled.patterns[0]!;
    if (first.type === "number") {
      this.numberTerms.push(compiled);
    } else if (first.type === "exact") {
      push(this.byWord, first.word, compiled);
      if (first.stem.length >= this.minStem) push(this.byStem, first.stem, compiled);
    } else if (first.type === "prefix") {
      push(this.byPrefixKey, first.prefix.slice(0, PREFIX_KEY_LETTERS), compiled);
    }
  }

  /** Every match of every term (overlaps allowed), in text order. */
  findAll(slots: Slot[]): PhraseHit<P>[] {
    const hits: PhraseHit<P>[] = [];
    const candidates: CompiledTerm<P>[] = [];
    for (let i = 0; i < slots.length; i++) {
      for (const candidate of this.startsAt(slots[i]!, candidates)) {
        const last = this.matchRest(slots, i, candidate.patterns);
        if (last >= 0) hits.push(toHit(candidate, slots, i, last));
      }
    }
    return hits;
  }

  /** Longest match at each position, left to right, without overlaps ("not bad" beats "bad"). */
  findLongest(slots: Slot[]): PhraseHit<P>[] {
    const hits: PhraseHit<P>[] = [];
    const candidates: CompiledTerm<P>[] = [];
    for (let i = 0; i < slots.length; i++) {
      let best: CompiledTerm<P> | undefined;
      let bestLast = -1;
      let bestSpecificity = -1;
      for (const candidate of this.startsAt(slots[i]!, candidates)) {
        const last = this.matchRest(slots, i, candidate.patterns);
        if (last < 0 || last < bestLast) continue;
        // Equal length: a literal match beats a stem match ("please" is not "pleased"), then the
        // more specific term wins ("hyvin" over "hyv*").
        const specificity = candidate.specificity + (isLiteral(candidate, slots, i) ? 100 : 0);
        if (last > bestLast || specificity > bestSpecificity) {
          best = candidate;
          bestLast = last;
          bestSpecificity = specificity;
        }
      }
      if (best !== undefined) {
        hits.push(toHit(best, slots, i, bestLast));
        i = bestLast;
      }
    }
    return hits;
  }

  /** Terms whose first word matches the slot; memoised per word (numbers use `scratch`). */
  private startsAt(slot: Slot, scratch: CompiledTerm<P>[]): CompiledTerm<P>[] {
    if (slot.isNumber) {
      this.collectCandidates(slot, scratch);
      return scratch;
    }
    const cached = this.startsByWord.get(slot.norm);
    if (cached !== undefined) return cached;
    const candidates: CompiledTerm<P>[] = [];
    this.collectCandidates(slot, candidates);
    const starts = candidates.filter((term) => this.matchesWord(slot, term.patterns[0]!));
    if (this.startsByWord.size >= START_MEMO_LIMIT) this.startsByWord.clear();
    this.startsByWord.set(slot.norm, starts);
    return starts;
  }

  /** Matches the patterns after the first (already known to match slot `index`). */
  private matchRest(slots: Slot[], index: number, patterns: WordPattern[]): number {
    return patterns.length === 1 ? index : this.matchFrom(slots, index + 1, patterns, 1);
  }

  /** Fills `out` with the terms that may start at `slot`. */
  private collectCandidates(slot: Slot, out: CompiledTerm<P>[]): void {
    out.length = 0;
    const word = slot.norm;
    const literal = this.byWord.get(word);
    if (literal) for (const term of literal) out.push(term);
    if (slot.isNumber) {
      for (const term of this.numberTerms) out.push(term);
      return;
    }
    if (word.length > this.minStem && this.byStem.size > 0) {
      slot.stem ??= stemWord(this.lang, word);
      const stemmed = slot.stem !== word ? this.byStem.get(slot.stem) : undefined;
      if (stemmed) for (const term of stemmed) if ((term.patterns[0] as { word: string }).word !== word) out.push(term);
    }
    if (this.byPrefixKey.size === 0) return;
    const maxKey = Math.min(PREFIX_KEY_LETTERS, word.length);
    for (let length = 2; length <= maxKey; length++) {
      const bucket = this.byPrefixKey.get(word.slice(0, length));
      if (bucket) for (const term of bucket) out.push(term);
    }
  }

  /** Returns the index of the last slot matched, or -1. */
  private matchFrom(slots: Slot[], index: number, patterns: WordPattern[], p: number): number {
    const pattern = patterns[p]!;
    const isLast = p === patterns.length - 1;
    if (pattern.type === "gap") {
      for (let skip = 0; skip <= GAP_MAX_WORDS; skip++) {
        const at = index + skip;
        if (at >= slots.length || (skip > 0 && slots[at]!.sentence !== slots[index - 1]?.sentence)) break;
        const end = this.matchFrom(slots, at, patterns, p + 1);
        if (end >= 0) return end;
      }
      return -1;
    }
    const slot = slots[index];
    if (slot === undefined) return -1;
    if (p > 0 && slot.sentence !== slots[index - 1]!.sentence) return -1;
    if (!this.matchesWord(slot, pattern)) return -1;
    return isLast ? index : this.matchFrom(slots, index + 1, patterns, p + 1);
  }

  private matchesWord(slot: Slot, pattern: WordPattern): boolean {
    switch (pattern.type) {
      case "number":
        return slot.isNumber;
      case "any":
        return true;
      case "prefix":
        return !slot.isNumber && slot.norm.startsWith(pattern.prefix);
      case "exact":
        if (slot.isNumber) return slot.norm === pattern.word;
        if (slot.norm === pattern.word) return true;
        // Short stems collide ("valio"/"val", "used"/"useful"), so stems decide only for words
        // long enough to have a real ending.
        if (pattern.stem.length < this.minStem || slot.norm.length <= this.minStem) return false;
        if (slot.norm.charCodeAt(0) !== pattern.word.charCodeAt(0)) return false;
        slot.stem ??= stemWord(this.lang, slot.norm);
        return slot.stem === pattern.stem;
      default:
        return false;
    }
  }
}

function isLiteral<P>(term: CompiledTerm<P>, slots: Slot[], first: number): boolean {
  return term.patterns.every((pattern, k) => pattern.type !== "exact" || slots[first + k]?.norm === pattern.word);
}

function specificityOf(patterns: WordPattern[]): number {
  let total = 0;
  for (const pattern of patterns) {
    if (pattern.type === "exact") total += pattern.word.length + 1;
    else if (pattern.type === "prefix") total += pattern.prefix.length;
    else if (pattern.type === "number") total += 1;
  }
  return total;
}

function toHit<P>(term: CompiledTerm<P>, slots: Slot[], first: number, last: number): PhraseHit<P> {
  return { term: term.term, payload: term.payload, first, last, start: slots[first]!.start, end: slots[last]!.end };
}

/** Parses one term of the syntax above; throws TermSyntaxError. */
export function compileTerm(term: string, lang: string): WordPattern[] {
  // Punctuation around words is decoration ("el. paštu", "'unlimited'"); a lone "?" is the wildcard.
  const words = foldTerm(term)
    .split(/\s+/u)
    .map((w) => (w === "?" ? w : w.replace(/^[,.!?;:"']+|[,.!?;:"']+$/gu, "")))
    .filter((w) => w.length > 0);
  if (words.length === 0) throw new TermSyntaxError(`empty term "${term}"`);
  const patterns = words.map((word): WordPattern => {
    if (word === "#") return { type: "number" };
    if (word === "?") return { type: "any" };
    if (word === "~") return { type: "gap" };
    if (word.endsWith("*")) {
      const prefix = word.slice(0, -1);
      if (prefix.length < 2 || prefix.includes("*")) throw new TermSyntaxError(`prefix "${word}" in "${term}" needs at least 2 letters before *`);
      return { type: "prefix", prefix };
    }
    if (word.includes("*")) throw new TermSyntaxError(`"*" may only end a word, in "${term}"`);
    return { type: "exact", word, stem: stemWord(lang, word) };
  });
  const first = patterns[0]!;
  if (first.type === "any" || first.type === "gap") throw new TermSyntaxError(`term "${term}" cannot start with "?" or "~"`);
  if (patterns[patterns.length - 1]!.type === "gap") throw new TermSyntaxError(`term "${term}" cannot end with "~"`);
  return patterns;
}
