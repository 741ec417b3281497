import { describe, expect, it } from "vitest";
import { renderTable, toBenchResult, toFigureText, toMedian, toRate, toRatio, toRotated, toSpreadPercent, toSummary } from "./harness.js";

describe("bench harness maths", () => {
  it.each([
    { name: "odd count: the middle value", values: [5, 1, 3], median: 3 },
    { name: "even count: mean of the two middle values", values: [4, 1, 3, 2], median: 2.5 },
    { name: "one value", values: [7], median: 7 },
    // an outlier round moves the mean, not the median
    { name: "outlier ignored", values: [10, 11, 9, 1000, 10], median: 10 },
  ])("toMedian: $name", ({ values, median }) => {
    expect(toMedian(values)).toBe(median);
  });

  it("refuses the median of nothing", () => {
    expect(() => toMedian([])).toThrow(RangeError);
  });

  it("summarises median, min, max and the spread around the median", () => {
    const summary = toSummary([90, 100, 110]);
    expect(summary).toEqual({ median: 100, min: 90, max: 110 });
    expect(toSpreadPercent(summary)).toBeCloseTo(20);
  });

  it.each([
    { name: "faster than baseline", value: 40_000, baseline: 10_000, ratio: 4 },
    { name: "slower than baseline", value: 3, baseline: 12, ratio: 0.25 },
    { name: "zero baseline", value: 1, baseline: 0, ratio: Number.POSITIVE_INFINITY },
  ])("toRatio: $name", ({ value, baseline, ratio }) => {
    expect(toRatio(value, baseline)).toBe(ratio);
  });

  it("turns a count and milliseconds into a rate per second", () => {
    expect(toRate(20_000, 500)).toBe(40_000);
  });

  it("rotates contenders so each round starts with a different one", () => {
    expect([0, 1, 2, 3].map((round) => toRotated(["a", "b", "c"], round).join(""))).toEqual(["abc", "bca", "cab", "abc"]);
  });

  it("builds a result line with the baseline median, the ratio and the verdict", () => {
    const result = toBenchResult({
      name: "classify",
      unit: "mentions/s",
      subject: [30_000, 20_000, 25_000],
      baselineName: "vader",
      baseline: [5_000, 6_000, 4_000],
      target: "≥ 4× vader",
      isMet: (_median, ratio) => ratio >= 4,
    });
    expect(result).toMatchObject({ median: 25_000, min: 20_000, max: 30_000, baseline: { name: "vader", median: 5_000 }, ratio: 5, rounds: 3, met: true });
  });

  it("reports met as null when the run cannot tell", () => {
    expect(toBenchResult({ name: "x", unit: "s", subject: [1], baselineName: "y", baseline: [2], target: "t" }).met).toBeNull();
  });

  it.each([
    { value: 21_437.2, text: "21,437" },
    { value: 3.14159, text: "3.14" },
    { value: 0.041234, text: "0.0412" },
    { value: 0, text: "0" },
  ])("toFigureText($value) = $text", ({ value, text }) => {
    expect(toFigureText(value)).toBe(text);
  });

  it("renders one table row per result and the notes below", () => {
    const table = renderTable([toBenchResult({ name: "ingest", unit: "mentions/s", subject: [12_000], baselineName: "ceiling", baseline: [40_000], target: "≥ 25%", notes: ["100 feeds"] })]);
    expect(table).toContain("ingest");
    expect(table).toContain("0.3×");
    expect(table).toContain("ingest: 100 feeds");
  });
});
