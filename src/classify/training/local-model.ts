/**
 * A local model: the shipped model fine-tuned on a user's label corrections. The shipped model's
 * weights are the starting point and the L2 term pulls back toward them; earshot's own training
 * data (data/cx-train) is replayed beside the corrections so the model does not forget what it
 * knew while it learns the user's domain. A topic the user added to the taxonomy gets a new head
 * that starts at zero. The public sets are not needed (and not shipped): the base model already
 * carries what they taught.
 */
import type { LabeledItem } from "../eval/dataset.js";
import { sigmoid, toFloatWeights, topicHead, type LinearModel } from "../model/linear-model.js";
import { trainLinear, type TrainOptions } from "../model/train-linear.js";
import type { RulesClassifier } from "../rules-classifier.js";
import type { TrainingSet } from "./corpus.js";
import { chooseThreshold, scoreExample, toTrainingExamples, type FeaturedItem } from "./fit.js";

export interface LocalTrainingInput {
  base: LinearModel;
  corrections: LabeledItem[];
  /**
   * Replayed so the model keeps its general behaviour: earshot's own training sets
   * (data/cx-train), weighted among themselves as the shipped model weighs them.
   */
  rehearsal: readonly TrainingSet[];
  /** Every topic of the user's taxonomy. */
  topics: readonly string[];
  rules: RulesClassifier;
}

/** Corrections outweigh any one replayed item: a person checked them, in the user's own domain. */
const CORRECTION_WEIGHT = 8;
/** Total weight of the replayed items: enough to hold the old behaviour, not to drown 30 corrections. */
const REHEARSAL_BUDGET = 1_000;
/** Budget of sentiment-only sets (cx-train-everyday) is counted by their sentiment share. */
const budgetOf = (set: TrainingSet): number => Math.max(set.budget, set.sentimentBudget ?? 0);
/** Folds over the corrections that choose a new topic head's threshold out of fold. */
const FOLDS = 3;
const TRAIN = { epochs: 8, learningRate: 0.3, l2: 1e-5, seed: 1 } as const;

export function fitLocalModel(input: LocalTrainingInput): LinearModel {
  const scale = REHEARSAL_BUDGET / input.rehearsal.reduce((sum, set) => sum + budgetOf(set), 0);
  const sets: TrainingSet[] = [
    ...input.rehearsal.map((set) => ({ ...set, budget: set.budget * scale, sentimentBudget: set.sentimentBudget === undefined ? undefined : set.sentimentBudget * scale })),
    { name: "corrections", items: input.corrections, budget: input.corrections.length * CORRECTION_WEIGHT },
  ];
  const featured = toTrainingExamples(sets, input.rules, input.base.buckets, input.base.meta.rulesFeatures);
  const topics = [...new Set([...input.base.heads.filter((h) => h.startsWith("topic:")).map((h) => h.slice(6)), ...input.topics])];
  const options = { buckets: input.base.buckets, topics, ...TRAIN, prior: { heads: input.base.heads, weights: toFloatWeights(input.base) } };
  const trained = trainLinear(featured.map((f) => f.example), options);
  const thresholds = { ...input.base.decisions.thresholds };
  const newTopics = topics.filter((topic) => !input.base.heads.includes(topicHead(topic)));
  if (newTopics.length > 0) Object.assign(thresholds, chooseNewHeadThresholds(featured, options, newTopics));
  return {
    buckets: input.base.buckets,
    heads: trained.heads,
    weights: trained.weights,
    decisions: { thresholds },
    meta: {
      id: "",
      createdAt: new Date(0).toISOString(),
      trainedOn: [...input.base.meta.trainedOn, { name: "corrections", items: input.corrections.length }],
      rulesFeatures: input.base.meta.rulesFeatures,
      command: "earshot train --corrections",
      base: input.base.meta.id,
      corrections: input.corrections.length,
    },
  };
}

/**
 * A topic only the corrections know has no validation slice of its own: each fold of the
 * corrections is scored by a model fitted without it, and the threshold with the best F1 over
 * those out-of-fold scores is the head's.
 */
function chooseNewHeadThresholds(featured: readonly FeaturedItem[], options: TrainOptions, topics: readonly string[]): Record<string, number> {
  const corrections = featured.filter((f) => f.set === "corrections");
  const scores = new Map(topics.map((t) => [t, [] as Array<[boolean, number]>]));
  for (let fold = 0; fold < FOLDS; fold++) {
    const held = new Set(corrections.filter((_, i) => i % FOLDS === fold));
    if (held.size === 0) continue;
    const trained = trainLinear(featured.filter((f) => !held.has(f)).map((f) => f.example), options);
    for (const f of held) {
      if (f.item.topics === undefined) continue;
      const margins = scoreExample(trained, f.example);
      for (const topic of topics) scores.get(topic)!.push([f.item.topics.includes(topic), sigmoid(margins[trained.heads.indexOf(topicHead(topic))]!)]);
    }
  }
  // From 0.05, ties to the lowest: a head trained on a few dozen positives rarely reaches the
  // usual probabilities, and recall is what a new topic lacks.
  return Object.fromEntries([...scores].map(([topic, pairs]) => [topicHead(topic), chooseThreshold(pairs, 0.05, 0.05)]));
}
