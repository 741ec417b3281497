/** Runs a classifier over labeled items and scores every field the items carry. */
import { SENTIMENTS, type Classification, type ClassifyInput, type Classifier, type SentimentLabel } from "../../core/classification.js";
import type { LabeledItem } from "./dataset.js";
import { accuracyOf, macroF1, perClass, scoreSets, toConfusion, toPrf, type Confusion, type Prf } from "./metrics.js";

export interface EvalOptions {
  /** Pass the gold `lang` to the classifier as a source-declared language. Default false. */
  trustLang?: boolean;
}

export interface SentimentScores {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Mean F1 of positive and negative only: SentiRuEval-2016's official F-macro. */
  posNegF1: number;
  perClass: Record<SentimentLabel, Prf>;
  confusion: Confusion<SentimentLabel>;
}

export interface EvalReport {
  n: number;
  sentiment: SentimentScores;
  complaint: { n: number; precision: number; recall: number; f1: number };
  topics: { n: number; microF1: number; macroF1: number; perTopic: Record<string, Prf> };
  stages: { n: number; microF1: number; macroF1: number };
  langId: { n: number; accuracy: number };
  byLang: Record<string, { n: number; sentimentMacroF1: number; complaintF1: number; topicsMicroF1: number; langIdAccuracy: number }>;
}

export interface ScoredItem {
  item: LabeledItem;
  result: Classification;
}

export function classifyItems(classifier: Classifier, items: readonly LabeledItem[], options: EvalOptions = {}): ScoredItem[] {
  return items.map((item) => ({ item, result: classifier.classify(toClassifyInput(item, options)) }));
}

/** What the classifier is given of a labelled item: its text, rating and channel (its language only when trusted). */
export function toClassifyInput(item: LabeledItem, options: EvalOptions = {}): ClassifyInput {
  const input: ClassifyInput = { text: item.text };
  if (options.trustLang && item.lang !== undefined) input.lang = item.lang;
  if (item.rating !== undefined) input.rating = item.rating;
  if (item.ratingScale !== undefined) input.ratingScale = item.ratingScale;
  if (item.channel !== undefined) input.channel = item.channel;
  return input;
}

export function scoreItems(scored: readonly ScoredItem[], stageOf: (topic: string) => string | undefined): EvalReport {
  const byLangGroups = new Map<string, ScoredItem[]>();
  for (const s of scored) {
    const lang = s.item.lang ?? "und";
    const group = byLangGroups.get(lang) ?? [];
    group.push(s);
    byLangGroups.set(lang, group);
  }
  const overall = scoreGroup(scored, stageOf);
  const byLang: EvalReport["byLang"] = {};
  for (const [lang, group] of [...byLangGroups].sort(([a], [b]) => a.localeCompare(b))) {
    const g = scoreGroup(group, stageOf);
    byLang[lang] = { n: g.n, sentimentMacroF1: g.sentiment.macroF1, complaintF1: g.complaint.f1, topicsMicroF1: g.topics.microF1, langIdAccuracy: g.langId.accuracy };
  }
  return { ...overall, byLang };
}

function scoreGroup(scored: readonly ScoredItem[], stageOf: (topic: string) => string | undefined): Omit<EvalReport, "byLang"> {
  const sentimentPairs = scored.filter((s) => s.item.sentiment !== undefined).map((s) => [s.item.sentiment!, s.result.sentiment] as const);
  const confusion = toConfusion(SENTIMENTS, sentimentPairs);
  const classes = perClass(SENTIMENTS, confusion);

  const complaintItems = scored.filter((s) => s.item.complaint !== undefined);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of complaintItems) {
    if (s.item.complaint && s.result.complaint) tp++;
    else if (!s.item.complaint && s.result.complaint) fp++;
    else if (s.item.complaint && !s.result.complaint) fn++;
  }
  const complaint = toPrf(tp, fp, fn);

  const topicItems = scored.filter((s) => s.item.topics !== undefined);
  const topics = scoreSets(topicItems.map((s) => [s.item.topics!, s.result.topics] as const));
  const toStages = (ids: readonly string[]) => [...new Set(ids.map(stageOf).filter((x): x is string => x !== undefined))];
  const stages = scoreSets(topicItems.map((s) => [toStages(s.item.topics!), toStages(s.result.topics)] as const));

  const langItems = scored.filter((s) => s.item.lang !== undefined);
  const langCorrect = langItems.filter((s) => s.item.lang === s.result.lang).length;

  return {
    n: scored.length,
    sentiment: {
      n: sentimentPairs.length,
      accuracy: accuracyOf(SENTIMENTS, confusion),
      macroF1: macroF1(classes, SENTIMENTS),
      posNegF1: macroF1(classes, ["positive", "negative"]),
      perClass: classes,
      confusion,
    },
    complaint: { n: complaintItems.length, precision: complaint.precision, recall: complaint.recall, f1: complaint.f1 },
    topics: { n: topicItems.length, microF1: topics.micro.f1, macroF1: topics.macroF1, perTopic: topics.perLabel },
    stages: { n: topicItems.length, microF1: stages.micro.f1, macroF1: stages.macroF1 },
    langId: { n: langItems.length, accuracy: langItems.length === 0 ? 0 : langCorrect / langItems.length },
  };
}
