/** Fits the shipped model from every training set present: what `earshot train` runs. */
import type { LinearModel } from "../model/linear-model.js";
import type { RulesClassifier } from "../rules-classifier.js";
import { loadTrainingSets, type CorpusRoots, type TrainingSet } from "./corpus.js";
import { DEFAULT_BUCKETS, fitModel, toTrainingExamples } from "./fit.js";

export interface ShippedTraining {
  model: LinearModel;
  sets: TrainingSet[];
}

export async function trainShippedModel(roots: CorpusRoots, rules: RulesClassifier, topics: readonly string[], command: string): Promise<ShippedTraining> {
  const sets = await loadTrainingSets(roots);
  const featured = toTrainingExamples(sets, rules, DEFAULT_BUCKETS, true);
  const model = fitModel(featured, sets, { topics, rulesFeatures: true, command });
  return { model, sets };
}
