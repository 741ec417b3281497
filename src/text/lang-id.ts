/**
 * Language identification for short customer texts, in one process-wide table of about 1 MB.
 *
 * - Script first: Cyrillic is Russian unless letters or function words of Ukrainian,
 *   Belarusian, Bulgarian, Serbian, Macedonian or Kazakh say otherwise; Greek, Arabic, Hebrew,
 *   CJK… are named by their script.
 * - Latin script: a word scorer for the three Latin languages earshot ships vocabularies for
 *   (en/lt/fi: letters only one of them uses, function words, typical endings) and a character
 *   n-gram model (`lang-model.ts`) of 22 European languages. The scorer decides between en, lt
 *   and fi; the model overrules it only when another language is clearly more probable (Latvian
 *   read as Lithuanian, Estonian or Swedish as Finnish) and answers when the scorer is unsure.
 *   A confident scorer is checked only when the text has a letter none of en/lt/fi writes or a
 *   function word of another language.
 * - Nothing readable, or too little to tell: `und`.
 *
 * Languages other than en/lt/ru/fi come back as their own ISO 639-1 code; the classifier reads
 * them with its fallback vocabulary and the digest lists them under that code.
 *
 * Why not a general-purpose detector: eld's n-gram tables cost +67 MB in every classifying
 * process (+126 MB at peak while loading), it confused informal Russian with Bulgarian and
 * Ukrainian, and Finnish with Estonian; the measurements are in docs/performance.md.
 */
import { foldText } from "./fold.js";
import { MODEL_LANGUAGES, scoreLanguages, type LanguageScores } from "./lang-model.js";
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

// Function words of other Latin-script languages, for texts the scorer would otherwise read as
// en/lt/fi ("pakk pole siiani kohal, keegi ei vasta" has Finnish "ei" and ä-less Estonian). Each
// was checked against cx-dev, the bench corpus, VADER and FinnSentiment: none occurs there more
// than once in 10,000 words (words like et "olen", lv "vai", cs "se" that do were left out), and
// none is one of the en/lt/fi function words above (fr "pas", lv "mēs" are Lithuanian words too).
const OTHER_FUNCTION_WORDS: Record<string, string> = {
  de:
    "und nicht ist ich das der dem den ein eine einen mit auf für sich auch noch nur aber wie warum sehr " +
    "kann bitte danke keine kein schon immer heute nichts wird bei zum zur dass oder wenn mein meine sind " +
    "haben habe seit nach wurde wurden werden mir mich uns euch ihr ihnen gibt jetzt leider wieder " +
    "einfach alles gut es",
  nl:
    "het een niet ik van dat op zijn voor met maar ook nog geen wel heel mijn waarom bedankt hoe niks " +
    "steeds sinds gewoon echt moet heb hebben wordt werd nooit graag jullie zij bij naar deze dit niemand " +
    "iets weet",
  fr:
    "le la les des une est je il elle nous vous que qui pour avec dans sur mais ou très merci toujours " +
    "rien personne c'est j'ai n'est depuis encore aussi jamais mon votre vos sont été fait comme non",
  es:
    "el la los las que por para con una es está muy pero gracias todavía nada nadie porque qué cómo hay " +
    "ya sin mi mis sus fue pedido estoy esta este",
  it:
    "il la le che non con sono una della delle degli ancora grazie perché niente nessuno molto anche mio " +
    "mia questo questa sempre ho hanno stato mi",
  pt:
    "não que por uma para muito obrigado obrigada ainda nada ninguém porque você está estou meu minha " +
    "isso até foi são também sempre",
  pl:
    "nie jest się że jak ale już tak czy mnie jestem bardzo dziękuję proszę dlaczego nadal nic nikt też " +
    "tylko jeszcze który gdzie kiedy polecam był była było żeby na",
  lv:
    "un nav par es viņš tikai paldies lūdzu kāpēc nekas neviens ļoti visu savu mans mana manu lai pie " +
    "līdz pēc šis joprojām arī bija viņi viss",
  et:
    "pole keegi ikka siiani juba veel midagi aitäh kuidas kõik väga mul sul meil aga mis kui kus kes tere " +
    "palun ainult nüüd homme mitte oled oleme ning seda selle",
  sv:
    "och inte jag har med det som på att ingen varför hur vad mycket också vill måste ska fortfarande " +
    "sedan inget något bara när efter kommer kunde",
  da:
    "ikke og jeg det til på med har hvorfor hvordan stadig ingen noget tak vil skal gerne efter mig meget " +
    "også bare",
  no:
    "ikke og jeg det til på med har hvorfor hvordan fortsatt ingen noe takk vil skal gjerne etter meg " +
    "veldig også bare",
  cs: "je na že jsem není ale jak proč děkuji nic nikdo pořád ještě mám byl byla bylo jsou velmi",
  hu: "és hogy egy nem nincs köszönöm mindig csak már még meg az",
  tr: "ve bir bu için çok ama değil hiç hala teşekkürler neden nasıl daha gibi kimse ile",
  ro: "și este sunt pentru foarte mulțumesc încă nimeni nimic din",
};
const OTHER_WORD_LANGS = new Map<string, string[]>();
for (const [lang, words] of Object.entries(OTHER_FUNCTION_WORDS)) {
  for (const word of words.split(" ")) OTHER_WORD_LANGS.set(foldWord(word), [...(OTHER_WORD_LANGS.get(foldWord(word)) ?? []), lang]);
}
/** Function words of one other language that make its case, when the model agrees. */
const MIN_OTHER_WORDS = 2;

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

