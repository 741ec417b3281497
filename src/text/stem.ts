/**
 * Snowball stemming per language (@orama/stemmers), used so a vocabulary word matches its
 * inflected forms: "refund" ~ "refunded", "garantija" ~ "garantijos", "доставка" ~ "доставку",
 * "palautus" ~ "palautuksen". Input is folded text, the same on both sides of a comparison.
 */
import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stemmer as stemFinnish } from "@orama/stemmers/finnish";
import { stemmer as stemLithuanian } from "@orama/stemmers/lithuanian";
import { stemmer as stemRussian } from "@orama/stemmers/russian";

const stemmers: Record<string, (word: string) => string> = {
  en: stemEnglish,
  fi: stemFinnish,
  lt: stemLithuanian,
  ru: stemRussian,
};

// Stemming dominates tokenising cost; a bounded memo per language keeps it off the hot path.
const memoLimit = 50_000;
const memos = new Map<string, Map<string, string>>();

/** The stem of a folded word, or the word itself for languages without a stemmer. */
export function stemWord(lang: string, word: string): string {
  const stem = stemmers[lang];
  if (stem === undefined || word.length < 4) return word;
  let memo = memos.get(lang);
  if (memo === undefined) {
    memo = new Map();
    memos.set(lang, memo);
  }
  const cached = memo.get(word);
  if (cached !== undefined) return cached;
  const result = stem(word);
  if (memo.size >= memoLimit) memo.clear();
  memo.set(word, result);
  return result;
}

export function hasStemmer(lang: string): boolean {
  return lang in stemmers;
}
