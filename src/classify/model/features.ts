/**
 * The learned model's features, hashed into a fixed number of buckets (the hashing trick), so
 * the model file has a fixed size whatever the vocabulary and unseen words cost nothing:
 *
 * - text: folded words, their stems, stem bigrams (numbers read as `#`, so "3 weeks" and
 *   "40 minutes" share a shape), and character 3–4-grams of each folded word with boundary
 *   marks, which is what lets Lithuanian, Russian and Finnish inflections and typos generalise;
 *   emoji, emoticons and `!`/`?` runs. Their values are 1/√n, so a long text is not more certain
 *   than a short one only for its length.
 * - context: a bias, the language, the channel and the rating bucket.
 * - the rules' verdict (sentiment, score bucket, complaint, each topic): the model learns how far
 *   to trust the explainable rules per situation, a stacked blend rather than a fixed vote.
 *
 * Every text feature remembers the span it came from, so the strongest ones can be shown as
 * evidence beside the rules'.
 */
import type { Classification } from "../../core/classification.js";
import { stemWord } from "../../text/stem.js";
import type { TokenizedText } from "../../text/tokenize.js";
import { hashCode, hashRange, hashText } from "./hash.js";

export interface FeatureVector {
  length: number;
  indices: Int32Array;
  values: Float32Array;
  /** Character span in the classified text per feature; -1 for context and rules features. */
  starts: Int32Array;
  ends: Int32Array;
}

export interface FeatureInput {
  tokenized: TokenizedText;
  lang: string;
  channel?: string | undefined;
  rating?: number | undefined;
  ratingScale?: number | undefined;
  /** The rules classifier's verdict on the same text; left out for a model of text alone. */
  rules?: Pick<Classification, "sentiment" | "sentimentScore" | "complaint" | "topics"> | undefined;
}

const NS_WORD = hashText("w\u0001");
const NS_STEM = hashText("s\u0001");
const NS_BIGRAM = hashText("b\u0001");
const NS_CHARS = hashText("c\u0001");
const NS_SYMBOL = hashText("e\u0001");
const SEPARATOR = 0x1f;
const NUMBER_SHAPE = "#";
const MIN_CHARGRAM = 3;
const MAX_CHARGRAM = 4;
/** Longer "words" are mostly IDs or glued URLs; their n-grams only add noise. */
const MAX_CHARGRAM_WORD = 24;

/** Reusable, growable feature buffers: one per classifier, so classifying allocates little. */
export function createFeatureBuffer(capacity = 512): FeatureVector {
  return { length: 0, indices: new Int32Array(capacity), values: new Float32Array(capacity), starts: new Int32Array(capacity), ends: new Int32Array(capacity) };
}

/** Fills `out` with the features of one text, bucketed into `buckets` (a power of two). */
export function toFeatures(input: FeatureInput, buckets: number, out: FeatureVector = createFeatureBuffer()): FeatureVector {
  const mask = buckets - 1;
  out.length = 0;
  const { tokens, folded } = input.tokenized;
  let previousStem: string | undefined;
  let previousStart = -1;
  for (const token of tokens) {
    if (token.kind === "word") {
      const word = token.norm;
      const stem = stemWord(input.lang, word);
      // The bigram first, so a word's own features (word, stem, n-grams) stay contiguous: the
      // evidence pass sums a span's features as one run.
      if (previousStem !== undefined) push(out, hashText(stem, hashCode(SEPARATOR, hashText(previousStem, NS_BIGRAM))) & mask, 1, previousStart, token.end);
      push(out, hashText(word, NS_WORD) & mask, 1, token.start, token.end);
      if (stem !== word) push(out, hashText(stem, NS_STEM) & mask, 1, token.start, token.end);
      previousStem = stem;
      previousStart = token.start;
      pushCharGrams(out, folded, token.start, token.end, mask);
    } else if (token.kind === "number") {
      if (previousStem !== undefined) push(out, hashText(NUMBER_SHAPE, hashCode(SEPARATOR, hashText(previousStem, NS_BIGRAM))) & mask, 1, previousStart, token.end);
      previousStem = NUMBER_SHAPE;
      previousStart = token.start;
    } else if (token.kind === "emoji" || token.kind === "emoticon") {
      push(out, hashText(token.norm, NS_SYMBOL) & mask, 1, token.start, token.end);
    } else if (token.kind === "punct" && (token.norm.includes("!") || token.norm.includes("?"))) {
      // "?", "!", and the exasperated runs "??", "!!" as their own features.
      const shape = token.norm.length > 1 ? `${token.norm[0]}+` : token.norm;
      push(out, hashText(shape, NS_SYMBOL) & mask, 1, token.start, token.end);
    }
  }
  const textFeatures = out.length;
  if (textFeatures > 0) {
    const value = 1 / Math.sqrt(textFeatures);
    for (let i = 0; i < textFeatures; i++) out.values[i] = value;
  }
  pushContext(out, input, mask);
  return out;
}

