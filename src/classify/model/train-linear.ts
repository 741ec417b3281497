/**
 * Fits the learned model: AdaGrad stochastic gradient descent on the logistic loss (softmax for
 * sentiment), L2-regularised toward a prior (zero, or the shipped model when a user fits a local
 * model from corrections, so it learns their domain without forgetting the rest). Deterministic:
 * the example order comes from a seeded generator and nothing else is random.
 *
 * Each example supervises only the heads its data set labels (a sentiment set teaches sentiment,
 * never "no complaint"), which is what lets sets with different label schemes train one model.
 */
import { SENTIMENTS, type SentimentLabel } from "../../core/classification.js";
import { createSeededRandom } from "../../core/random.js";
import { COMPLAINT_HEAD, SENTIMENT_HEADS, sigmoid, topicHead } from "./linear-model.js";

export interface TrainingExample {
  indices: Int32Array;
  values: Float32Array;
  /** Importance of the example (data-set balance); default 1. */
  weight: number;
  /** Its importance for the sentiment head, when that differs (see TrainingSet.sentimentBudget). */
  sentimentWeight?: number | undefined;
  sentiment?: SentimentLabel | undefined;
  complaint?: boolean | undefined;
  /** The complete topic set, or undefined when the example's data set does not label topics. */
  topics?: readonly string[] | undefined;
}

export interface TrainOptions {
  buckets: number;
  topics: readonly string[];
  /** Passes over the data. Default 6. */
  epochs?: number;
  /** AdaGrad step. Default 0.3. */
  learningRate?: number;
  /** L2 strength toward the prior, per example step. Default 1e-6. */
  l2?: number;
  seed?: number;
  /** Starting weights and the point the L2 term pulls toward (same buckets and heads). */
  prior?: { heads: readonly string[]; weights: Float32Array };
  /** Train only the sentiment heads, or only complaint and topics (the others stay as they start). Default both. */
  only?: "sentiment" | "labels";
}

export interface TrainedWeights {
  heads: string[];
  weights: Float32Array;
}

export function trainLinear(examples: readonly TrainingExample[], options: TrainOptions): TrainedWeights {
  const heads = [...SENTIMENT_HEADS, COMPLAINT_HEAD, ...options.topics.map(topicHead)];
  const H = heads.length;
  const weights = new Float32Array(options.buckets * H);
  const prior = options.prior === undefined ? undefined : alignPrior(options.prior, heads, options.buckets);
  if (prior !== undefined) weights.set(prior);
  const squared = new Float32Array(options.buckets * H);
  const epochs = options.epochs ?? 6;
  const rate = options.learningRate ?? 0.3;
  const l2 = options.l2 ?? 1e-6;
  const random = createSeededRandom(options.seed ?? 1);
  const order = examples.map((_, i) => i);
  const topicIndex = new Map(options.topics.map((t, i) => [t, SENTIMENT_HEADS.length + 1 + i]));
  const margins = new Float64Array(H);
  const gradients = new Float64Array(H);
  const targets = new Float64Array(H);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const e of order) {
      const example = examples[e]!;
      margins.fill(0);
      for (let f = 0; f < example.indices.length; f++) {
        const base = example.indices[f]! * H;
        const value = example.values[f]!;
        for (let h = 0; h < H; h++) margins[h]! += weights[base + h]! * value;
      }
      gradients.fill(0);
      if (example.sentiment !== undefined && options.only !== "labels") {
        const max = Math.max(margins[0]!, margins[1]!, margins[2]!);
        const sum = Math.exp(margins[0]! - max) + Math.exp(margins[1]! - max) + Math.exp(margins[2]! - max);
        const gold = SENTIMENTS.indexOf(example.sentiment);
        const w = example.sentimentWeight ?? example.weight;
        for (let k = 0; k < 3; k++) gradients[k] = (Math.exp(margins[k]! - max) / sum - (k === gold ? 1 : 0)) * w;
      }
      if (example.complaint !== undefined && options.only !== "sentiment") gradients[3] = (sigmoid(margins[3]!) - (example.complaint ? 1 : 0)) * example.weight;
      if (example.topics !== undefined && options.only !== "sentiment") {
        targets.fill(0);
        for (const topic of example.topics) {
          const h = topicIndex.get(topic);
          if (h !== undefined) targets[h] = 1;
        }
        for (let h = 4; h < H; h++) gradients[h] = (sigmoid(margins[h]!) - targets[h]!) * example.weight;
      }
      for (let f = 0; f < example.indices.length; f++) {
        const base = example.indices[f]! * H;
        const value = example.values[f]!;
        for (let h = 0; h < H; h++) {
          const g = gradients[h]!;
          if (g === 0) continue;
          const at = base + h;
          const w = weights[at]!;
          const step = g * value + l2 * (w - (prior === undefined ? 0 : prior[at]!));
          const acc = squared[at]! + step * step;
          squared[at] = acc;
          weights[at] = w - (rate * step) / Math.sqrt(acc + 1e-8);
        }
      }
    }
  }
  return { heads, weights };
}

/** The prior's weights laid out for `heads` (new heads, such as a custom topic, start at zero). */
function alignPrior(prior: NonNullable<TrainOptions["prior"]>, heads: readonly string[], buckets: number): Float32Array {
  const out = new Float32Array(buckets * heads.length);
  const from = heads.map((h) => prior.heads.indexOf(h));
  const P = prior.heads.length;
  const H = heads.length;
  for (let b = 0; b < buckets; b++) {
    for (let h = 0; h < H; h++) {
      const source = from[h]!;
      if (source >= 0) out[b * H + h] = prior.weights[b * P + source]!;
    }
  }
  return out;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}
