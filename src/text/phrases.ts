/**
 * Phrases for the digest's themes (digest/themes.ts): the 1–4-word n-grams of a text over folded,
 * stemmed words, keyed so that inflected and diacritic-less spellings meet ("kortelė atmesta",
 * "kortele atmesta" and "kortelės atmestos" share a key), each with the wording it was written in.
 *
 * An n-gram never crosses punctuation, a number, a URL, a handle or an emoji (those end a
 * clause or differ from mention to mention: order numbers, amounts), never includes a brand term
 * (every complaint names the brand, so it says nothing about the problem), and never starts or
 * ends on a stop word ("charged twice for one order" keeps its "for"; "for one" is no phrase).
 */
import { foldTerm } from "./fold.js";
import { stemWord } from "./stem.js";
import { isStopWord } from "./stop-words.js";
import { tokenize } from "./tokenize.js";

/** Longest phrase, in words. */
export const MAX_PHRASE_WORDS = 4;

export interface Phrase {
  /** Stems joined by single spaces: the identity phrases are counted under. */
  key: string;
  /** The words as written (lower-cased, whitespace collapsed): what a reader is shown. */
  surface: string;
}

export interface PhraseMatcher {
  /** The distinct phrases of `text` (first wording of each), in order of appearance. */
  toPhrases(text: string, lang: string | null): Phrase[];
}

/** Inflected brand names ("Nordviko", "Nordvikin") carry at most this many letters after the term, as in terms.ts. */
const MAX_BRAND_INFLECTION = 4;

/**
 * A phrase extractor that leaves out `brandTerms` (the config's `brand.terms`; multi-word terms
 * exclude each of their words) and, per language, the stop words of stop-words.ts.
 */
export function createPhraseMatcher(brandTerms: readonly string[] = [], maxWords = MAX_PHRASE_WORDS): PhraseMatcher {
  if (!Number.isInteger(maxWords) || maxWords < 1) throw new RangeError(`phrases: maxWords must be a positive integer, got ${maxWords}`);
  const brandWords = [...new Set(brandTerms.flatMap((t) => foldTerm(t).split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 2))];
  const isBrand = (word: string) => brandWords.some((b) => word.startsWith(b) && word.length - b.length <= MAX_BRAND_INFLECTION);
  return {
    toPhrases(text, lang) {
      const language = lang ?? "und";
      const { tokens } = tokenize(text);
      const phrases: Phrase[] = [];
      const seen = new Set<string>();
      // The current run of words between breaks: stems, stop-word flags and offsets.
      let run: Array<{ stem: string; stop: boolean; start: number; end: number }> = [];
      const flush = () => {
        for (let i = 0; i < run.length; i++) {
          if (run[i]!.stop) continue;
          let key = "";
          for (let n = 1; n <= maxWords && i + n <= run.length; n++) {
            const last = run[i + n - 1]!;
            key = n === 1 ? last.stem : `${key} ${last.stem}`;
            if (last.stop || seen.has(key)) continue;
            seen.add(key);
            phrases.push({ key, surface: text.slice(run[i]!.start, last.end).replace(/\s+/gu, " ").toLowerCase() });
          }
        }
        run = [];
      };
      for (const token of tokens) {
        if (token.kind !== "word" || isBrand(token.norm)) {
          flush();
          continue;
        }
        run.push({ stem: stemWord(language, token.norm), stop: token.norm.length < 2 || isStopWord(language, token.norm), start: token.start, end: token.end });
      }
      flush();
      return phrases;
    },
  };
}
