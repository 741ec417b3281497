import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLabeledJsonl } from "../../src/classify/eval/dataset.js";
import { createClassifier } from "../../src/classify/index.js";
import { crossValidate, restoreLearnedModel, toFeatures, trainLearnedModel } from "../../src/classify/learned.js";

const items = parseLabeledJsonl(readFileSync(new URL("../../fixtures/classify/sample.jsonl", import.meta.url), "utf8"), "sample.jsonl");

describe("learned layer", () => {
  it("uses folded words, stems, emoji and a rating bucket as features", () => {
    expect(toFeatures("Siunta VĖLUOJA 👏", { lang: "lt", rating: 2 })).toEqual(expect.arrayContaining(["siunta", "veluoja", "👏", "rating:2"]));
  });

  it("trains, classifies and survives a JSON round trip", () => {
    const model = trainLearnedModel(items);
    const restored = restoreLearnedModel(JSON.parse(JSON.stringify(model.toJSON())));
    const text = "Parcel lost by the courier, useless.";
    expect(restored.classify(text, { lang: "en" })).toEqual(model.classify(text, { lang: "en" }));
  });

  it("reports rules and learned scores on the same held-out folds", () => {
    const result = crossValidate(items, createClassifier(), 4);
    expect(result).toMatchObject({ folds: 4, n: 16 });
    for (const scores of [result.rules, result.learned]) {
      expect(scores.sentimentMacroF1).toBeGreaterThanOrEqual(0);
      expect(scores.complaintF1).toBeLessThanOrEqual(1);
    }
  });
});
