/**
 * The classifier with the learned model on: the rules read the text first (their verdict is a
 * feature), the model decides sentiment, complaint and each topic it has a head for, and topics
 * it does not know (a user's own taxonomy additions) stay with the rules. Evidence keeps the
 * rules' cues for the labels that survive and adds the model's strongest n-grams as spans.
 */
import { STAGES, type Classification, type ClassifyInput, type Evidence, type SentimentLabel, type Stage } from "../../core/classification.js";
import type { RulesClassifier } from "../rules-classifier.js";
import { createFeatureBuffer, toFeatures, type FeatureVector } from "./features.js";
import { COMPLAINT_HEAD, SENTIMENT_HEADS, pickSentiment, scoreHeads, sigmoid, toSentimentProbabilities, topicHead, type LinearModel } from "./linear-model.js";

/** Spans shown per decided label. */
const EVIDENCE_SPANS = 2;

export interface ModelClassifierParts {
  rules: RulesClassifier;
  model: LinearModel;
  version: string;
}

export function createModelClassifier(parts: ModelClassifierParts): RulesClassifier {
  const { rules, model, version } = parts;
  const heads = new Map(model.heads.map((h, i) => [h, i]));
  const sentimentIndex = SENTIMENT_HEADS.map((h) => heads.get(h)!);
  const complaintIndex = heads.get(COMPLAINT_HEAD)!;
  const modelTopics = model.heads.filter((h) => h.startsWith("topic:")).map((h) => h.slice("topic:".length));
  const buffer = createFeatureBuffer();
  const margins = new Float64Array(model.heads.length);
  const thresholdOf = (head: string, lang: string): number => model.decisions.thresholds[`${head}@${lang}`] ?? model.decisions.thresholds[head] ?? 0.5;

  const read: RulesClassifier["read"] = (input) => {
    const reading = rules.read(input);
    const ruled = reading.classification;
    const features = toFeatures(
      { tokenized: reading.tokenized, lang: ruled.lang, channel: input.channel, rating: input.rating, ratingScale: input.ratingScale, rules: model.meta.rulesFeatures ? ruled : undefined },
      model.buckets,
      buffer,
    );
    scoreHeads(model, features, margins);
    const probabilities = toSentimentProbabilities(margins, sentimentIndex);
    const sentiment = pickSentiment(probabilities, model.decisions.sentimentOffsets);
    const complaintProbability = sigmoid(margins[complaintIndex]!);
    const complaint = complaintProbability >= thresholdOf(COMPLAINT_HEAD, ruled.lang);
    const topics: string[] = [];
    const topicProbabilities = new Map<string, number>();
    for (const topic of modelTopics) {
      if (rules.stageOf(topic) === undefined) continue;
      const p = sigmoid(margins[heads.get(topicHead(topic))!]!);
      if (p >= thresholdOf(topicHead(topic), ruled.lang)) {
        topics.push(topic);
        topicProbabilities.set(topic, p);
      }
    }
    for (const topic of ruled.topics) if (!heads.has(topicHead(topic))) topics.push(topic);

    const evidence = keepRulesEvidence(ruled.evidence, sentiment, complaint, new Set(topics));
    const addSpans = (kind: Evidence["kind"], head: number, against: readonly number[], topic?: string) => {
      for (const span of strongestSpans(model, features, head, against)) {
        evidence.push({ kind, ...(topic !== undefined ? { topic } : {}), match: reading.text.slice(span.start, span.end), start: span.start, end: span.end, weight: round(span.weight), by: "model" });
      }
    };
    if (sentiment !== "neutral") {
      const chosen = sentimentIndex[sentiment === "negative" ? 0 : 2]!;
      addSpans("sentiment", chosen, sentimentIndex.filter((i) => i !== chosen));
    }
    if (complaint) {
      evidence.push({ kind: "complaint", match: `model:${complaintProbability.toFixed(2)}`, weight: round(complaintProbability), by: "model" });
      addSpans("complaint", complaintIndex, []);
    }
    for (const [topic, p] of topicProbabilities) {
      evidence.push({ kind: "topic", topic, match: `model:${p.toFixed(2)}`, weight: round(p), by: "model" });
      addSpans("topic", heads.get(topicHead(topic))!, [], topic);
    }
    const stages = new Set<Stage>();
    for (const topic of topics) {
      const stage = rules.stageOf(topic);
      if (stage !== undefined) stages.add(stage);
    }
    const classification: Classification = {
      lang: ruled.lang,
      sentiment,
      sentimentScore: round(probabilities[2] - probabilities[0]),
      complaint,
      topics,
      stages: STAGES.filter((s) => stages.has(s)),
      evidence,
      version,
    };
    return { ...reading, classification };
  };
  return { version, stageOf: rules.stageOf, read, classify: (input: ClassifyInput) => read(input).classification };
}

/** The rules' evidence for the labels the combined verdict kept (the language line always). */
function keepRulesEvidence(evidence: readonly Evidence[], sentiment: SentimentLabel, complaint: boolean, topics: ReadonlySet<string>): Evidence[] {
  return evidence.filter((e) => {
    if (e.kind === "topic") return e.topic !== undefined && topics.has(e.topic);
    if (e.kind === "complaint") return complaint;
    if (e.kind === "sentiment") return sentiment !== "neutral" || e.match.startsWith("rating");
    return true;
  });
}

interface Span {
  start: number;
  end: number;
  weight: number;
}

/**
 * The text spans that pushed `head` up most (summed over the features of each span, e.g. a word
 * and its character n-grams), relative to the mean of the competing `against` heads.
 */
function strongestSpans(model: LinearModel, features: FeatureVector, head: number, against: readonly number[]): Span[] {
  const H = model.heads.length;
  const bySpan = new Map<number, Span>();
  for (let f = 0; f < features.length; f++) {
    const start = features.starts[f]!;
    if (start < 0) continue;
    const base = features.indices[f]! * H;
    let w = model.weights[base + head]!;
    if (against.length > 0) {
      let other = 0;
      for (const a of against) other += model.weights[base + a]!;
      w -= other / against.length;
    }
    const contribution = w * features.values[f]!;
    const end = features.ends[f]!;
    const key = start * 4_294_967_296 + end;
    const span = bySpan.get(key);
    if (span === undefined) bySpan.set(key, { start, end, weight: contribution });
    else span.weight += contribution;
  }
  return [...bySpan.values()]
    .filter((s) => s.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.start - b.start)
    .slice(0, EVIDENCE_SPANS)
    .sort((a, b) => a.start - b.start);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
