/**
 * Tokenisation for matching. One pass of a Unicode-property regex over the text (the same word
 * boundaries `Intl.Segmenter` gives for these four languages, at a fraction of its cost: the
 * classify step has to run at 20,000 mentions/s, see test/bench/classify.bench.ts).
 */
import { foldText } from "./fold.js";

export type TokenKind = "word" | "number" | "emoji" | "emoticon" | "url" | "handle" | "punct";

export interface Token {
  kind: TokenKind;
  /** Folded text (lower case, no diacritics) for words; the raw text for other kinds. */
  norm: string;
  /** Offsets into the original text. */
  start: number;
  end: number;
  /** The word was written in capitals ("ANOTHER queue"), an intensity cue. */
  shouted: boolean;
}

export interface TokenizedText {
  text: string;
  folded: string;
  tokens: Token[];
}

// Groups: 1 url, 2 handle, 3 emoticon, 4 word, 5 number, 6 emoji, 7 punct.
// Order matters: URLs and handles before words so "@Telvo" and "shop.lt/x" are not split into
// words that a vocabulary could match (they are neutralised, kept only as placeholders).
const TOKEN_PATTERN = new RegExp(
  [
    String.raw`((?:https?:\/\/|www\.)[^\s<>"']+)`,
    String.raw`([@#][\p{L}\p{N}_][\p{L}\p{N}_.]*)`,
    // Western emoticons need a colon/semicolon/equals eye so "(10 days, not 5)" stays plain text.
    String.raw`([:;=]-?['"]?[()\[\]DPpOo/\\|*3]+|<3+|\^_?\^|\b[xX]D\b|\){2,}|\({2,})`,
    String.raw`(\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{M}\p{N}]+)*)`,
    String.raw`(\p{N}+(?:[.,:]\p{N}+)*)`,
    String.raw`(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*)`,
    String.raw`([!?]+|[.;…]+|,|\s[-–—]\s)`,
  ].join("|"),
  "gu",
);

/** Splits a text into tokens with folded forms and original offsets. */
export function tokenize(text: string): TokenizedText {
  const folded = foldText(text);
  const tokens: Token[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let match = TOKEN_PATTERN.exec(text); match !== null; match = TOKEN_PATTERN.exec(text)) {
    const start = match.index;
    const raw = match[0];
    const end = start + raw.length;
    const kind = kindOf(match);
    if (kind === "word") {
      tokens.push({ kind, norm: folded.slice(start, end), start, end, shouted: isShouted(raw) });
    } else if (kind === "punct") {
      tokens.push({ kind, norm: raw.trim(), start, end, shouted: false });
    } else {
      tokens.push({ kind, norm: raw, start, end, shouted: false });
    }
  }
  return { text, folded, tokens };
}

// Capture groups of TOKEN_PATTERN, in order (numbered: named groups cost an object per match).
const GROUP_KINDS: readonly TokenKind[] = ["url", "handle", "emoticon", "word", "number", "emoji", "punct"];

function kindOf(match: RegExpExecArray): TokenKind {
  if (match[4] !== undefined) return "word";
  for (let g = 1; g <= GROUP_KINDS.length; g++) if (match[g] !== undefined) return GROUP_KINDS[g - 1]!;
  return "punct";
}

/** Three or more letters, all capitals: "STOP", "ОПЯТЬ"; "I" and "SMS"-like acronyms are short. */
function isShouted(raw: string): boolean {
  // Reference codes ("WC-7781") are capitals too, but not shouting.
  if (raw.length < 4) return false;
  // Cheap reject for the common case, a lower-case ASCII letter.
  const second = raw.charCodeAt(1);
  if (second >= 97 && second <= 122) return false;
  if (/\p{N}/u.test(raw)) return false;
  return raw === raw.toUpperCase() && raw !== raw.toLowerCase();
}
