import { describe, expect, it } from "vitest";
import { createClassifier, DEFAULT_TAXONOMY, parseTaxonomy } from "../../src/classify/index.js";
import { ConfigError } from "../../src/core/errors.js";

const PATH = "earshot.yaml: taxonomy";

describe("parseTaxonomy", () => {
  it("returns the default taxonomy when the key is absent", () => {
    expect(parseTaxonomy(undefined, PATH)).toBe(DEFAULT_TAXONOMY);
    expect(Object.keys(DEFAULT_TAXONOMY.topics)).toHaveLength(14);
  });

  it("extends: adds a new topic and adds terms to an existing one", () => {
    const taxonomy = parseTaxonomy({
      topics: {
        loyalty_program: { stage: "service", terms: { en: ["loyalty points", "bonus card"] } },
        delivery: { terms: { en: ["pick-up point"] } },
      },
    }, PATH);
    expect(taxonomy.topics.loyalty_program?.stage).toBe("service");
    expect(taxonomy.topics.delivery?.terms?.en).toContain("pick-up point");
    expect(taxonomy.topics.delivery?.terms?.en).toContain("parcel");
    const classifier = createClassifier({ taxonomy });
    const result = classifier.classify({ text: "My loyalty points vanished", lang: "en" });
    expect(result.topics).toContain("loyalty_program");
    expect(result.stages).toContain("service");
    expect(classifier.stageOf("loyalty_program")).toBe("service");
  });

  it("replaces: only the given topics remain", () => {
    const taxonomy = parseTaxonomy({ mode: "replace", topics: { billing: { stage: "conversion", terms: { en: ["invoice"] } } } }, PATH);
    expect(Object.keys(taxonomy.topics)).toEqual(["billing"]);
  });

  it("removes default topics in extend mode", () => {
    const taxonomy = parseTaxonomy({ remove: ["spam_ads"] }, PATH);
    expect(taxonomy.topics.spam_ads).toBeUndefined();
    expect(Object.keys(taxonomy.topics)).toHaveLength(13);
  });

  it.each([
    ["unknown stage", { topics: { x: { stage: "checkout", terms: { en: ["a"] } } } }, `${PATH}.topics.x.stage`],
    ["new topic without stage", { topics: { loyalty: { terms: { en: ["points"] } } } }, `${PATH}.topics.loyalty.stage`],
    ["bad topic id", { topics: { "Loyalty Program": { stage: "service" } } }, `${PATH}.topics.Loyalty Program`],
    ["bad term syntax", { topics: { delivery: { terms: { en: ["~ late"] } } } }, `${PATH}.topics.delivery.terms.en[0]`],
    ["bad regex", { topics: { delivery: { patterns: { en: ["(unclosed"] } } } }, `${PATH}.topics.delivery.patterns.en[0]`],
    ["unknown field", { topics: { delivery: { stages: "service" } } }, `${PATH}.topics.delivery`],
    ["remove unknown topic", { remove: ["nope"] }, `${PATH}.remove[0]`],
    ["bad mode", { mode: "merge" }, `${PATH}.mode`],
    ["language key", { topics: { delivery: { terms: { English: ["x"] } } } }, `${PATH}.topics.delivery.terms.English`],
  ])("rejects %s, naming the field", (_name, raw, path) => {
    let error: unknown;
    try {
      parseTaxonomy(raw, PATH);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path.startsWith(path)).toBe(true);
  });
});

describe("classifier version", () => {
  it("changes when the taxonomy changes and stays put otherwise", () => {
    const base = createClassifier().version;
    expect(base).toMatch(/^rules-\d+\.\d+\+lex-[0-9a-f]{6}\+tax-[0-9a-f]{8}\+model-[0-9a-f]{10}$/);
    expect(createClassifier({ model: "none" }).version).toMatch(/^rules-\d+\.\d+\+lex-[0-9a-f]{6}\+tax-[0-9a-f]{8}$/);
    expect(createClassifier().version).toBe(base);
    const extended = createClassifier({ taxonomy: parseTaxonomy({ topics: { delivery: { terms: { en: ["pick-up point"] } } } }, PATH) });
    expect(extended.version).not.toBe(base);
  });
});