// Letters typed only by one of the three (before folding). ė į ų are Lithuanian alone; ą ę are
// Polish too and ū Latvian, so those only add to Lithuanian's score.
const LT_ONLY = /[ėįųĖĮŲ]/g;
const LT_CODES = new Set([..."ąčęėįšųūžĄČĘĖĮŠŲŪŽ"].map((c) => c.charCodeAt(0)));
const FI_CODES = new Set([..."äöåÄÖÅ"].map((c) => c.charCodeAt(0)));
const SCORED_LANGS: ReadonlySet<string> = new Set<ScoredLang>(["en", "lt", "fi"]);

/**
 * How much more probable per n-gram (natural log) another language must make a text before the
 * model overrules a confident word scorer. Measured on cx-dev, the bench corpus and the public
 * en/fi sets: genuine en/lt/fi texts stay below 0.35 (the exceptions are Swedish and Estonian
 * lines inside FinnSentiment, which the model gets right); Latvian, Estonian, Swedish, Polish,
 * Dutch… read as ours mostly score 0.5–1.9.
 */
const OVERRULE_MARGIN = 0.45;
/**
 * When the scorer is unsure, the lead another language needs over the best of en/lt/fi: per
 * n-gram and in total. Chosen on the same sets: it calls 1.3% of the en/lt/fi texts the scorer is
 * unsure of another language (a word or two: "wow!", "its quiet."; or genuinely foreign lines),
 * and catches 94 of 103 other-language probes the scorer was unsure of.
 */
const UNSURE_MARGIN = 0.3;
const UNSURE_TOTAL_MARGIN = 20;
/**
 * When the scorer leans to one of en/lt/fi and the model to another, the model's per-n-gram lead
 * that makes it win. It was right in 185 of 236 such texts with a lead ≥ 0.2, and in 19 of 66 below.
 */
const OURS_MARGIN = 0.2;
/** Fewer n-grams than this (a word of two or three letters) tell nothing reliable. */
const MIN_GRAMS = 8;

/**
 * Picks the language of a text. A declared language (feed `<language>`, API field) wins: the
 * issue asks that sources stating it reliably are trusted over detection.
 */
