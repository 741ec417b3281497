import { describe, expect, it } from "vitest";
import { toFeatures } from "../../../src/classify/model/features.js";
import { hashRange, hashText } from "../../../src/classify/model/hash.js";
import { tokenize } from "../../../src/text/tokenize.js";

const BUCKETS = 1 << 12;
const rules = { sentiment: "negative" as const, sentimentScore: -0.5, complaint: true, topics: ["delivery"] };

function featuresOf(text: string, lang = "en", withRules = true) {
  const vector = toFeatures({ tokenized: tokenize(text), lang, channel: "social", rules: withRules ? rules : undefined }, BUCKETS);
  return {
    vector,
    indices: [...vector.indices.slice(0, vector.length)],
    spans: [...vector.starts.slice(0, vector.length)].map((s, i) => (s < 0 ? undefined : text.slice(s, vector.ends[i]))),
  };
}

describe("hashText", () => {
  it("hashes a range in place exactly as the sliced string", () => {
    const text = "siuntinys vėluoja";
    expect(hashRange(text, 10, 17)).toBe(hashText(text.slice(10, 17)));
  });
});

describe("toFeatures", () => {
  it("is deterministic and stays inside the bucket range", () => {
    const a = featuresOf("Parcel lost AGAIN, third week 😡");
    expect(a.indices).toEqual(featuresOf("Parcel lost AGAIN, third week 😡").indices);
    expect(a.indices.every((i) => i >= 0 && i < BUCKETS)).toBe(true);
  });

  it("points every text feature at a span of the text (word, bigram or the word of a character n-gram)", () => {
    const { spans } = featuresOf("Courier left it in the rain");
    const textSpans = spans.filter((s): s is string => s !== undefined);
    expect(textSpans).toContain("Courier");
    expect(textSpans).toContain("the rain");
    expect(textSpans.every((s) => "Courier left it in the rain".includes(s))).toBe(true);
  });

  it("shares character n-grams between inflections, so an unseen form still lands on known features", () => {
    // Lithuanian "vėluoja" (is late) and "vėlavo" (was late) share the boundary n-gram " vel".
    const a = new Set(featuresOf("siunta veluoja", "lt").indices);
    const b = featuresOf("siunta velavo", "lt").indices;
    expect(b.filter((i) => a.has(i)).length).toBeGreaterThan(8);
  });

  it("reads diacritics and their absence as the same word", () => {
    expect(featuresOf("siunta vėluoja", "lt").indices).toEqual(featuresOf("siunta veluoja", "lt").indices);
  });

  it("gives text features a total weight of one, whatever the length", () => {
    const norm = (text: string) => {
      const { vector, spans } = featuresOf(text);
      let sum = 0;
      spans.forEach((s, i) => {
        if (s !== undefined) sum += vector.values[i]! ** 2;
      });
      return sum;
    };
    expect(norm("late")).toBeCloseTo(1, 5);
    expect(norm("the parcel is late again and nobody answers the phone at all")).toBeCloseTo(1, 5);
  });

  it("adds the rules' verdict only when asked", () => {
    expect(featuresOf("late again").indices.length).toBeGreaterThan(featuresOf("late again", "en", false).indices.length);
  });
});
