/**
 * From labelled sets to a model: features (the rules read every text once), a fit on all but a
 * validation slice of earshot's own data, decision thresholds chosen on that slice, then the
 * final fit on everything with those thresholds.
 */
import type { LabeledItem } from "../eval/dataset.js";
import { toClassifyInput } from "../eval/evaluate.js";
import { toPrf } from "../eval/metrics.js";
import { copyFeatures, createFeatureBuffer, toFeatures } from "../model/features.js";
import { hashText } from "../model/hash.js";
import { COMPLAINT_HEAD, SENTIMENT_HEADS, scoreHeads, sigmoid, topicHead, type Decisions, type LinearModel } from "../model/linear-model.js";
import { trainLinear, type TrainedWeights, type TrainingExample } from "../model/train-linear.js";
import type { RulesClassifier } from "../rules-classifier.js";
import type { TrainingSet } from "./corpus.js";

/**
 * 2^16 buckets × 18 heads × int16 = 2.4 MB. 2^17 scored the same within noise (leave-one-out on
 * cx-dev and the public sets) at twice the file and resident table (docs/classifier.md).
 */
export const DEFAULT_BUCKETS = 1 << 16;

/**
 * Step sizes per group of heads, chosen by leave-one-dataset-out runs on cx-dev and the public
 * sentiment sets (docs/classifier.md, "How the settings were chosen"): sentiment generalises
 * best from a short, strongly regularised fit (it must carry to general social text), complaint
 * and topics from a longer one.
 */
export const SENTIMENT_TRAINING = { epochs: 3, learningRate: 0.05, l2: 0.02 } as const;
export const LABEL_TRAINING = { epochs: 6, learningRate: 0.2, l2: 2e-3 } as const;

export interface StepSettings {
  epochs: number;
  learningRate: number;
  l2: number;
}

export interface FitOptions {
  buckets?: number;
  topics: readonly string[];
  rulesFeatures: boolean;
  seed?: number;
  sentimentTraining?: StepSettings;
  labelTraining?: StepSettings;
  /** Sets whose items form the validation slice (1 in 5 by id hash). Default: earshot's own data. */
  validationSets?: readonly string[];
  command: string;
}

export interface FeaturedItem {
  set: string;
  item: LabeledItem;
  example: TrainingExample;
}

/** Features of every item, with the set's budget spread over its items. */
export function toTrainingExamples(sets: readonly TrainingSet[], rules: RulesClassifier, buckets: number, rulesFeatures: boolean): FeaturedItem[] {
  const buffer = createFeatureBuffer();
  const out: FeaturedItem[] = [];
  for (const set of sets) {
    const weight = set.items.length === 0 ? 0 : set.budget / set.items.length;
    const sentimentWeight = set.sentimentBudget === undefined || set.items.length === 0 ? undefined : set.sentimentBudget / set.items.length;
    for (const item of set.items) {
      // Training gives each item its labelled language: the sets are monolingual, and a detection
      // slip would teach the wrong language's features.
      const reading = rules.read(toClassifyInput(item, { trustLang: true }));
      const vector = toFeatures(
        { tokenized: reading.tokenized, lang: reading.classification.lang, channel: item.channel, rating: item.rating, ratingScale: item.ratingScale, rules: rulesFeatures ? reading.classification : undefined },
        buckets,
        buffer,
      );
      const { indices, values } = copyFeatures(vector);
      out.push({ set: set.name, item, example: { indices, values, weight, sentimentWeight, sentiment: item.sentiment, complaint: item.complaint, topics: item.topics } });
    }
  }
  return out;
}

export function isValidationItem(item: LabeledItem): boolean {
  return hashText(item.id) % 5 === 0;
}

export function fitModel(featured: readonly FeaturedItem[], sets: readonly TrainingSet[], options: FitOptions): LinearModel {
  const buckets = options.buckets ?? DEFAULT_BUCKETS;
  const validationSets = new Set(options.validationSets ?? ["cx-train", "cx-train-implicit", "cx-train-social", "cx-train-review-sentences"]);
  const isValidation = (f: FeaturedItem) => validationSets.has(f.set) && isValidationItem(f.item);
  const train = featured.filter((f) => !isValidation(f)).map((f) => f.example);
  const validation = featured.filter(isValidation);
  const base = { buckets, topics: options.topics, seed: options.seed ?? 1 };
  const sentimentOptions = { ...base, ...(options.sentimentTraining ?? SENTIMENT_TRAINING), only: "sentiment" as const };
  const labelOptions = { ...base, ...(options.labelTraining ?? LABEL_TRAINING), only: "labels" as const };
  // Two passes, each training its own heads; their weights are then put side by side.
  const train2 = (examples: readonly TrainingExample[]) => mergeSentiment(trainLinear(examples, sentimentOptions), trainLinear(examples, labelOptions));
  const meta = {
    id: "",
    createdAt: new Date(0).toISOString(),
    trainedOn: sets.map((s) => ({ name: s.name, items: s.items.length })),
    rulesFeatures: options.rulesFeatures,
    command: options.command,
  };
  const defaults: Decisions = { thresholds: {} };
  let decisions = defaults;
  if (validation.length > 0) {
    const held = train2(train);
    const heldModel: LinearModel = { buckets, heads: held.heads, weights: held.weights, decisions: defaults, meta };
    decisions = chooseDecisions(heldModel, validation, options.topics);
  }
  const full = train2(featured.map((f) => f.example));
  return { buckets, heads: full.heads, weights: full.weights, decisions, meta };
}

