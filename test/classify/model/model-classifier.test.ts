import { describe, expect, it } from "vitest";
import { createClassifier, parseTaxonomy } from "../../../src/classify/index.js";

// Texts written for these tests from the taxonomy definitions.
// The issue's examples of what the rules missed. A third, "Tech support was useless and would
// not help me.", is now a negative complaint but still gets no topic (docs/classifier.md).
const IMPLICIT = [
  // [text, topic the rules miss and the model is expected to find]
  ["The garage kept my car for three weeks and it came back with the same noise.", "warranty_repair"],
  ["Three calls, three different agents, and every one of them asked me to start over.", "channel_handoff"],
] as const;

describe("the classifier with the shipped model", () => {
  const classifier = createClassifier();
  const rules = createClassifier({ model: "none" });

  it("names the model in its version, so reclassify notices a new model", () => {
    expect(classifier.version).toMatch(/\+model-[0-9a-f]{10}$/);
    expect(classifier.version.startsWith(rules.version)).toBe(true);
  });

  it.each(IMPLICIT)("finds the complaint and topic of %j that no vocabulary names", (text, topic) => {
    const result = classifier.classify({ text, lang: "en" });
    expect(result.complaint).toBe(true);
    expect(result.topics).toContain(topic);
    expect(result.sentiment).toBe("negative");
  });

  it("explains every decided label with spans of the text and keeps evidence consistent with the labels", () => {
    const text = "Kurjeris paliko siuntinį prie kaimyno durų, o programėlė rodo 'pristatyta'. Trečią kartą!";
    const result = classifier.classify({ text });
    expect(result.topics).toContain("delivery");
    const model = result.evidence.filter((e) => e.by === "model");
    expect(model.some((e) => e.kind === "topic" && e.topic === "delivery" && e.match.startsWith("model:"))).toBe(true);
    for (const e of model.filter((x) => x.start !== undefined)) {
      expect(text.slice(e.start, e.end)).toBe(e.match);
      expect(e.weight).not.toBe(0);
    }
    // Negative sentiment spans are signed like the rules' valences.
    expect(model.filter((e) => e.kind === "sentiment").every((e) => e.weight! < 0)).toBe(true);
    // No evidence for a topic the verdict does not carry.
    for (const e of result.evidence.filter((x) => x.kind === "topic")) expect(result.topics).toContain(e.topic);
  });

  it("leaves topics the model has no head for to the rules, and drops topics the config removed", () => {
    const taxonomy = parseTaxonomy({ remove: ["delivery"], topics: { baggage: { stage: "after_sales", terms: { en: ["suitcase"] } } } }, "test");
    const custom = createClassifier({ taxonomy });
    const result = custom.classify({ text: "My suitcase never arrived and the courier lost my parcel too", lang: "en" });
    expect(result.topics).toContain("baggage");
    expect(result.topics).not.toContain("delivery");
    expect(result.stages).toContain("after_sales");
  });

  it("is the rules alone with model none", () => {
    const text = "Siunta vėluoja jau savaitę";
    expect(createClassifier({ model: "none" }).classify({ text })).toEqual(rules.classify({ text }));
    expect(rules.classify({ text }).evidence.some((e) => e.by === "model")).toBe(false);
  });
});
