import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLabeledJsonl } from "../../../src/classify/eval/dataset.js";
import { classifyItems, scoreItems } from "../../../src/classify/eval/evaluate.js";
import { createClassifier } from "../../../src/classify/index.js";

const samplePath = new URL("../../../fixtures/classify/sample.jsonl", import.meta.url);

describe("scoreItems on fixtures/classify/sample.jsonl", () => {
  const classifier = createClassifier();
  const items = parseLabeledJsonl(readFileSync(samplePath, "utf8"), "sample.jsonl");
  const report = scoreItems(classifyItems(classifier, items), (t) => classifier.stageOf(t));

  it("scores every labeled field and breaks down by language", () => {
    expect(report.n).toBe(16);
    expect(report.sentiment.n).toBe(16);
    expect(report.complaint.n).toBe(16);
    expect(report.topics.n).toBe(16);
    expect(Object.keys(report.byLang)).toEqual(["en", "fi", "lt", "ru"]);
    expect(report.byLang.lt?.n).toBe(4);
  });

  it("stays above its floors on texts written apart from the dev set", () => {
    expect(report.langId.accuracy).toBe(1);
    expect(report.sentiment.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(report.complaint.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.topics.microF1).toBeGreaterThanOrEqual(0.75);
  });

  it("uses the labeled language only with trustLang", () => {
    const [item] = items;
    const detected = classifyItems(classifier, [{ ...item!, lang: "fi" }])[0]!;
    const trusted = classifyItems(classifier, [{ ...item!, lang: "fi" }], { trustLang: true })[0]!;
    expect(detected.result.lang).toBe("en");
    expect(trusted.result.lang).toBe("fi");
  });
});