export function detectLanguage(text: string, tokens: readonly Token[], declared?: string): LanguageGuess {
  const declaredCode = toLanguageCode(declared);
  if (declaredCode !== undefined) return { lang: declaredCode, confidence: 1, method: "declared" };

  const readable = toReadableText(text, tokens);
  const { cyrillic, latin, ltLetters, fiLetters, foreignLetters, other, otherLang } = countLetters(readable);
  if (other > cyrillic && other > latin) return { lang: otherLang, confidence: Math.min(1, other / (other + cyrillic + latin + 1)), method: "script" };
  if (cyrillic === 0 && latin === 0) return UNDETERMINED;
  if (cyrillic > latin) return detectCyrillic(readable, tokens, cyrillic, latin);
  return scoreLatin(readable, tokens, { ltLetters, fiLetters, foreignLetters });
}

/**
 * The text with URLs and @handles blanked out: "RT @user: http://t.co/x #Пополнить теле2" is
 * Russian, whatever the letters of the link say. Hashtags stay; they are words of the post.
 */
function toReadableText(text: string, tokens: readonly Token[]): string {
  let out: string | undefined;
  let from = 0;
  for (const token of tokens) {
    if (token.kind !== "url" && !(token.kind === "handle" && token.norm.startsWith("@"))) continue;
    out = (out ?? "") + text.slice(from, token.start) + " ".repeat(token.end - token.start);
    from = token.end;
  }
  return out === undefined ? text : out + text.slice(from);
}

const UNDETERMINED: LanguageGuess = { lang: "und", confidence: 0, method: "none" };

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

/**
 * Scripts named by their letters alone (first match in a text wins), for texts that are neither
 * Latin nor Cyrillic. Arabic script is read as Persian or Urdu when their extra letters appear.
 */
const OTHER_SCRIPTS: ReadonlyArray<{ from: number; to: number; lang: string }> = [
  { from: 0x0370, to: 0x03ff, lang: "el" },
  { from: 0x0530, to: 0x058f, lang: "hy" },
  { from: 0x0590, to: 0x05ff, lang: "he" },
  { from: 0x0600, to: 0x06ff, lang: "ar" },
  { from: 0x0900, to: 0x097f, lang: "hi" },
  { from: 0x0980, to: 0x09ff, lang: "bn" },
  { from: 0x0b80, to: 0x0bff, lang: "ta" },
  { from: 0x0e00, to: 0x0e7f, lang: "th" },
  { from: 0x10a0, to: 0x10ff, lang: "ka" },
  { from: 0x1100, to: 0x11ff, lang: "ko" },
  { from: 0x3040, to: 0x30ff, lang: "ja" },
  { from: 0x3130, to: 0x318f, lang: "ko" },
  { from: 0x4e00, to: 0x9fff, lang: "zh" },
  { from: 0xac00, to: 0xd7af, lang: "ko" },
];
const URDU_LETTERS = /[ٹڈڑںھے]/u;
const PERSIAN_LETTERS = /[پچژگکی]/u;

interface LetterCounts {
  cyrillic: number;
  latin: number;
  /** Letters that only Lithuanian (with Latvian/Polish) or only Finnish (with Swedish/Estonian) of the three use. */
  ltLetters: number;
  fiLetters: number;
  /** Latin letters none of en/lt/fi writes (ā õ ü ł ß é ø…). */
  foreignLetters: number;
  /** Letters of the scripts in OTHER_SCRIPTS, and the language of the most frequent. */
  other: number;
  otherLang: string;
}

/** One pass over the text: script counts and the letters only Lithuanian or Finnish use. */
function countLetters(text: string): LetterCounts {
  let cyrillic = 0;
  let latin = 0;
  let ltLetters = 0;
  let fiLetters = 0;
  let foreignLetters = 0;
  let other = 0;
  let byScript: Map<string, number> | undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin++;
    } else if (code >= 0x400 && code <= 0x52f) {
      cyrillic++;
    } else if ((code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x1e00 && code <= 0x1eff)) {
      latin++;
      if (LT_CODES.has(code)) ltLetters++;
      else if (FI_CODES.has(code)) fiLetters++;
      else foreignLetters++;
    } else if (code >= 0x370) {
      const script = OTHER_SCRIPTS.find((s) => code >= s.from && code <= s.to);
      if (script === undefined) continue;
      other++;
      byScript ??= new Map();
      byScript.set(script.lang, (byScript.get(script.lang) ?? 0) + 1);
    }
  }
  let otherLang = "und";
  if (byScript !== undefined) {
    // Japanese mixes kana with Han characters; any kana makes it Japanese.
    otherLang = byScript.has("ja") ? "ja" : [...byScript].sort((a, b) => b[1] - a[1])[0]![0];
    if (otherLang === "ar") otherLang = URDU_LETTERS.test(text) ? "ur" : PERSIAN_LETTERS.test(text) ? "fa" : "ar";
  }
  return { cyrillic, latin, ltLetters, fiLetters, foreignLetters, other, otherLang };
}

