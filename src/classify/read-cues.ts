/**
 * Reads one text's cues: valences after negation, boosters, contrast and capitals; problem
 * evidence; question, sarcasm and calm-register markers. Sentiment and complaint both read it.
 */
import type { Evidence } from "../core/classification.js";
import type { TokenizedText } from "../text/tokenize.js";
import { SARCASM_SYMBOLS, SYMBOL_VALENCE, type Cue, type CueLexicon } from "./cue-lexicon.js";
import { endsSentence, type PhraseHit, type Slot } from "./phrase-matcher.js";

/** VADER's negation scalar (Hutto & Gilbert 2014): "not good" is −0.74 × good. */
export const NEGATION_SCALAR = -0.74;
const NEGATION_SCOPE_WORDS = 3;
const SHOUT_SCALE = 1.3;
/** VADER's contrast weights: "X but Y" counts X half and Y one and a half times. */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
/** Praise strong enough to be sarcastic when it opens a complaint ("Great, …", not "Thanks, …"). */
const HYPERBOLE = 2.5;

/** Everything the cue lexicon found in one text; sentiment and complaint both read it. */
export interface CueReading {
  lang: string;
  hits: PhraseHit<Cue>[];
  /** Hits that carry a valence, after negation/boost/contrast. */
  contributions: Contribution[];
  problemScore: number;
  problemEvidence: Evidence[];
  isQuestion: boolean;
  sarcasm: Evidence | undefined;
  exclamations: number;
  /** "??", "?!", "!!!": exasperation, an intensity cue like VADER's punctuation emphasis. */
  exasperated: boolean;
  /** Words in capitals that carry no valence themselves ("ANOTHER queue", "make it STOP"). */
  shoutedWords: number;
  /** The register of a calm report: a greeting, "please", "FYI", an order or ticket reference. */
  polite: boolean;
}

export interface Contribution {
  value: number;
  match: string;
  start: number;
  end: number;
  slot: number;
}

/** Reads valences, negation, problems and question/sarcasm cues out of one text. */
export function readCues(tokenized: TokenizedText, slots: Slot[], lexicon: CueLexicon | undefined): CueReading {
  const hits = lexicon ? lexicon.matcher.findLongest(slots) : [];
  const contributions: Contribution[] = [];
  const problemEvidence: Evidence[] = [];
  let problemScore = 0;
  let negatedUntil = -1;
  let negationSentence = -1;
  let pendingScale = 1;
  let contrastAt = -1;
  let sarcasmCue: Evidence | undefined;
  let polite = false;
  let shoutedWords = 0;
  let hitIndex = 0;

  const addProblem = (weight: number, match: string, start: number, end: number) => {
    problemScore += weight;
    problemEvidence.push({ kind: "complaint", match, start, end, weight });
  };

  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s]!;
    if (!polite && isReferenceCode(slots, s)) polite = true;
    const hit = hits[hitIndex]?.first === s ? hits[hitIndex++] : undefined;
    if (hit === undefined || hit.payload.valence === undefined) {
      if (slot.shouted) shoutedWords++;
    }
    if (hit === undefined) {
      if (lexicon?.negationPrefix && !slot.isNumber) readNegationPrefix(lexicon, slot, s, contributions, addProblem);
      continue;
    }
    const cue = hit.payload;
    const match = tokenized.text.slice(hit.start, hit.end);
    if (cue.problem !== undefined) addProblem(cue.problem, match, hit.start, hit.end);
    if (cue.polite) polite = true;
    if (cue.sarcasm) sarcasmCue ??= { kind: "sentiment", match, start: hit.start, end: hit.end };
    if (cue.contrast && hit.first > 0) contrastAt = hit.first;
    const nextHit = hits[hitIndex];
    const scalesNext = cue.scale !== undefined && nextHit?.payload.valence !== undefined && nextHit.first <= hit.last + 2;
    if (scalesNext) {
      pendingScale *= cue.scale!;
      s = hit.last;
      continue;
    }
    if (cue.negator && cue.valence === undefined) {
      negatedUntil = hit.last + NEGATION_SCOPE_WORDS;
      negationSentence = slot.sentence;
      s = hit.last;
      continue;
    }
    if (cue.valence !== undefined) {
      let value = cue.valence * pendingScale;
      if (s <= negatedUntil && slot.sentence === negationSentence) {
        value *= NEGATION_SCALAR;
        negatedUntil = -1; // a negator flips the next sentiment word, not the rest of the sentence
      }
      if (slot.shouted) value *= SHOUT_SCALE;
      if (value > 0 && isInShortQuote(tokenized.text, hit.start, hit.end)) {
        // 'accurate' specs, 'for security': quoted praise next to a problem is irony.
        sarcasmCue ??= { kind: "sentiment", match: `'${match}'`, start: hit.start, end: hit.end };
      } else if (value >= HYPERBOLE && s === 0 && opensWithInterjection(tokenized.text, hit.end)) {
        // "Great, now the app logs me out…": a lone praise word opening the text is sarcastic
        // when a problem follows (checked in scoreSentiment, like every sarcasm cue).
        sarcasmCue ??= { kind: "sentiment", match: `${match},`, start: hit.start, end: hit.end };
      }
      contributions.push({ value, match, start: hit.start, end: hit.end, slot: s });
    }
    pendingScale = 1;
    s = hit.last;
  }

  if (contrastAt >= 0) {
    for (const c of contributions) c.value *= c.slot < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST;
  }
  let exclamations = 0;
  let exasperated = false;
  // A question is a text that opens with one ("How do I return…?", "If I close my account, how
  // long…?"). "Parcel stuck since Tuesday. Any news?" reports first and asks second: not a question.
  let firstSentenceEnd: string | undefined;
  for (const token of tokenized.tokens) {
    if (token.kind === "emoji" || token.kind === "emoticon") {
      const value = SYMBOL_VALENCE.get(token.norm) ?? SYMBOL_VALENCE.get(token.norm.replace(/\uFE0F/g, ""));
      if (SARCASM_SYMBOLS.has(token.norm.replace(/\uFE0F/g, ""))) sarcasmCue ??= { kind: "sentiment", match: token.norm, start: token.start, end: token.end };
      if (value !== undefined) contributions.push({ value, match: token.norm, start: token.start, end: token.end, slot: -1 });
    } else if (token.kind === "punct") {
      if (token.norm.includes("!")) exclamations += token.norm.length;
      if (/[?!]{2,}/.test(token.norm) || (tokenized.text[token.end] ?? "").match(/[?!]/)) exasperated = true;
      if (firstSentenceEnd === undefined && endsSentence(tokenized.text, token.norm, token.end)) firstSentenceEnd = token.norm;
    }
  }
  const opensWithQuestionWord = hits[0]?.first === 0 && hits[0].payload.question === true;
  // "…how long is this going to go on?!" is a rhetorical outburst, not a request.
  const isQuestion = firstSentenceEnd === undefined ? opensWithQuestionWord : firstSentenceEnd.includes("?") && !firstSentenceEnd.includes("!");
  return {
    lang: lexicon?.lang ?? "und",
    hits,
    contributions,
    problemScore,
    problemEvidence,
    isQuestion,
    sarcasm: sarcasmCue,
    exclamations,
    exasperated,
    shoutedWords,
    polite,
  };
}

