import { describe, expect, it } from "vitest";
import { findSpikes, toSpike, type SpikeRule } from "../../src/digest/spikes.js";

const rule: SpikeRule = { k: 3, minCount: 5, baselineWeeks: 8 };

describe("the spike rule", () => {
  it.each([
    // A quiet topic: σ is floored at 1, so 0 + 3·1 = 3 and the minimum count decides.
    ["new topic reaching the minimum", [0, 0, 0, 0, 0, 0, 0, 0], 5, true],
    ["new topic below the minimum", [0, 0, 0, 0, 0, 0, 0, 0], 4, false],
    // Mean 10, sample σ 0, Poisson floor √10 ≈ 3.16: threshold ≈ 19.5.
    ["steady topic at 20", [10, 10, 10, 10, 10, 10, 10, 10], 20, true],
    ["steady topic at 19", [10, 10, 10, 10, 10, 10, 10, 10], 19, false],
    // A noisy baseline (σ 10) needs more than mean + 30.
    ["noisy topic well up", [0, 20, 0, 20, 0, 20, 0, 20], 41, true],
    ["noisy topic slightly up", [0, 20, 0, 20, 0, 20, 0, 20], 35, false],
    // Exactly at the threshold is not above it.
    ["at the threshold", [1, 1, 1, 1, 1, 1, 1, 1], 4, false],
  ])("%s", (_name, baseline, current, spikes) => {
    expect(toSpike({ topic: "delivery", stage: "after_sales", baseline, current }, rule) !== undefined).toBe(spikes);
  });

  it("reports the numbers behind a spike", () => {
    expect(toSpike({ topic: "delivery", stage: "after_sales", baseline: [2, 2, 2, 2, 2, 2, 2, 2], current: 12 }, rule)).toEqual({
      topic: "delivery",
      stage: "after_sales",
      complaints: 12,
      baselineMean: 2,
      baselineStdDev: 1.41,
      threshold: 6.24,
      ratio: 6,
    });
  });

  it("honours k and minCount from the config", () => {
    const series = { topic: "t", stage: "s", baseline: [4, 4, 4, 4], current: 9 };
    expect(toSpike(series, { k: 3, minCount: 5, baselineWeeks: 4 })).toBeUndefined();
    expect(toSpike(series, { k: 2, minCount: 5, baselineWeeks: 4 })).toBeDefined();
    expect(toSpike(series, { k: 2, minCount: 10, baselineWeeks: 4 })).toBeUndefined();
  });

  it("orders spikes by their excess over the threshold", () => {
    const spikes = findSpikes(
      [
        { topic: "small", stage: "s", baseline: [0, 0, 0, 0], current: 6 },
        { topic: "big", stage: "s", baseline: [0, 0, 0, 0], current: 30 },
        { topic: "none", stage: "s", baseline: [9, 9, 9, 9], current: 9 },
      ],
      rule,
    );
    expect(spikes.map((s) => s.topic)).toEqual(["big", "small"]);
  });
});
