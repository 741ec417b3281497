/**
 * The optional learned layer: natural's naive Bayes over the same tokens the rules see (folded
 * words, their stems, emoji, a rating bucket), one model for sentiment and one for complaints.
 * Rules stay the explainable baseline; `earshot train` reports both on held-out folds, so the
 * learned layer is used only where it beats the rules on texts it was not trained on.
 */
import BayesClassifier from "natural/lib/natural/classifiers/bayes_classifier.js";
import { SENTIMENTS, type Classifier, type SentimentLabel } from "../core/classification.js";
import { detectLanguage } from "../text/lang-id.js";
import { stemWord } from "../text/stem.js";
import { tokenize } from "../text/tokenize.js";
import type { LabeledItem } from "./eval/dataset.js";
import { macroF1, perClass, toConfusion, toPrf } from "./eval/metrics.js";

export interface LearnedModel {
  classify(text: string, options?: { lang?: string; rating?: number; ratingScale?: number }): { sentiment: SentimentLabel; complaint: boolean };
  /** Plain JSON for a model file. */
  toJSON(): unknown;
}

/** Features of one text: folded words, stems, emoji/emoticons and a rating bucket. */
export function toFeatures(text: string, options: { lang?: string; rating?: number; ratingScale?: number } = {}): string[] {
  const tokenized = tokenize(text.normalize("NFC"));
  const lang = detectLanguage(text, tokenized.tokens, options.lang).lang;
  const features: string[] = [];
  for (const token of tokenized.tokens) {
    if (token.kind === "word") {
      features.push(token.norm);
      const stem = stemWord(lang, token.norm);
      if (stem !== token.norm) features.push(`~${stem}`);
    } else if (token.kind === "emoji" || token.kind === "emoticon" || (token.kind === "punct" && /[?!]/.test(token.norm))) {
      features.push(token.norm);
    }
  }
  if (options.rating !== undefined) {
    const stars = (options.ratingScale ?? 5) === 5 ? options.rating : 1 + (options.rating / (options.ratingScale ?? 5)) * 4;
    features.push(`rating:${Math.round(stars)}`);
  }
  return features;
}

export function trainLearnedModel(items: readonly LabeledItem[]): LearnedModel {
  const sentiment = new BayesClassifier();
  const complaint = new BayesClassifier();
  let sentimentDocs = 0;
  let complaintDocs = 0;
  for (const item of items) {
    const features = toFeatures(item.text, item);
    if (features.length === 0) continue;
    if (item.sentiment !== undefined) {
      sentiment.addDocument(features, item.sentiment);
      sentimentDocs++;
    }
    if (item.complaint !== undefined) {
      complaint.addDocument(features, String(item.complaint));
      complaintDocs++;
    }
  }
  if (sentimentDocs > 0) sentiment.train();
  if (complaintDocs > 0) complaint.train();
  return wrap(sentiment, complaint, sentimentDocs > 0, complaintDocs > 0);
}

export function restoreLearnedModel(json: unknown): LearnedModel {
  const raw = json as { sentiment: unknown; complaint: unknown };
  return wrap(BayesClassifier.restore(raw.sentiment), BayesClassifier.restore(raw.complaint), true, true);
}

function wrap(sentiment: BayesClassifier, complaint: BayesClassifier, hasSentiment: boolean, hasComplaint: boolean): LearnedModel {
  return {
    classify(text, options = {}) {
      const features = toFeatures(text, options);
      const label = hasSentiment && features.length > 0 ? (sentiment.classify(features) as SentimentLabel) : "neutral";
      return { sentiment: label, complaint: hasComplaint && features.length > 0 ? complaint.classify(features) === "true" : false };
    },
    toJSON: () => ({ sentiment, complaint }),
  };
}

export interface FoldScores {
  sentimentMacroF1: number;
  complaintF1: number;
}

export interface CrossValidation {
  folds: number;
  n: number;
  rules: FoldScores;
  learned: FoldScores;
}

/**
 * k-fold cross-validation of the learned layer next to the rules on the same held-out items.
 * cx-dev's items with the same number are one scenario in four languages with the same labels,
 * so folds are drawn by scenario (the id's trailing number) to keep a scenario's translations
 * out of its own training data.
 */
export function crossValidate(items: readonly LabeledItem[], rules: Classifier, folds = 5): CrossValidation {
  const foldOf = (item: LabeledItem, index: number): number => {
    const scenario = /(\d+)$/.exec(item.id)?.[1];
    return (scenario === undefined ? index : Number(scenario)) % folds;
  };
  const rulePairs: Array<[SentimentLabel, SentimentLabel]> = [];
  const learnedPairs: Array<[SentimentLabel, SentimentLabel]> = [];
  const ruleComplaints: Array<[boolean, boolean]> = [];
  const learnedComplaints: Array<[boolean, boolean]> = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = items.filter((item, i) => foldOf(item, i) !== fold);
    const test = items.filter((item, i) => foldOf(item, i) === fold);
    const model = trainLearnedModel(train);
    for (const item of test) {
      const input = { text: item.text, ...(item.rating !== undefined ? { rating: item.rating } : {}), ...(item.ratingScale !== undefined ? { ratingScale: item.ratingScale } : {}) };
      const ruled = rules.classify(input);
      const learned = model.classify(item.text, input);
      if (item.sentiment !== undefined) {
        rulePairs.push([item.sentiment, ruled.sentiment]);
        learnedPairs.push([item.sentiment, learned.sentiment]);
      }
      if (item.complaint !== undefined) {
        ruleComplaints.push([item.complaint, ruled.complaint]);
        learnedComplaints.push([item.complaint, learned.complaint]);
      }
    }
  }
  const scores = (sentiment: Array<[SentimentLabel, SentimentLabel]>, complaints: Array<[boolean, boolean]>): FoldScores => ({
    sentimentMacroF1: macroF1(perClass(SENTIMENTS, toConfusion(SENTIMENTS, sentiment)), SENTIMENTS),
    complaintF1: toPrf(
      complaints.filter(([g, p]) => g && p).length,
      complaints.filter(([g, p]) => !g && p).length,
      complaints.filter(([g, p]) => g && !p).length,
    ).f1,
  });
  return { folds, n: items.length, rules: scores(rulePairs, ruleComplaints), learned: scores(learnedPairs, learnedComplaints) };
}