function scoreLatin(text: string, tokens: readonly Token[], letters: Pick<LetterCounts, "ltLetters" | "fiLetters" | "foreignLetters">): LanguageGuess {
  const { ltLetters, fiLetters } = letters;
  // ė į ų occur in no other language with a Latin alphabet: two of them settle it.
  if (fiLetters === 0 && hasTwoMatches(text, LT_ONLY)) return { lang: "lt", confidence: 0.95, method: "words" };
  const score: Record<ScoredLang, number> = { en: 0, lt: 1.5 * ltLetters, fi: 1.5 * fiLetters };
  const ownWords: Record<ScoredLang, number> = { en: 0, lt: 0, fi: 0 };
  let otherWords: Map<string, number> | undefined;
  let words = 0;
  for (const token of tokens) {
    if (token.kind !== "word") continue;
    words++;
    const [en, lt, fi] = scoreWord(token.norm);
    score.en += en;
    score.lt += lt;
    score.fi += fi;
    const own = WORD_LANGS.get(token.norm);
    if (own !== undefined) ownWords[own]++;
    for (const lang of OTHER_WORD_LANGS.get(token.norm) ?? []) (otherWords ??= new Map()).set(lang, (otherWords.get(lang) ?? 0) + 1);
  }
  const ranked = (Object.entries(score) as Array<[ScoredLang, number]>).sort((a, b) => b[1] - a[1]);
  const [best, second] = [ranked[0]!, ranked[1]!];
  const margin = best[1] - second[1];
  if (best[1] >= 3 && margin >= 2 && letters.foreignLetters === 0 && otherWords === undefined) {
    // Confident, with nothing another language would add (its letters or function words): the
    // model is not asked. It costs ~10 µs a text, a third of classifying one, and overrules no
    // en/lt/fi text of the dev sets that lacks both signs.
    return { lang: best[0], confidence: Math.min(1, margin / best[1] + 0.3), method: "words" };
  }
  const model = scoreLanguages(text);
  if (otherWords !== undefined) {
    const ours = best[1] > 0 ? best[0] : (bestOf(model, SCORED_INDICES).lang as ScoredLang);
    // "Danke!", "Paldies, viss labi": in a text of one or two words, one of them is enough.
    const other = toOtherByWords(otherWords, model, Math.min(MIN_OTHER_WORDS, words - 1));
    if (other !== undefined && other.words >= ownWords[ours] && logProbOf(model, other.lang) > logProbOf(model, ours)) {
      return { lang: other.lang, confidence: Math.min(1, 0.4 + other.words / 10), method: "words" };
    }
  }
  if (best[1] >= 3 && margin >= 2) {
    const other = bestOf(model, OTHER_INDICES);
    const lead = other.logProb - logProbOf(model, best[0]);
    if (lead >= OVERRULE_MARGIN) return { lang: other.lang, confidence: toModelConfidence(lead), method: "model" };
    return { lang: best[0], confidence: Math.min(1, margin / best[1] + 0.3), method: "words" };
  }
  if (model.grams < MIN_GRAMS) {
    return best[1] > 0 && margin > 0 ? { lang: best[0], confidence: 0.3, method: "words" } : UNDETERMINED;
  }
  const top = bestOf(model, OTHER_INDICES);
  const ours = bestOf(model, SCORED_INDICES);
  const lead = top.logProb - ours.logProb;
  // A short text gives the model few n-grams to average: ask for a total lead too.
  if (lead >= UNSURE_MARGIN && lead * model.grams >= UNSURE_TOTAL_MARGIN) {
    return { lang: top.lang, confidence: toModelConfidence(lead), method: "model" };
  }
  if (best[1] > 0 && margin > 0) {
    // The scorer's lead knows informal spelling the model never saw, unless the model clearly disagrees.
    if (ours.lang !== best[0] && ours.logProb - logProbOf(model, best[0]) >= OURS_MARGIN) return { lang: ours.lang, confidence: 0.4, method: "model" };
    return { lang: best[0], confidence: Math.round((0.3 + Math.min(0.3, margin / 10)) * 100) / 100, method: "words" };
  }
  return { lang: ours.lang, confidence: 0.3, method: "model" };
}

