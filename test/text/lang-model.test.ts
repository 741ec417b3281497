import { describe, expect, it } from "vitest";
import { LANGUAGE_PROFILES } from "../../src/text/lang-profiles.js";
import { MODEL_LANGUAGES, scoreLanguages, toGrams } from "../../src/text/lang-model.js";

const bestOf = (text: string) => {
  const { logProbs } = scoreLanguages(text);
  return MODEL_LANGUAGES[logProbs.indexOf(Math.max(...logProbs))];
};

describe("toGrams", () => {
  it.each([
    // Letters, then the word padded with a boundary on each side cut into bigrams and trigrams.
    ["one word", "Ab", ["_a", "_ab", "a", "ab", "ab_", "b", "b_"]],
    ["a one-letter word", "a", ["_a", "_a_", "a", "a_"]],
    // Digits, apostrophes and other scripts end a word; upper case is folded.
    ["punctuation and digits", "N'a 1x", ["_n", "_n_", "n", "n_", "_a", "_a_", "a", "a_", "_x", "_x_", "x", "x_"]],
    ["Cyrillic is not read", "дом", []],
  ])("%s", (_name, text, expected) => {
    expect(toGrams(text)).toEqual(expected);
  });
});

describe("scoreLanguages", () => {
  it("knows the 22 languages of the profiles, en/lt/fi among them", () => {
    expect(MODEL_LANGUAGES).toEqual(Object.keys(LANGUAGE_PROFILES));
    expect(MODEL_LANGUAGES).toHaveLength(22);
    expect(MODEL_LANGUAGES).toEqual(expect.arrayContaining(["en", "lt", "fi", "lv", "et", "pl", "sv", "de"]));
  });

  it("counts the n-grams it scored, the same ones toGrams cuts", () => {
    const text = "Siunta vėluoja jau savaitę";
    expect(scoreLanguages(text).grams).toBe(toGrams(text).length);
  });

  it("scores nothing in a text without Latin letters", () => {
    const { grams, logProbs } = scoreLanguages("Доставка 123 👏");
    expect(grams).toBe(0);
    expect([...logProbs].every((p) => p === 0)).toBe(true);
  });

  it.each([
    ["lv", "Pasūtījums joprojām nav atnācis un neviens neatbild uz e-pastiem"],
    ["lt", "Užsakymas vis dar neatkeliavo ir niekas neatsako į laiškus"],
    ["et", "Tellimus pole ikka veel kohale jõudnud ja keegi ei vasta kirjadele"],
    ["fi", "Tilaus ei ole vieläkään saapunut eikä kukaan vastaa viesteihin"],
    ["sv", "Beställningen har fortfarande inte kommit och ingen svarar på mejlen"],
    ["de", "Die Bestellung ist immer noch nicht angekommen und niemand beantwortet die Mails"],
    ["en", "The order still has not arrived and nobody answers the emails"],
  ])("makes %s the most probable for a sentence in it", (lang, text) => {
    expect(bestOf(text)).toBe(lang);
  });

  it("scores a long text from its first words only, so its cost is bounded", () => {
    const sentence = "Pasūtījums joprojām nav atnācis un neviens neatbild. ";
    expect(scoreLanguages(sentence.repeat(200)).grams).toBeLessThan(220);
    expect(bestOf(sentence.repeat(200))).toBe("lv");
  });

  it("gives the same scores for the same text (no state between calls)", () => {
    const first = [...scoreLanguages("Paka kavējas jau nedēļu").logProbs];
    scoreLanguages("something else entirely");
    expect([...scoreLanguages("Paka kavējas jau nedēļu").logProbs]).toEqual(first);
  });
});