function pushCharGrams(out: FeatureVector, folded: string, start: number, end: number, mask: number): void {
  const length = end - start;
  if (length < 2 || length > MAX_CHARGRAM_WORD) return;
  // The word with a boundary mark on each side: " ve", "vel", …, "ja " for "veluoja".
  for (let n = MIN_CHARGRAM; n <= MAX_CHARGRAM; n++) {
    for (let i = start - 1; i + n <= end + 1; i++) {
      let h = NS_CHARS;
      h = hashCode(n, h);
      const from = Math.max(i, start);
      const to = Math.min(i + n, end);
      if (i < start) h = hashCode(0x20, h);
      h = hashRange(folded, from, to, h);
      if (i + n > end) h = hashCode(0x20, h);
      push(out, h & mask, 1, start, end);
    }
  }
}

function pushContext(out: FeatureVector, input: FeatureInput, mask: number): void {
  const context = (name: string) => push(out, hashText(name) & mask, 1, -1, -1);
  context("bias");
  context(`lang:${input.lang}`);
  context(`channel:${input.channel ?? "none"}`);
  if (input.rating !== undefined) {
    const scale = input.ratingScale ?? 5;
    const stars = scale === 5 ? input.rating : 1 + (input.rating / scale) * 4;
    context(`rating:${Math.min(5, Math.max(1, Math.round(stars)))}`);
  } else {
    context("rating:none");
  }
  const { rules } = input;
  if (rules === undefined) return;
  context(`rules:sentiment:${rules.sentiment}`);
  context(`rules:sentiment:${rules.sentiment}:${input.lang}`);
  context(`rules:score:${Math.round(rules.sentimentScore * 4)}`);
  // The score itself as well as its bucket: one weight that carries the rules' graded valence to
  // text whose words the model never saw.
  push(out, hashText("rules:score") & mask, rules.sentimentScore, -1, -1);
  context(`rules:complaint:${rules.complaint}`);
  context(`rules:complaint:${rules.complaint}:${input.lang}`);
  context(`rules:topics:${Math.min(rules.topics.length, 3)}`);
  for (const topic of rules.topics) context(`rules:topic:${topic}`);
}

function push(out: FeatureVector, index: number, value: number, start: number, end: number): void {
  if (out.length === out.indices.length) grow(out);
  const i = out.length++;
  out.indices[i] = index;
  out.values[i] = value;
  out.starts[i] = start;
  out.ends[i] = end;
}

function grow(out: FeatureVector): void {
  const size = out.indices.length * 2;
  const indices = new Int32Array(size);
  indices.set(out.indices);
  const values = new Float32Array(size);
  values.set(out.values);
  const starts = new Int32Array(size);
  starts.set(out.starts);
  const ends = new Int32Array(size);
  ends.set(out.ends);
  out.indices = indices;
  out.values = values;
  out.starts = starts;
  out.ends = ends;
}

/** A compact copy for training, where thousands of vectors are kept at once. */
export function copyFeatures(vector: FeatureVector): { indices: Int32Array; values: Float32Array } {
  return { indices: vector.indices.slice(0, vector.length), values: vector.values.slice(0, vector.length) };
}
