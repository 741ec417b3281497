/** The four journey stages of TAXONOMY.md, in journey order. */
export const STAGES = ["acquisition", "conversion", "service", "after_sales"] as const;
export type Stage = (typeof STAGES)[number];

export const SENTIMENTS = ["negative", "neutral", "positive"] as const;
export type SentimentLabel = (typeof SENTIMENTS)[number];

/** Topic ids are data (the taxonomy file), so they are plain strings such as `slow_reply`. */
export type TopicId = string;

/** One piece of evidence behind a label: a matched term or pattern and where it matched. */
export interface Evidence {
  /** What this evidence supports. */
  kind: "sentiment" | "complaint" | "topic" | "language";
  /** For topic evidence, the topic id. */
  topic?: TopicId;
  /** The matched text (or a rule name such as `rating:1/5`). */
  match: string;
  /** Character offsets into the classified text, when the evidence is a span. */
  start?: number;
  end?: number;
  /** Signed contribution (sentiment) or strength (topic/complaint). */
  weight?: number;
  /** Who found it: the rules (when absent) or the learned model (its strongest n-grams). */
  by?: "model";
}

/**
 * The string the classifier reads and evidence offsets point into: the title, a newline, then the
 * text. The store derives evidence matches from it, so both sides must agree on it.
 */
export function toClassifiedBody(mention: { title?: string | null | undefined; text: string }): string {
  return mention.title ? `${mention.title}\n${mention.text}` : mention.text;
}

/** What the classifier needs to know about a mention. */
export interface ClassifyInput {
  text: string;
  title?: string;
  /** Source-declared language; trusted over detection when present. */
  lang?: string;
  rating?: number;
  /** 5 (stars, default) or 10 (0–10 survey score). */
  ratingScale?: number;
  channel?: string;
}

export interface Classification {
  /** ISO 639-1 code, or `und` when undetermined. */
  lang: string;
  sentiment: SentimentLabel;
  /** In [-1, 1]. */
  sentimentScore: number;
  complaint: boolean;
  topics: TopicId[];
  stages: Stage[];
  evidence: Evidence[];
  /** Classifier + taxonomy version; stored mentions with an older version are reclassified. */
  version: string;
}

export interface Classifier {
  readonly version: string;
  classify(input: ClassifyInput): Classification;
  /** The journey stage a topic id maps to in this classifier's taxonomy (undefined for unknown ids). */
  stageOf(topic: TopicId): Stage | undefined;
}
