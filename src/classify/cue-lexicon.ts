/**
 * Compiles a LexiconSource into one phrase matcher whose payload says what each term does.
 * One matcher (not one per role) so the longest match decides: "no complaints" is praise, not
 * the negator "no" followed by the noun "complaints".
 */
import { loadAfinnEnglish } from "./lexicons/afinn.js";
import { english } from "./lexicons/en.js";
import { finnish } from "./lexicons/fi.js";
import { lithuanian } from "./lexicons/lt.js";
import { russian } from "./lexicons/ru.js";
import { parseList, parseWeightedLines, type LexiconSource } from "./lexicons/types.js";
import { PhraseMatcher } from "./phrase-matcher.js";

export interface Cue {
  /** AFINN scale, −5 … +5. */
  valence?: number;
  /** Complaint evidence weight. */
  problem?: number;
  negator?: true;
  /** Multiplier for the next sentiment word (1.3 booster, 0.7 diminisher). */
  scale?: number;
  contrast?: true;
  question?: true;
  sarcasm?: true;
  polite?: true;
}

export interface CueLexicon {
  lang: string;
  matcher: PhraseMatcher<Cue>;
  negationPrefix?: string;
}

const BOOST = 1.3;
const DIMINISH = 0.7;

export function compileLexicon(source: LexiconSource, base: Array<[string, number]> = []): CueLexicon {
  const cues = new Map<string, Cue>();
  const cueFor = (term: string): Cue => {
    const key = term.toLowerCase();
    let cue = cues.get(key);
    if (cue === undefined) {
      cue = {};
      cues.set(key, cue);
    }
    return cue;
  };
  // Base vocabulary first so the hand-written lines override it.
  for (const [term, value] of base) cueFor(term).valence = value;
  for (const [term, value] of parseWeightedLines(source.valence)) {
    const cue = cueFor(term);
    if (value === 0) delete cue.valence;
    else cue.valence = value;
  }
  for (const [term, weight] of parseWeightedLines(source.problems)) cueFor(term).problem = weight;
  for (const term of parseList(source.negators)) cueFor(term).negator = true;
  for (const term of parseList(source.boosters)) cueFor(term).scale = BOOST;
  for (const term of parseList(source.diminishers)) cueFor(term).scale = DIMINISH;
  for (const term of parseList(source.contrast)) cueFor(term).contrast = true;
  for (const term of parseList(source.questionWords)) cueFor(term).question = true;
  for (const term of parseList(source.sarcasm)) cueFor(term).sarcasm = true;
  for (const term of parseList(source.politeness)) cueFor(term).polite = true;
  const matcher = new PhraseMatcher<Cue>(source.lang, [...cues].map(([term, payload]) => ({ term, payload })));
  return source.negationPrefix === undefined
    ? { lang: source.lang, matcher }
    : { lang: source.lang, matcher, negationPrefix: source.negationPrefix };
}

/** The shipped lexicons, compiled once per classifier. */
export function compileDefaultLexicons(): Map<string, CueLexicon> {
  return new Map([
    ["en", compileLexicon(english, loadAfinnEnglish())],
    ["lt", compileLexicon(lithuanian)],
    ["ru", compileLexicon(russian)],
    ["fi", compileLexicon(finnish)],
  ]);
}

/**
 * Emoji and emoticons, language-independent. 👏 and 🙄 are mildly positive/negative here; next
 * to a reported problem the sentiment step reads them as sarcasm markers.
 */
export const SYMBOL_VALENCE: ReadonlyMap<string, number> = new Map([
  ...["😡", "🤬", "😠", "💩", "🤮", "🤢", "👎", "😤", "🖕"].map((s) => [s, -3] as const),
  ...["😢", "😭", "😞", "😔", "☹", "☹️", "🙁", "😩", "😫", "🤦", "🤦‍♂️", "🤦‍♀️", "😱", "💔", "❌", "😒", "😑"].map((s) => [s, -2] as const),
  ...["🙄", "😐", "🤷", "🤷‍♂️", "🤷‍♀️", "😕", "😬", "🙃"].map((s) => [s, -1] as const),
  ...["👋", "👏", "😅", "🤔"].map((s) => [s, 0.5] as const),
  ...["🙂", "😉", "✅", "⭐", "🌟", "👌", "🙏", "😂", "🤣", "😆"].map((s) => [s, 1.5] as const),
  ...["👍", "💪", "🎉", "🥳", "😊", "😀", "😃", "😄", "😁", "🔥", "💯", "✨", "🤩"].map((s) => [s, 2] as const),
  ...["❤", "❤️", "😍", "🥰", "💖", "💕", "💙", "💚", "😻", "🏆"].map((s) => [s, 3] as const),
  ...[":)", ":-)", "=)", ":]", ";)", ";-)", ":p", ":P", ":-P"].map((s) => [s, 1.5] as const),
  ...[":D", ":-D", "=D", ";D", "xD", "XD", "<3", "^^", "^_^"].map((s) => [s, 2.5] as const),
  ...[":*", ":-*", ";*"].map((s) => [s, 2] as const),
  ...[":(", ":-(", "=(", ":[", ":'(", ":/", ":-/", ":\\", ":|"].map((s) => [s, -2] as const),
  // Russian social media smiles with brackets alone: "))" happy, "((" sad.
  ...["))", ")))", "))))", "(((", "((", "(((("].map((s) => [s, s.startsWith(")") ? 2 : -2] as const),
]);

/** Symbols that, beside a reported problem, mean the praise around them is ironic. */
export const SARCASM_SYMBOLS: ReadonlySet<string> = new Set(["👏", "🙄", "🙃", "😒", "🤡"]);
