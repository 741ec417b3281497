import { describe, expect, it } from "vitest";
import { toFindings, toTrend } from "../../src/digest/findings.js";
import type { StageRow, TopicRow } from "../../src/digest/types.js";

describe("toTrend", () => {
  it.each([
    // Nothing before: new.
    [4, 0, 0, "new"],
    // Up by ≥ 2 and ≥ 25 % against both the previous week and the average.
    [10, 5, 4, "rising"],
    // Up on last week but not on the average: steady.
    [10, 5, 9.5, "steady"],
    [2, 8, 7, "falling"],
    // A change of one complaint is noise.
    [3, 2, 2, "steady"],
    [0, 0, 0, "steady"],
  ])("current %d, previous %d, average %d → %s", (current, previous, average, trend) => {
    expect(toTrend(current, previous, average)).toBe(trend);
  });
});

describe("toFindings", () => {
  const topic = (t: string, stage: string, complaints: number, previous: number, average: number, spike = false): TopicRow => ({
    topic: t,
    stage,
    complaints,
    previous,
    change: complaints - previous,
    changePct: null,
    average,
    share: 0,
    spike,
  });
  const stage = (s: string, complaints: number): StageRow => ({ stage: s, complaints, previous: 0, change: complaints, changePct: null, average: 0, share: 0 });

  it("lists each stage with complaints and its top topics as sentences built from the numbers", () => {
    const findings = toFindings(
      [stage("after_sales", 12), stage("service", 0)],
      [topic("delivery", "after_sales", 9, 2, 2.5, true), topic("returns_refunds", "after_sales", 3, 3, 3), topic("slow_reply", "service", 0, 1, 1)],
      8,
      "week",
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.findings.map((f) => f.text)).toEqual([
      "Delivery (After-sales): 9 complaints, up 7 on the previous week (8-week average 2.5) — a spike.",
      "Returns refunds (After-sales): 3 complaints, as many as the previous week (8-week average 3) — steady.",
    ]);
  });
});
