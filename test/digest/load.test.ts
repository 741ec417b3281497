import { describe, expect, it } from "vitest";
import { loadDigest } from "../../src/digest/load.js";
import { toWeekBuckets } from "../../src/digest/week.js";
import { loadSpikeWeekDigest, RULE } from "./fixture.js";
import { seedDigestDb } from "./seed.js";
import { toStore } from "../helpers/deps.js";

const digest = await loadSpikeWeekDigest();

describe("loadDigest", () => {
  it("describes the period, the one compared against and the baseline length", () => {
    expect(digest.period).toEqual({
      label: "2026-W47",
      kind: "week",
      start: "2026-11-16T00:00:00.000Z",
      end: "2026-11-23T00:00:00.000Z",
      timezone: "UTC",
      previous: { label: "2026-W46", start: "2026-11-09T00:00:00.000Z", end: "2026-11-16T00:00:00.000Z" },
      baselinePeriods: 8,
    });
  });

  it("computes headline numbers with the change and the 8-week average", () => {
    expect(digest.totals.mentions).toEqual({ value: 25, previous: 8, change: 17, average: 8 });
    expect(digest.totals.complaints).toEqual({ value: 19, previous: 4, change: 15, average: 4 });
    expect(digest.totals.complaintShare.value).toBe(76);
    // 4 promoters, 2 detractors of 6 answers: (4 − 2) / 6 = 33.3.
    expect(digest.totals.nps).toMatchObject({ value: 33.3, responses: 6, promoters: 4, detractors: 2, previous: null, average: null });
    expect(digest.totals.netSentiment.value).toBe(Math.round(((4 - 21) / 25) * 1000) / 10);
  });

  it("flags the delivery spike and ranks topics and stages by impact", () => {
    expect(digest.spikes.map((s) => s.topic)).toEqual(["delivery"]);
    expect(digest.topics.map((t) => [t.topic, t.complaints, t.previous, t.spike])).toEqual([
      ["delivery", 18, 1, true],
      ["slow_reply", 7, 3, false],
    ]);
    expect(digest.stages.map((s) => [s.stage, s.complaints])).toEqual([
      ["after_sales", 18],
      ["service", 7],
      ["acquisition", 0],
      ["conversion", 0],
    ]);
  });

  it("breaks the period down by channel, source and language", () => {
    expect(digest.sources.map((s) => [s.source, s.mentions, s.complaints])).toEqual([
      ["lt-reviews", 12, 12],
      ["ru-reviews", 6, 6],
      ["en-reviews", 1, 1],
      ["nps-survey", 6, 0],
      // Mentions in the previous week only still list the source, with zeros.
      ["feed", 0, 0],
    ]);
    expect(digest.languages.map((l) => [l.lang, l.complaints])).toEqual([
      ["lt", 12],
      ["ru", 6],
      ["en", 1],
      ["und", 0],
    ]);
    expect(digest.channels.map((c) => c.channel)).toEqual(["review", "survey"]);
  });

  it("quotes diverse evidence for the top topics, spikes first, without repeating a complaint", () => {
    expect(digest.examples.map((g) => g.topic)).toEqual(["delivery", "slow_reply"]);
    const delivery = digest.examples[0]!.examples;
    expect(new Set(delivery.map((e) => e.lang))).toEqual(new Set(["lt", "ru"]));
    const ids = digest.examples.flatMap((g) => g.examples.map((e) => e.mentionId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("phrases findings per stage from the numbers", () => {
    expect(digest.findings[0]).toMatchObject({ stage: "after_sales", findings: [{ topic: "delivery", trend: "rising", spike: true }] });
  });

  it("keeps a 12-week trend per stage and per topic", () => {
    expect(digest.trend.periods).toHaveLength(12);
    expect(digest.trend.stages.find((s) => s.stage === "after_sales")!.complaints.slice(-3)).toEqual([1, 1, 18]);
    expect(digest.trend.topics.map((t) => t.topic)).toEqual(["delivery", "slow_reply"]);
  });

  it("handles an empty store without dividing by zero", async () => {
    const empty = await loadDigest(toStore(seedDigestDb([])), { buckets: toWeekBuckets({ year: 2026, week: 47 }, 9, "UTC"), kind: "week", timezone: "UTC", spikes: RULE, now: new Date() });
    expect(empty.totals.complaintShare).toEqual({ value: null, previous: null, change: null, average: null });
    expect(empty.topics).toEqual([]);
    expect(empty.spikes).toEqual([]);
  });
});
