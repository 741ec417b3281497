import { describe, expect, it } from "vitest";
import { createTermMatcher } from "../../src/text/terms.js";

describe("createTermMatcher", () => {
  it.each([
    // [case, terms, text, expected match]
    ["plain mention", ["Nordvik"], "Ordered from Nordvik yesterday", "Nordvik"],
    ["case and diacritics folded", ["Šviesos tinklai"], "sviesos tinklai vel be sviesos", "Šviesos tinklai"],
    ["Lithuanian genitive", ["Nordvik"], "Nordviko siunta vėluoja", "Nordvik"],
    ["Finnish genitive", ["Nordvik"], "Nordvikin paketti myöhässä", "Nordvik"],
    ["Finnish elative", ["Nordvik"], "tilasin Nordvikista", "Nordvik"],
    ["Russian instrumental", ["Нордвик"], "проблема с Нордвиком", "Нордвик"],
    ["another word that starts with the term", ["acme"], "acmetools are great", undefined],
    ["a letter before the term", ["vik"], "Nordvik", undefined],
    ["handle with punctuation", ["@acme"], "hey @acme why", "@acme"],
    ["domain term takes no ending", ["acme.lt"], "see acme.ltx", undefined],
    ["domain term", ["acme.lt"], "pirkau acme.lt svetainėje", "acme.lt"],
    ["first configured term wins", ["x", "Nordvik"], "Nordvik", "Nordvik"],
    ["no terms", [], "anything", undefined],
  ])("%s", (_case, terms, text, expected) => {
    expect(createTermMatcher(terms).find(text)).toBe(expected);
  });
});
