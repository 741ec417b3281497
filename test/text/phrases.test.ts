import { describe, expect, it } from "vitest";
import { createPhraseMatcher } from "../../src/text/phrases.js";
import { isStopWord } from "../../src/text/stop-words.js";

const keys = (text: string, lang: string, brand: string[] = []) => createPhraseMatcher(brand).toPhrases(text, lang).map((p) => p.key);

describe("createPhraseMatcher", () => {
  it("yields 1–4-word n-grams of stems, never starting or ending on a stop word", () => {
    const phrases = keys("charged twice for one order", "en");
    expect(phrases).toContain("charg twice");
    // "for" and "one" are stop words: inside a phrase only.
    expect(phrases).toContain("twice for one order");
    expect(phrases.some((k) => /^(for|one) |(^| )(for|one)$/u.test(k))).toBe(false);
    expect(phrases.every((k) => k.split(" ").length <= 4)).toBe(true);
  });

  it.each([
    // Lithuanian typed without diacritics meets the written form, and inflections meet.
    ["lt without diacritics", "kortelė atmesta", "kortele atmesta", "lt"],
    ["lt inflection", "banko nuoroda", "banko nuorodos", "lt"],
    ["ru ё and inflection", "доставку задержали", "доставка задержали", "ru"],
    ["en inflection", "payment failed", "payments failed", "en"],
  ])("%s: the same key", (_name, a, b, lang) => {
    expect(keys(a, lang).at(-1)).toBeDefined();
    expect(keys(a, lang)).toContain(keys(b, lang).find((k) => k.includes(" ")));
  });

  it.each([
    ["a number", "order 12345 never came", ["order", "never came"]],
    ["punctuation", "card declined. bank link", ["card declin", "bank link"]],
    ["a URL", "broken https://shop.example/x checkout", ["broken", "checkout"]],
  ])("breaks phrases at %s", (_name, text, expected) => {
    const phrases = keys(text, "en");
    for (const key of expected) expect(phrases).toContain(key);
    expect(phrases.some((k) => k.split(" ").length > 2)).toBe(false);
  });

  it("leaves out the brand's own terms, inflected too", () => {
    const phrases = keys("Nordviko kurjeris vėluoja, Nordvik vėl", "lt", ["Nordvik"]);
    expect(phrases.some((k) => k.includes("nordvik"))).toBe(false);
    expect(phrases).toContain(keys("kurjeris vėluoja", "lt").find((k) => k.includes(" ")));
  });

  it("keeps the most readable surface: the words as written, lower-cased", () => {
    expect(createPhraseMatcher().toPhrases("Kortelė   ATMESTA", "lt")).toContainEqual({ key: "kortel atmest", surface: "kortelė atmesta" });
  });

  it("refuses a nonsensical phrase length", () => {
    expect(() => createPhraseMatcher([], 0)).toThrow(/maxWords/u);
  });
});

describe("stop words", () => {
  it.each([
    ["en", "the"],
    ["lt", "del"], // dėl typed without diacritics
    ["lt", "dėl"],
    ["ru", "уже"],
    ["fi", "mutta"],
  ])("%s: %s", (lang, word) => {
    expect(isStopWord(lang, word.normalize("NFD").replace(/\p{M}/gu, ""))).toBe(true);
  });

  it("knows no stop words for a language without a list", () => {
    expect(isStopWord("de", "der")).toBe(false);
  });
});
