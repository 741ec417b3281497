/**
 * Language identification for short customer texts. A fast scorer handles the four languages
 * earshot ships vocabularies for (script, letters that only one of them uses, function words,
 * typical endings); eld's n-gram model is the fallback when that scorer is unsure, so other
 * languages come back as their own code and unreadable text as `und`.
 *
 * Why not eld for everything: it runs at ~10,000 texts/s here, half the budget of the whole
 * classify step, and it confuses informal Russian with Bulgarian/Ukrainian on short texts.
 */
import { eld } from "eld/small";
import type { Token } from "./tokenize.js";

export type LangMethod = "declared" | "script" | "words" | "model" | "none";

export interface LanguageGuess {
  /** ISO 639-1 code, or `und`. */
  lang: string;
  /** In [0, 1]; 1 for a declared language. */
  confidence: number;
  method: LangMethod;
}

/** Languages this scorer can tell apart without the model (Latin script; Cyrillic is ru). */
type ScoredLang = "en" | "lt" | "fi";

// Frequent words, folded. Chosen from grammar (pronouns, auxiliaries, conjunctions, negation,
// question words) and informal spelling (fi "mä", "oo", "ku"; lt without diacritics), which
// carry the signal in five-word posts. Words shared between the languages are left out.
const FUNCTION_WORDS: Record<ScoredLang, readonly string[]> = {
  en: (
    "the and is are was were to of an in on for with my your it its it's this that i'm i've i'd you they " +
    "not no but have has had been just what how why can can't don't didn't won't doesn't isn't wasn't " +
    "at from by me we so still again any anyone every after about or do does there their get got all " +
    "would will said who which when thanks thank please hi hello yet only our us them than very really"
  ).split(" "),
  lt: (
    "ir yra kad ne nes bet su jau man mano buvo tai kaip kur dar labai ar per nuo del dėl jei kai tik vis net " +
    "nei kas gal jis ji aciu sveiki nera negaliu tiesiog visai savo jusu jūsų musu kiek kodel apie prie uz " +
    "pas jokio jokiu niekas dabar siandien vel vėl jau bus butu yra esu buvau turiu reikia galima nieko " +
    "kazkas kažkas laba diena ačiū prašau prasau jus mes jie cia čia ten toks tokia kuris kuri visi viska viską"
  ).split(" "),
  fi: (
    "ja on ei se etta että ma mä sa sä oo ku kun mutta jo nyt vaan ole oli olen olisi ollut en et ette eivat eivät " +
    "tai kuin niin myos myös viela vielä taas mika mikä miksi miten kuka joka jos koska siita siitä tama tämä " +
    "mun mulle mulla minun mina minä sina sinä te he me kiitos hei onko voi ihan tosi vaikka pitaa pitää kanssa " +
    "jalkeen jälkeen ennen asti sitten kylla kyllä taa tää toi noi eika eikä mitaan mitään olla ovat oon oli " +
    "jotain joku mitä missä mista mistä saa saanut kaikki yksi kaksi paivaa päivää viikko"
  ).split(" "),
};

const WORD_LANGS = new Map<string, ScoredLang>();
for (const lang of ["en", "lt", "fi"] as const) {
  for (const word of FUNCTION_WORDS[lang]) WORD_LANGS.set(foldWord(word), lang);
}

function foldWord(word: string): string {
  return word.toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "");
}

