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
  // Topics of the model that the taxonomy still has (a config may remove default topics).
  const modelTopics = model.heads
    .map((h, index) => ({ topic: h.slice("topic:".length), index, isTopic: h.startsWith("topic:") }))
    .filter((t) => t.isTopic && rules.stageOf(t.topic) !== undefined);
  const buffer = createFeatureBuffer();
  const margins = new Float64Array(model.heads.length);
  const thresholdOf = (head: string, lang: string): number => model.decisions.thresholds[`${head}@${lang}`] ?? model.decisions.thresholds[head] ?? 0.5;
  // Thresholds per language, resolved once per language rather than per mention.
  const thresholdsByLang = new Map<string, { complaint: number; topics: Float64Array }>();
  const thresholdsFor = (lang: string) => {
    let found = thresholdsByLang.get(lang);
    if (found === undefined) {
      found = { complaint: thresholdOf(COMPLAINT_HEAD, lang), topics: Float64Array.from(modelTopics, (t) => thresholdOf(topicHead(t.topic), lang)) };
      thresholdsByLang.set(lang, found);
    }
    return found;
  };

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
    const sentiment = pickSentiment(probabilities);
    const complaintProbability = sigmoid(margins[complaintIndex]!);
    const thresholds = thresholdsFor(ruled.lang);
    const complaint = complaintProbability >= thresholds.complaint;
    const topics: string[] = [];
    const decidedTopics: Array<{ topic: string; index: number; p: number }> = [];
    modelTopics.forEach((t, i) => {
      const p = sigmoid(margins[t.index]!);
      if (p >= thresholds.topics[i]!) {
        topics.push(t.topic);
        decidedTopics.push({ topic: t.topic, index: t.index, p });
      }
    });
    for (const topic of ruled.topics) if (!heads.has(topicHead(topic))) topics.push(topic);

    const evidence = keepRulesEvidence(ruled.evidence, sentiment, complaint, new Set(topics));
    const decided: Decided[] = [];
    if (sentiment !== "neutral") {
      const chosen = sentimentIndex[sentiment === "negative" ? 0 : 2]!;
      decided.push({ kind: "sentiment", head: chosen, against: sentimentIndex.filter((i) => i !== chosen) });
    }
    if (complaint) {
      evidence.push({ kind: "complaint", match: `model:${complaintProbability.toFixed(2)}`, weight: round(complaintProbability), by: "model" });
      decided.push({ kind: "complaint", head: complaintIndex, against: [] });
    }
    for (const { topic, index, p } of decidedTopics) {
      evidence.push({ kind: "topic", topic, match: `model:${p.toFixed(2)}`, weight: round(p), by: "model" });
      decided.push({ kind: "topic", topic, head: index, against: [] });
    }
    const spans = strongestSpans(model, features, decided);
    decided.forEach((label, i) => {
      // Sentiment evidence is signed like the rules' valences (negative pulls down); the other
      // labels' weights are strengths.
      const sign = label.kind === "sentiment" && sentiment === "negative" ? -1 : 1;
      for (const span of spans[i]!) {
        evidence.push({ kind: label.kind, ...(label.topic !== undefined ? { topic: label.topic } : {}), match: reading.text.slice(span.start, span.end), start: span.start, end: span.end, weight: round(sign * span.weight), by: "model" });
      }
    });
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

/** A label the model decided, and the heads its evidence is measured against. */
interface Decided {
  kind: Evidence["kind"];
  topic?: string;
  head: number;
  /** Competing heads (the other sentiment classes): contributions count relative to their mean. */
  against: readonly number[];
}

/**
 * For each decided label, the text spans that pushed its head up most: one pass over the
 * features, summing each run of features that share a span (a word with its stem and
 * character n-grams; toFeatures emits them together), keeping the best few per label. The
 * classify path runs this for every mention, so no map and no sort of all spans.
 */
function strongestSpans(model: LinearModel, features: FeatureVector, decided: readonly Decided[]): Span[][] {
  const H = model.heads.length;
  const best: Span[][] = decided.map(() => []);
  if (decided.length === 0) return best;
  // Each label as coefficients over heads (its head at +scale, each competitor at −scale/n), flat:
  // the inner loop then reads only typed arrays.
  const scaleOf = (head: number) => model.scales?.[head] ?? 1;
  const offsets = new Int32Array(decided.length + 1);
  const terms: Array<[number, number]> = [];
  decided.forEach((label, d) => {
    terms.push([label.head, scaleOf(label.head)]);
    for (const a of label.against) terms.push([a, -scaleOf(a) / label.against.length]);
    offsets[d + 1] = terms.length;
  });
  const termHeads = Int32Array.from(terms, (t) => t[0]);
  const termCoefs = Float64Array.from(terms, (t) => t[1]);
  const { weights } = model;
  const run = new Float64Array(decided.length);
  let runStart = -1;
  let runEnd = -1;
  for (let f = 0; f < features.length; f++) {
    const start = features.starts[f]!;
    if (start < 0) continue;
    const end = features.ends[f]!;
    if (start !== runStart || end !== runEnd) {
      if (runStart >= 0) for (let d = 0; d < decided.length; d++) offer(best[d]!, runStart, runEnd, run[d]!);
      run.fill(0);
      runStart = start;
      runEnd = end;
    }
    const base = features.indices[f]! * H;
    const value = features.values[f]!;
    for (let d = 0; d < decided.length; d++) {
      let w = 0;
      for (let t = offsets[d]!; t < offsets[d + 1]!; t++) w += weights[base + termHeads[t]!]! * termCoefs[t]!;
      run[d]! += w * value;
    }
  }
  if (runStart >= 0) for (let d = 0; d < decided.length; d++) offer(best[d]!, runStart, runEnd, run[d]!);
  return best.map((spans) => spans.sort((a, b) => a.start - b.start));
}

/** Keeps the EVIDENCE_SPANS strongest positive spans; a span seen again keeps its larger sum. */
function offer(spans: Span[], start: number, end: number, weight: number): void {
  if (weight <= 0) return;
  let weakest = -1;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.start === start && span.end === end) {
      if (weight > span.weight) span.weight = weight;
      return;
    }
    if (weakest < 0 || span.weight < spans[weakest]!.weight) weakest = i;
  }
  if (spans.length < EVIDENCE_SPANS) spans.push({ start, end, weight });
  else if (weight > spans[weakest]!.weight) spans[weakest] = { start, end, weight };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
