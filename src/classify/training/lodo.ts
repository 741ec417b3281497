/**
 * Leave-one-dataset-out evaluation: each evaluation set is scored by models fitted without it
 * (sets the shipped model never trains on, and the official test part of BANKING77, are scored by
 * the models fitted on everything else), for
 * three classifiers — the rules alone, the model on text alone, and the combined model the product
 * ships — so every figure predicts text the model was not trained on.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Classifier } from "../../core/classification.js";
import type { LabeledItem } from "../eval/dataset.js";
import { classifyItems, scoreItems, type EvalReport } from "../eval/evaluate.js";
import { loadLabeledItems } from "../eval/load.js";
import type { LinearModel } from "../model/linear-model.js";
import type { RulesClassifier } from "../rules-classifier.js";
import { loadTrainingSets, type CorpusRoots, type TrainingSet } from "./corpus.js";
import { DEFAULT_BUCKETS, fitModel, toTrainingExamples, type FeaturedItem } from "./fit.js";
import { loadProjectSet } from "./paths.js";
import { parseAbsaXml, parseBanking77Csv } from "./public-sets.js";

export type Metric = "sentimentMacroF1" | "posNegF1" | "complaintF1" | "topicsMicroF1";

export interface EvaluationSet {
  name: string;
  /** Training sets left out of the models that score this set. */
  without: string[];
  /** Only these topics are scored (a set labelled with a few topics), when given. */
  topics?: readonly string[];
  /** The headline figure and the target for it. */
  metric: Metric;
  target?: number;
  load: (roots: Required<CorpusRoots>) => Promise<LabeledItem[]>;
}

export const EVALUATION_SETS: readonly EvaluationSet[] = [
  {
    name: "cx-test (own test split, never trained on)", without: [], metric: "topicsMicroF1",
    load: (r) => loadProjectSet("cx-test", r.project),
  },
  { name: "cx-dev", without: [], metric: "topicsMicroF1", load: (r) => loadLabeledItems(join(r.datasets, "cx-dev.jsonl"), "cx") },
  { name: "vader-tweets", without: ["vader-tweets"], metric: "sentimentMacroF1", target: 0.74, load: (r) => loadLabeledItems(join(r.datasets, "vader", "tweets_GroundTruth.txt"), "vader") },
  {
    name: "sentirueval2016-tkk", without: [], metric: "posNegF1", target: 0.52,
    load: (r) => loadLabeledItems(join(r.datasets, "sentirueval2016-ru-telecom", "tkk_test_etalon.xml"), "sentirueval"),
  },
  { name: "finnsentiment", without: [], metric: "sentimentMacroF1", target: 0.62, load: (r) => loadLabeledItems(join(r.datasets, "finnsentiment"), "finnsentiment") },
  {
    name: "banking77 test (official split)", without: [], metric: "topicsMicroF1", target: 0.8,
    load: async (r) => parseBanking77Csv(await readFile(join(r.datasets, "training", "banking77", "test.csv"), "utf8"), "banking77/test.csv"),
  },
  {
    name: "restaurants-2014 test (official split)", without: [], metric: "topicsMicroF1", target: 0.6, topics: ["product_quality", "staff_competence", "pricing_terms"],
    load: async (r) => parseAbsaXml(await readFile(join(r.datasets, "training", "absa-restaurants-hotels", "Restaurants_Test_Data_phaseB.xml"), "utf8"), "Restaurants_Test_Data_phaseB.xml"),
  },
];

export interface LodoRow {
  set: string;
  n: number;
  metric: Metric;
  target?: number;
  rules: EvalReport;
  model: EvalReport;
  combined: EvalReport;
  /** Training sets the two models of this row were fitted on. */
  trainedOn: string[];
}

export interface LodoOptions {
  roots: Required<CorpusRoots>;
  topics: readonly string[];
  /** Builds the rules classifier and a classifier around a model (the CLI's createClassifier). */
  rules: RulesClassifier;
  withModel: (model: LinearModel) => Classifier;
  command: string;
  log?: (line: string) => void;
}

export async function evaluateLeaveOneOut(options: LodoOptions): Promise<LodoRow[]> {
  const sets = await loadTrainingSets(options.roots);
  const featured = {
    combined: toTrainingExamples(sets, options.rules, DEFAULT_BUCKETS, true),
    model: toTrainingExamples(sets, options.rules, DEFAULT_BUCKETS, false),
  };
  const models = new Map<string, { combined: Classifier; model: Classifier }>();
  const modelsWithout = (without: readonly string[]) => {
    const key = [...without].sort().join(",");
    let pair = models.get(key);
    if (pair === undefined) {
      options.log?.(`fitting without [${key}]`);
      const fit = (rows: FeaturedItem[]) => {
        const kept = rows.filter((f) => !without.includes(f.set));
        const keptSets = sets.filter((s) => !without.includes(s.name));
        return options.withModel(fitModel(kept, keptSets, { topics: options.topics, rulesFeatures: rows === featured.combined, command: options.command }));
      };
      pair = { combined: fit(featured.combined), model: fit(featured.model) };
      models.set(key, pair);
    }
    return pair;
  };
  const rows: LodoRow[] = [];
  for (const evaluation of EVALUATION_SETS) {
    const items = await evaluation.load(options.roots);
    const pair = modelsWithout(evaluation.without);
    const score = (classifier: Classifier) => {
      const scored = classifyItems(classifier, items, { trustLang: evaluation.name !== "cx-dev" && !evaluation.name.startsWith("cx-test") });
      if (evaluation.topics !== undefined) {
        const keep = new Set(evaluation.topics);
        for (const s of scored) s.result = { ...s.result, topics: s.result.topics.filter((t) => keep.has(t)) };
      }
      return scoreItems(scored, (topic) => options.rules.stageOf(topic));
    };
    rows.push({
      set: evaluation.name,
      n: items.length,
      metric: evaluation.metric,
      ...(evaluation.target !== undefined ? { target: evaluation.target } : {}),
      rules: score(options.rules),
      model: score(pair.model),
      combined: score(pair.combined),
      trainedOn: sets.filter((s) => !evaluation.without.includes(s.name)).map((s) => s.name),
    });
  }
  return rows;
}

export function headline(report: EvalReport, metric: Metric): number {
  switch (metric) {
    case "sentimentMacroF1":
      return report.sentiment.macroF1;
    case "posNegF1":
      return report.sentiment.posNegF1;
    case "complaintF1":
      return report.complaint.f1;
    case "topicsMicroF1":
      return report.topics.microF1;
  }
}

export type { TrainingSet };
