import type { Classifier } from "../core/classification.js";
import type { NewClassification } from "../store/types.js";

/** The stored fields the classifier reads; both new drafts and stored mentions have them. */
export interface ClassifiableText {
  text: string;
  title?: string | null | undefined;
  lang?: string | null | undefined;
  rating?: number | null | undefined;
  ratingScale?: number | null | undefined;
  channel: string;
}

/** The classification columns of a mention plus the stage of each topic, as the store keeps them. */
export interface StoredClassification {
  columns: Omit<NewClassification, "id" | "topicStages">;
  topicStages: NewClassification["topicStages"];
}

/** Classifies a mention for storage: used by scans and by `reclassify`, so both store the same shape. */
export function toStoredClassification(classifier: Classifier, mention: ClassifiableText): StoredClassification {
  const hasRating = mention.rating !== undefined && mention.rating !== null;
  const result = classifier.classify({
    text: mention.text,
    ...(mention.title ? { title: mention.title } : {}),
    ...(mention.lang ? { lang: mention.lang } : {}),
    ...(hasRating ? { rating: mention.rating!, ratingScale: mention.ratingScale ?? 5 } : {}),
    channel: mention.channel,
  });
  return {
    columns: {
      lang: result.lang,
      sentiment: result.sentiment,
      sentimentScore: result.sentimentScore,
      complaint: result.complaint,
      topics: result.topics,
      stages: result.stages,
      evidence: result.evidence,
      classifierVersion: result.version,
    },
    topicStages: result.topics.map((topic) => ({ topic, stage: classifier.stageOf(topic) ?? "unknown" })),
  };
}