/** Thresholds that maximise F1 per head on the validation slice (complaint per language too). */
export function chooseDecisions(model: LinearModel, validation: readonly FeaturedItem[], topics: readonly string[]): Decisions {
  const heads = new Map(model.heads.map((h, i) => [h, i]));
  const scored = validation.map((f) => ({ item: f.item, margins: scoreExample(model, f.example) }));
  const thresholds: Record<string, number> = {};
  const pick = (pairs: Array<[boolean, number]>) => chooseThreshold(pairs);
  const complaintIndex = heads.get(COMPLAINT_HEAD)!;
  const withComplaint = scored.filter((s) => s.item.complaint !== undefined);
  thresholds[COMPLAINT_HEAD] = pick(withComplaint.map((s) => [s.item.complaint!, sigmoid(s.margins[complaintIndex]!)]));
  for (const lang of new Set(withComplaint.map((s) => s.item.lang).filter((l): l is string => l !== undefined))) {
    const group = withComplaint.filter((s) => s.item.lang === lang);
    if (group.length >= 50) thresholds[`${COMPLAINT_HEAD}@${lang}`] = pick(group.map((s) => [s.item.complaint!, sigmoid(s.margins[complaintIndex]!)]));
  }
  const withTopics = scored.filter((s) => s.item.topics !== undefined);
  for (const topic of topics) {
    const index = heads.get(topicHead(topic))!;
    const pairs = withTopics.map((s) => [s.item.topics!.includes(topic), sigmoid(s.margins[index]!)] as [boolean, number]);
    if (pairs.some(([gold]) => gold)) thresholds[topicHead(topic)] = pick(pairs);
  }
  // Sentiment keeps the arg-max: offsets fitted to a validation slice of customer feedback (mostly
  // negative) made every other kind of text read more negative (docs/classifier.md).
  return { thresholds };
}

/** The margins of every head for one training example. */
export function scoreExample(model: Pick<LinearModel, "heads" | "weights" | "scales">, example: Pick<TrainingExample, "indices" | "values">): Float64Array {
  const vector = { length: example.indices.length, indices: example.indices, values: example.values, starts: new Int32Array(0), ends: new Int32Array(0) };
  return scoreHeads(model, vector, new Float64Array(model.heads.length));
}

/**
 * The probability threshold with the best F1 over (gold, probability) pairs, on a 0.025 grid
 * from `from` to 0.8; ties go to the threshold nearest `tiesTo` (default 0.5, the least fitted
 * to these pairs).
 */
export function chooseThreshold(pairs: ReadonlyArray<readonly [boolean, number]>, from = 0.2, tiesTo = 0.5): number {
  let best = 0.5;
  let bestScore = -1;
  for (let t = from; t <= 0.8001; t += 0.025) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [gold, p] of pairs) {
      const predicted = p >= t;
      if (gold && predicted) tp++;
      else if (!gold && predicted) fp++;
      else if (gold && !predicted) fn++;
    }
    const score = toPrf(tp, fp, fn).f1 - 0.001 * Math.abs(t - tiesTo);
    if (score > bestScore) {
      bestScore = score;
      best = Math.round(t * 1000) / 1000;
    }
  }
  return best;
}

/** The sentiment heads of `sentiment` with the other heads of `labels` (same heads, same buckets). */
function mergeSentiment(sentiment: TrainedWeights, labels: TrainedWeights): TrainedWeights {
  const H = labels.heads.length;
  const weights = Float32Array.from(labels.weights);
  for (let i = 0; i < weights.length; i += H) for (let h = 0; h < SENTIMENT_HEADS.length; h++) weights[i + h] = sentiment.weights[i + h]!;
  return { heads: labels.heads, weights };
}
