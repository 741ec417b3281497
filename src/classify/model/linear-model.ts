/**
 * The learned model in memory: one weight per hashed feature bucket and head, feature-major so a
 * feature's weights for every head sit together (one cache line per feature when scoring).
 *
 * Heads: `sentiment:negative|neutral|positive` (a softmax), `complaint`, and `topic:<id>` per
 * topic (one-vs-rest logistic). Decisions use thresholds chosen on a validation split.
 */
import { SENTIMENTS, type SentimentLabel } from "../../core/classification.js";
import type { FeatureVector } from "./features.js";

export const SENTIMENT_HEADS = SENTIMENTS.map((s) => `sentiment:${s}`);
export const COMPLAINT_HEAD = "complaint";
export const topicHead = (topic: string): string => `topic:${topic}`;

export interface Decisions {
  /** Probability threshold of each binary head (`complaint`, `topic:<id>`); default 0.5. */
  thresholds: Record<string, number>;
}

export interface ModelMeta {
  /** Content hash of the weights and decisions: part of the classifier version. */
  id: string;
  createdAt: string;
  /** What it was trained on: data set names and item counts. */
  trainedOn: Array<{ name: string; items: number }>;
  /** Whether the rules' verdict is among the features (the combined model) or not (text alone). */
  rulesFeatures: boolean;
  /** The command that rebuilds it. */
  command: string;
  /** For a local model: the model it was fitted from and the corrections it learned. */
  base?: string;
  corrections?: number;
}

export interface LinearModel {
  /** Feature buckets, a power of two. */
  buckets: number;
  heads: string[];
  /**
   * buckets × heads.length, feature-major: floats while training, int16 × `scales[head]` when
   * loaded from a file (half the memory, and the file's own bytes: nothing is converted).
   */
  weights: Float32Array | Int16Array;
  /** Per head, the value of one int16 step; present exactly when `weights` is an Int16Array. */
  scales?: Float64Array | undefined;
  decisions: Decisions;
  meta: ModelMeta;
}

/** Raw margins (log-odds) of every head for one feature vector, into `out`. */
export function scoreHeads(model: Pick<LinearModel, "heads" | "weights" | "scales">, vector: FeatureVector, out: Float64Array): Float64Array {
  const heads = model.heads.length;
  out.fill(0, 0, heads);
  // Two loops, one per array type, so each stays monomorphic for the JIT.
  if (model.weights instanceof Int16Array) {
    sumWeights(model.weights, heads, vector, out);
    const scales = model.scales!;
    for (let h = 0; h < heads; h++) out[h]! *= scales[h]!;
  } else {
    sumFloatWeights(model.weights, heads, vector, out);
  }
  return out;
}

function sumWeights(weights: Int16Array, heads: number, vector: FeatureVector, out: Float64Array): void {
  for (let f = 0; f < vector.length; f++) {
    const base = vector.indices[f]! * heads;
    const value = vector.values[f]!;
    for (let h = 0; h < heads; h++) out[h]! += weights[base + h]! * value;
  }
}

function sumFloatWeights(weights: Float32Array, heads: number, vector: FeatureVector, out: Float64Array): void {
  for (let f = 0; f < vector.length; f++) {
    const base = vector.indices[f]! * heads;
    const value = vector.values[f]!;
    for (let h = 0; h < heads; h++) out[h]! += weights[base + h]! * value;
  }
}

/** The weights as floats (training and fine-tuning work on these). */
export function toFloatWeights(model: Pick<LinearModel, "weights" | "scales" | "heads">): Float32Array {
  if (!(model.weights instanceof Int16Array)) return model.weights;
  const H = model.heads.length;
  const scales = model.scales!;
  const out = new Float32Array(model.weights.length);
  for (let i = 0; i < out.length; i++) out[i] = model.weights[i]! * scales[i % H]!;
  return out;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Softmax probabilities of the three sentiment heads (in SENTIMENTS order) from their margins. */
export function toSentimentProbabilities(margins: Float64Array, indices: readonly number[]): [number, number, number] {
  const a = margins[indices[0]!]!;
  const b = margins[indices[1]!]!;
  const c = margins[indices[2]!]!;
  const max = Math.max(a, b, c);
  const ea = Math.exp(a - max);
  const eb = Math.exp(b - max);
  const ec = Math.exp(c - max);
  const sum = ea + eb + ec;
  return [ea / sum, eb / sum, ec / sum];
}

/** The most probable sentiment (probabilities in SENTIMENTS order). */
export function pickSentiment(probabilities: readonly number[]): SentimentLabel {
  let best = 0;
  for (let i = 1; i < SENTIMENTS.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  return SENTIMENTS[best]!;
}
