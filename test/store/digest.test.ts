import { describe, expect, it } from "vitest";
import { countComplaintsByTopicAndStage, countMentionsByBucket, hasMentionsIn, listEvidenceCandidates, loadLatestMentionTime } from "../../src/store/sqlite/digest.js";
import { seedDigestDb } from "../digest/seed.js";

const weeks = [
  { start: new Date("2026-11-09T00:00:00Z"), end: new Date("2026-11-16T00:00:00Z") },
  { start: new Date("2026-11-16T00:00:00Z"), end: new Date("2026-11-23T00:00:00Z") },
];

describe("digest aggregates (store/digest.ts)", () => {
  it("files each mention in the bucket holding its time: start inclusive, end exclusive", () => {
    const db = seedDigestDb([
      { at: "2026-11-09T00:00:00Z" },
      { at: "2026-11-15T23:59:59.999Z" },
      { at: "2026-11-16T00:00:00Z" },
      { at: "2026-11-23T00:00:00Z" },
      { at: "2026-11-08T23:59:59.999Z" },
    ]);
    const rows = countMentionsByBucket(db, weeks);
    expect(rows.map((r) => [r.bucket, r.mentions])).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });

  it("counts sentiment, complaints and 0–10 survey answers (promoters 9–10, detractors 0–6) per source, channel and language", () => {
    const db = seedDigestDb([
      { at: "2026-11-17T10:00:00Z", topics: [["delivery", "after_sales"]], overrides: { sentiment: "negative", lang: "lt" } },
      { at: "2026-11-17T11:00:00Z", overrides: { sentiment: "positive", channel: "survey", rating: 10, ratingScale: 10, lang: "lt" } },
      { at: "2026-11-17T12:00:00Z", overrides: { sentiment: "neutral", channel: "survey", rating: 7, ratingScale: 10, lang: "lt" } },
      { at: "2026-11-17T13:00:00Z", overrides: { sentiment: "negative", channel: "survey", rating: 3, ratingScale: 10, lang: "lt" } },
      // Five stars is not a survey score.
      { at: "2026-11-17T14:00:00Z", overrides: { sentiment: "positive", channel: "review", rating: 5, ratingScale: 5, lang: "lt" } },
    ]);
    const rows = countMentionsByBucket(db, weeks).filter((r) => r.bucket === 1);
    const survey = rows.find((r) => r.channel === "survey")!;
    const review = rows.find((r) => r.channel === "review")!;
    expect(survey).toMatchObject({ sourceName: "feed", mentions: 3, npsResponses: 3, promoters: 1, detractors: 1, positive: 1, neutral: 1, negative: 1 });
    expect(review).toMatchObject({ mentions: 2, complaints: 1, npsResponses: 0 });
  });

  it("leaves cross-source repeats (duplicate_of) out of every count", () => {
    const text = "The courier left my parcel in the rain and it was soaked through completely.";
    const db = seedDigestDb([
      { at: "2026-11-17T10:00:00Z", source: "a", topics: [["delivery", "after_sales"]], overrides: { text, contentHash: "same" } },
      { at: "2026-11-17T11:00:00Z", source: "b", topics: [["delivery", "after_sales"]], overrides: { text, contentHash: "same" } },
    ]);
    expect(db.$client.prepare("select count(*) as n from mentions where duplicate_of is not null").get()).toEqual({ n: 1 });
    expect(countMentionsByBucket(db, weeks).reduce((s, r) => s + r.mentions, 0)).toBe(1);
    expect(countComplaintsByTopicAndStage(db, weeks)).toEqual({
      topics: [{ bucket: 1, topic: "delivery", stage: "after_sales", complaints: 1 }],
      stages: [{ bucket: 1, stage: "after_sales", complaints: 1 }],
    });
  });

  it("counts a complaint once per topic but once per stage, and ignores topics on non-complaints", () => {
    const db = seedDigestDb([
      { at: "2026-11-17T10:00:00Z", topics: [["delivery", "after_sales"], ["returns_refunds", "after_sales"], ["slow_reply", "service"]] },
      { at: "2026-11-18T10:00:00Z", topics: [["delivery", "after_sales"]], overrides: { complaint: false } },
    ]);
    const { topics, stages } = countComplaintsByTopicAndStage(db, weeks);
    expect(topics.sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
      { bucket: 1, topic: "delivery", stage: "after_sales", complaints: 1 },
      { bucket: 1, topic: "returns_refunds", stage: "after_sales", complaints: 1 },
      { bucket: 1, topic: "slow_reply", stage: "service", complaints: 1 },
    ]);
    expect(stages.sort((a, b) => a.stage.localeCompare(b.stage))).toEqual([
      { bucket: 1, stage: "after_sales", complaints: 1 },
      { bucket: 1, stage: "service", complaints: 1 },
    ]);
  });

  it("samples evidence candidates per topic within the bucket, with text cut to the limit", () => {
    const db = seedDigestDb([
      ...Array.from({ length: 10 }, (_, i) => ({ at: `2026-11-1${7 + (i % 3)}T10:0${i}:00Z`, topics: [["delivery", "after_sales"]] as Array<[string, string]>, overrides: { text: "x".repeat(5000) } })),
      { at: "2026-11-10T10:00:00Z", topics: [["delivery", "after_sales"]] },
      { at: "2026-11-17T10:00:00Z", topics: [["slow_reply", "service"]] },
    ]);
    const candidates = listEvidenceCandidates(db, { bucket: weeks[1]!, topics: ["delivery"], perTopic: 4, maxTextChars: 100 });
    expect(candidates).toHaveLength(4);
    expect(candidates.every((c) => c.topic === "delivery" && c.text.length === 100 && c.publishedAt! >= weeks[1]!.start.getTime())).toBe(true);
  });

  it("finds the newest mention time and whether a bucket has data", () => {
    const db = seedDigestDb([{ at: "2026-11-10T10:00:00Z" }, { at: "2026-11-18T10:00:00Z" }]);
    expect(loadLatestMentionTime(db)).toEqual(new Date("2026-11-18T10:00:00Z"));
    expect(hasMentionsIn(db, weeks[0]!)).toBe(true);
    expect(hasMentionsIn(db, { start: new Date("2026-12-01T00:00:00Z"), end: new Date("2026-12-08T00:00:00Z") })).toBe(false);
    expect(loadLatestMentionTime(seedDigestDb([]))).toBeUndefined();
  });

  it("uses the covering time index for the counts (no per-row table reads)", () => {
    const db = seedDigestDb([]);
    const plan = db.$client
      .prepare("explain query plan select count(*), sum(m.complaint) from mentions m where coalesce(m.published_at, m.fetched_at) >= 0 and coalesce(m.published_at, m.fetched_at) < 1 and m.duplicate_of is null group by m.source_id, m.channel, m.lang")
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(" ")).toContain("COVERING INDEX mentions_occurred_at_idx");
  });
});