/** The other language with the most function words (at least `atLeast`); ties (da/no) go to the model. */
function toOtherByWords(counts: ReadonlyMap<string, number>, model: LanguageScores, atLeast: number): { lang: string; words: number } | undefined {
  let found: { lang: string; words: number } | undefined;
  for (const [lang, words] of counts) {
    if (words < Math.max(1, atLeast)) continue;
    if (found === undefined || words > found.words || (words === found.words && logProbOf(model, lang) > logProbOf(model, found.lang))) found = { lang, words };
  }
  return found;
}

const MODEL_INDEX = new Map(MODEL_LANGUAGES.map((lang, i) => [lang, i]));
const SCORED_INDICES = MODEL_LANGUAGES.flatMap((lang, i) => (SCORED_LANGS.has(lang) ? [i] : []));
const OTHER_INDICES = MODEL_LANGUAGES.flatMap((lang, i) => (SCORED_LANGS.has(lang) ? [] : [i]));

/** The most probable of the model's languages at `indices`. */
function bestOf(model: LanguageScores, indices: readonly number[]): { lang: string; logProb: number } {
  let best = indices[0]!;
  for (const i of indices) if (model.logProbs[i]! > model.logProbs[best]!) best = i;
  return { lang: MODEL_LANGUAGES[best]!, logProb: model.logProbs[best]! };
}

function logProbOf(model: LanguageScores, lang: string): number {
  const i = MODEL_INDEX.get(lang);
  return i === undefined ? -Infinity : model.logProbs[i]!;
}

/** A lead of 0.15 per n-gram is a coin flip made slightly better; 0.8 and more is certain. */
function toModelConfidence(lead: number): number {
  return Math.round(Math.min(1, 0.3 + lead) * 100) / 100;
}

// Cyrillic: Russian unless the text shows another language's letters or words. Letters used by
// one language only settle it; shared ones (і: uk/be; ы э ё: ru/be) and words are weighed.
const KAZAKH_LETTERS = /[әғқңөұүһӘҒҚҢӨҰҮҺ]/u;
const MACEDONIAN_LETTERS = /[ѓќѕЃЌЅ]/u;
const SERBIAN_LETTERS = /[ђћџљњјЂЋЏЉЊЈ]/u;
const BELARUSIAN_LETTERS = /[ўЎ]/u;
const UKRAINIAN_LETTERS = /[їєґЇЄҐ]/u;
const DOTTED_I = /[іІ]/gu;
/** ы э ё: Russian and Belarusian, never Ukrainian or Bulgarian. */
const RUSSIAN_LETTERS = /[ыэёЫЭЁ]/gu;
/** Russian writes ъ only before е ё ю я (подъезд); Bulgarian before consonants too (към, съм, куриерът). */
const BULGARIAN_HARD_SIGN = /ъ(?![еёюяЕЁЮЯ])\p{L}/gu;
/** Bulgarian verbal nouns with the article (обслужването, съобщението); Russian says -ание/-ение. */
const BULGARIAN_ENDING = /(?:ането|ението|нието|ията|ието)$/u;