/**
 * Lithuanian "ne" + word: "nepatiko" is "ne" + "patiko" (liked), so it takes the negated
 * valence of "patiko"; an unknown ne-word ("nepristatė") is still a sign of a problem.
 */
function readNegationPrefix(
  lexicon: CueLexicon,
  slot: Slot,
  index: number,
  contributions: Contribution[],
  addProblem: (weight: number, match: string, start: number, end: number) => void,
): void {
  const prefix = lexicon.negationPrefix!;
  if (!slot.norm.startsWith(prefix) || slot.norm.length < prefix.length + 4) return;
  const rest: Slot = { ...slot, norm: slot.norm.slice(prefix.length), stem: undefined };
  const inner = lexicon.matcher.findLongest([rest])[0]?.payload;
  if (inner?.valence !== undefined) {
    contributions.push({ value: inner.valence * NEGATION_SCALAR, match: slot.norm, start: slot.start, end: slot.end, slot: index });
  }
  addProblem(0.5, slot.norm, slot.start, slot.end);
}

const ORDER_WORDS = /^(?:order|ref|reference|ticket|case|claim|nr|no|№|заказ\p{L}*|номер\p{L}*|обращени\p{L}*|uzsakym\p{L}*|tilau\p{L}*|viite|numero)$/u;

/**
 * An order or ticket reference ("order 50213", "WC-7781", "№50213") is the register of a
 * factual report, like a greeting or "please": such problem reports are calm (cx-dev: neutral).
 */
function isReferenceCode(slots: Slot[], index: number): boolean {
  const slot = slots[index]!;
  if (slot.isNumber) {
    if (slot.norm.replace(/\D/g, "").length < 4 || slot.norm.includes(",") || slot.norm.includes(":")) return false;
    const previous = slots[index - 1];
    return previous !== undefined && !previous.isNumber && ORDER_WORDS.test(previous.norm);
  }
  return /^\p{L}{1,4}-?\d{3,}$/u.test(slot.norm);
}

const OPENING_QUOTES = new Set(["'", '"', "‘", "“", "«", "„"]);
const CLOSING_QUOTES = new Set(["'", '"', "’", "”", "»", "“"]);
const QUOTE_REACH = 25;

/** Inside a short quotation ('accurate', 'for security'): an apostrophe inside a word is no quote. */
function isInShortQuote(text: string, start: number, end: number): boolean {
  let open = -1;
  for (let i = start - 1; i >= Math.max(0, start - QUOTE_REACH); i--) {
    const char = text[i]!;
    if (/[.!?\n]/.test(char)) return false;
    if (OPENING_QUOTES.has(char) && !/[\p{L}\p{N}]/u.test(text[i - 1] ?? " ")) {
      open = i;
      break;
    }
  }
  if (open < 0) return false;
  for (let i = end; i < Math.min(text.length, end + QUOTE_REACH); i++) {
    const char = text[i]!;
    if (/[.!?\n]/.test(char) && !CLOSING_QUOTES.has(text[i + 1] ?? "")) return false;
    if (CLOSING_QUOTES.has(char) && !/[\p{L}\p{N}]/u.test(text[i + 1] ?? " ")) return true;
  }
  return false;
}

/** The word is followed by a comma or "!" and more text: "Great, now…", "Super, dabar…". */
function opensWithInterjection(text: string, end: number): boolean {
  return /^\s*[,!]\s*\S/u.test(text.slice(end, end + 4));
}
