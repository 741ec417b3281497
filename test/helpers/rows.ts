import type { NewMention, PageRow } from "../../src/store/sqlite/mentions.js";

/** A stored-mention row with plausible defaults; tests override what they check. */
export function toTestRow(externalId: string, overrides: Partial<NewMention> = {}, topicStages: PageRow["topicStages"] = []): PageRow {
  return {
    mention: {
      externalId,
      text: `text of ${externalId}`,
      channel: "review",
      fetchedAt: new Date("2026-11-20T10:00:00Z"),
      publishedAt: new Date("2026-11-19T10:00:00Z"),
      contentHash: `hash-${externalId}`,
      sentiment: "negative",
      sentimentScore: -0.5,
      complaint: topicStages.length > 0,
      topics: topicStages.map((t) => t.topic),
      stages: [...new Set(topicStages.map((t) => t.stage))],
      evidence: [],
      classifierVersion: "test-1",
      ...overrides,
    },
    topicStages,
  };
}