type CyrillicLang = "ru" | "uk" | "be" | "bg";
// Function words that one or two of the four use and the others do not (ru "что", uk "що", be
// "што", bg "какво"). Words all of them share (и, в, на, не, да, за, как) carry nothing here.
const CYRILLIC_WORDS: Record<CyrillicLang, readonly string[]> = {
  ru: (
    "что это уже еще очень спасибо нет меня был была было были есть когда почему который которая которые " +
    "только сейчас вообще можно нужно где опять снова чтобы если ничего никто кто его они вы мы просто тоже даже " +
    "пока потом здравствуйте пожалуйста всего сегодня вчера завтра"
  ).split(" "),
  uk: (
    "дякую дуже що це але вже чи немає досі зараз треба будь ласка добре чому коли якщо вони щось цей ця мій моє " +
    "хто де мене тебе сьогодні вчора завтра нічого ніхто ще тому"
  ).split(" "),
  be: "дзякуй вельмі што гэта гэты гэтая але ужо яшчэ няма ёсць калі чаму таму трэба зараз сёння ласка мяне хто".split(" "),
  bg: (
    "е са съм още вече защо какво това тази този тези благодаря трябва ще няма който която които нещо някой никой " +
    "защото кога сега днес вчера утре нищо обаче здравейте моля мерси пак има след го"
  ).split(" "),
};
/** Words another language uses now and then (т.е.; ще in Ukrainian; ru "благодаря" = thanks to): half weight. */
const WEAK_CYRILLIC_WORDS = new Set(["е", "са", "ще", "има", "пак", "де", "ця", "го", "след", "благодаря"]);
const CYRILLIC_WORD_LANGS = new Map<string, CyrillicLang[]>();
for (const lang of ["ru", "uk", "be", "bg"] as const) {
  for (const word of CYRILLIC_WORDS[lang]) {
    // As tokens fold them: й keeps its breve, ё becomes е.
    const folded = foldText(word);
    CYRILLIC_WORD_LANGS.set(folded, [...(CYRILLIC_WORD_LANGS.get(folded) ?? []), lang]);
  }
}

function detectCyrillic(text: string, tokens: readonly Token[], cyrillic: number, latin: number): LanguageGuess {
  const share = Math.min(1, cyrillic / (cyrillic + latin + 1));
  if (KAZAKH_LETTERS.test(text)) return { lang: "kk", confidence: share, method: "script" };
  if (MACEDONIAN_LETTERS.test(text)) return { lang: "mk", confidence: share, method: "script" };
  if (SERBIAN_LETTERS.test(text)) return { lang: "sr", confidence: share, method: "script" };
  if (BELARUSIAN_LETTERS.test(text)) return { lang: "be", confidence: share, method: "script" };
  if (UKRAINIAN_LETTERS.test(text)) return { lang: "uk", confidence: share, method: "script" };

  const russianLetters = 2 * countMatches(text, RUSSIAN_LETTERS);
  const dottedI = 2 * countMatches(text, DOTTED_I);
  const score: Record<CyrillicLang, number> = { ru: russianLetters, uk: dottedI, be: russianLetters + dottedI, bg: 2 * countMatches(text, BULGARIAN_HARD_SIGN) };
  for (const token of tokens) {
    if (token.kind !== "word") continue;
    const langs = CYRILLIC_WORD_LANGS.get(token.norm);
    for (const lang of langs ?? []) score[lang] += WEAK_CYRILLIC_WORDS.has(token.norm) ? 1 : 2;
    if (BULGARIAN_ENDING.test(token.norm)) score.bg += 1;
  }
  // Russian never writes і: then it is Ukrainian unless Belarusian has more for it.
  if (dottedI > 0) {
    const lang = score.be > score.uk ? "be" : "uk";
    return { lang, confidence: Math.min(1, 0.5 + Math.abs(score.be - score.uk) / 10), method: "words" };
  }
  let other: CyrillicLang = "uk";
  for (const lang of ["be", "bg"] as const) if (score[lang] > score[other]) other = lang;
  if (score[other] >= 2 && score[other] > score.ru) {
    return { lang: other, confidence: Math.min(1, 0.5 + (score[other] - score.ru) / 10), method: "words" };
  }
  return { lang: "ru", confidence: share, method: "script" };
}

function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
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
