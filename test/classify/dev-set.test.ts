import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLabeledJsonl } from "../../src/classify/eval/dataset.js";
import { classifyItems, scoreItems } from "../../src/classify/eval/evaluate.js";
import { createClassifier } from "../../src/classify/index.js";

// The shared dev set lives beside the repository; CI machines without it skip this suite.
const devSet = fileURLToPath(new URL("../../../shared/datasets/cx-dev.jsonl", import.meta.url));

/**
 * Regression floors a little below the scores measured when they were set (see the issue 3
 * closing note). The issue targets are 0.80 / 0.90 / 0.80 per language; a drop below a floor
 * means a vocabulary or rule change made things worse.
 */
const FLOORS = {
  sentimentMacroF1: 0.8, // lowest language measured: ru 0.822
  complaintF1: 0.92, // fi 0.935
  topicsMicroF1: 0.84, // fi 0.863
  langIdAccuracy: 0.98, // 1.000 in every language
};

// The rules alone: the shipped model was trained on cx-dev, so only the rules can be held to it
// here. The model's figures on cx-dev come from a model fitted without it (`eval --lodo`).
describe.skipIf(!existsSync(devSet))("cx-dev.jsonl (rules)", () => {
  const classifier = createClassifier({ model: "none" });
  const items = existsSync(devSet) ? parseLabeledJsonl(readFileSync(devSet, "utf8"), "cx-dev.jsonl") : [];
  const report = scoreItems(classifyItems(classifier, items), (t) => classifier.stageOf(t));

  it.each(["en", "lt", "ru", "fi"])("%s stays above the floors", (lang) => {
    const scores = report.byLang[lang]!;
    expect(scores.n).toBe(100);
    expect(scores.sentimentMacroF1).toBeGreaterThanOrEqual(FLOORS.sentimentMacroF1);
    expect(scores.complaintF1).toBeGreaterThanOrEqual(FLOORS.complaintF1);
    expect(scores.topicsMicroF1).toBeGreaterThanOrEqual(FLOORS.topicsMicroF1);
    expect(scores.langIdAccuracy).toBeGreaterThanOrEqual(FLOORS.langIdAccuracy);
  });
});