// Endings of the folded word that are frequent in one language and rare in the others.
const SUFFIXES: Record<ScoredLang, readonly string[]> = {
  en: ["ing", "tion", "ed", "ly", "'s", "'t"],
  lt: ["as", "is", "ys", "us", "ai", "iai", "ti", "iu", "ams", "ams", "omis", "tis", "ejo", "ojo", "uos", "ios", "ose", "yje", "oje"],
  fi: ["ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "nen", "inen", "kin", "kaan", "ään", "aan", "ista", "isti", "mme", "tte", "ssa"],
};

const SUFFIX_PATTERNS: Record<ScoredLang, RegExp> = {
  en: new RegExp(`(?:${SUFFIXES.en.join("|")})$`),
  lt: new RegExp(`(?:${SUFFIXES.lt.join("|")})$`),
  fi: new RegExp(`(?:${SUFFIXES.fi.map((s) => foldWord(s)).join("|")})$`),
};
const FINNISH_DOUBLES = /([aeiouy])\1|kk|tt|pp/;
const ENGLISH_CLUSTERS = /th|wh|sh|ee|ck|w/;

// Letters typed only by one of the three (before folding).
const LT_ONLY = /[ąęėįųūĄĘĖĮŲŪ]/g;
const LT_CODES = new Set([..."ąčęėįšųūžĄČĘĖĮŠŲŪŽ"].map((c) => c.charCodeAt(0)));
const FI_CODES = new Set([..."äöåÄÖÅ"].map((c) => c.charCodeAt(0)));
const NON_RUSSIAN_CYRILLIC = /[іїєґўІЇЄҐЎ]/u;

/**
 * Picks the language of a text. A declared language (feed `<language>`, API field) wins: the
 * issue asks that sources stating it reliably are trusted over detection.
 */
export function detectLanguage(text: string, tokens: readonly Token[], declared?: string): LanguageGuess {
  const declaredCode = toLanguageCode(declared);
  if (declaredCode !== undefined) return { lang: declaredCode, confidence: 1, method: "declared" };

  const { cyrillic, latin, ltLetters, fiLetters } = countLetters(text);
  if (cyrillic === 0 && latin === 0) return askModel(text);
  if (cyrillic > latin) {
    // Ukrainian, Belarusian and Bulgarian share the script; their own letters send them to the model.
    if (NON_RUSSIAN_CYRILLIC.test(text)) return askModel(text);
    return { lang: "ru", confidence: Math.min(1, cyrillic / (cyrillic + latin + 1)), method: "script" };
  }
  return scoreLatin(text, tokens, ltLetters, fiLetters);
}

// Word → [en, lt, fi] evidence. Pure and heavily repeated across texts, so memoised (bounded).
const wordScores = new Map<string, readonly [number, number, number]>();
const WORD_MEMO_LIMIT = 50_000;

function scoreWord(word: string): readonly [number, number, number] {
  const cached = wordScores.get(word);
  if (cached !== undefined) return cached;
  const score = [0, 0, 0] as [number, number, number];
  const lang = WORD_LANGS.get(word);
  if (lang !== undefined) score[LANG_INDEX[lang]] += 2;
  if (word.length >= 4) {
    if (SUFFIX_PATTERNS.en.test(word)) score[0] += 0.5;
    if (SUFFIX_PATTERNS.lt.test(word)) score[1] += 0.5;
    if (SUFFIX_PATTERNS.fi.test(word)) score[2] += 0.5;
    // Finnish doubles its vowels and stops ("ei oo", "jonotin tunnin", "paketti").
    if (FINNISH_DOUBLES.test(word)) score[2] += 0.5;
    if (ENGLISH_CLUSTERS.test(word)) score[0] += 0.5;
  }
  if (wordScores.size >= WORD_MEMO_LIMIT) wordScores.clear();
  wordScores.set(word, score);
  return score;
}

const LANG_INDEX: Record<ScoredLang, 0 | 1 | 2> = { en: 0, lt: 1, fi: 2 };

/** One pass over the text: script counts and the letters only Lithuanian or Finnish use. */
function countLetters(text: string): { cyrillic: number; latin: number; ltLetters: number; fiLetters: number } {
  let cyrillic = 0;
  let latin = 0;
  let ltLetters = 0;
  let fiLetters = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin++;
    } else if (code >= 0x400 && code <= 0x4ff) {
      cyrillic++;
    } else if (code >= 0xc0 && code <= 0x24f) {
      latin++;
      if (LT_CODES.has(code)) ltLetters++;
      else if (FI_CODES.has(code)) fiLetters++;
    }
  }
  return { cyrillic, latin, ltLetters, fiLetters };
}

function scoreLatin(text: string, tokens: readonly Token[], ltLetters: number, fiLetters: number): LanguageGuess {
  // ą ę ė į ų ū occur in no other language with a Latin alphabet: two of them settle it.
  if (fiLetters === 0 && hasTwoMatches(text, LT_ONLY)) return { lang: "lt", confidence: 0.95, method: "words" };
  const score: Record<ScoredLang, number> = { en: 0, lt: 1.5 * ltLetters, fi: 1.5 * fiLetters };
  for (const token of tokens) {
    if (token.kind !== "word") continue;
    const [en, lt, fi] = scoreWord(token.norm);
    score.en += en;
    score.lt += lt;
    score.fi += fi;
  }
  const ranked = (Object.entries(score) as Array<[ScoredLang, number]>).sort((a, b) => b[1] - a[1]);
  const [best, second] = [ranked[0]!, ranked[1]!];
  const margin = best[1] - second[1];
  if (best[1] >= 3 && margin >= 2) {
    return { lang: best[0], confidence: Math.min(1, margin / best[1] + 0.3), method: "words" };
  }
  const model = askModel(text);
  if (model.lang !== "und") return model;
  return best[1] > 0 && margin > 0 ? { lang: best[0], confidence: 0.3, method: "words" } : model;
}

function askModel(text: string): LanguageGuess {
  const result = eld.detect(text);
  if (result.language === "") return { lang: "und", confidence: 0, method: "none" };
  const scores = result.getScores();
  const top = scores[result.language] ?? 0;
  return { lang: result.language, confidence: result.isReliable() ? Math.min(1, 0.5 + top) : 0.3, method: "model" };
}

function hasTwoMatches(text: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  return pattern.exec(text) !== null && pattern.exec(text) !== null;
}

/** "en-GB" → "en", "LT" → "lt"; undefined for blanks and non-codes. */
export function toLanguageCode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const primary = value.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return /^[a-z]{2,3}$/.test(primary) && primary !== "und" ? primary : undefined;
}
