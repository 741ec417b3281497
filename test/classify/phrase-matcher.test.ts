import { describe, expect, it } from "vitest";
import { compileTerm, PhraseMatcher, TermSyntaxError, toSlots } from "../../src/classify/phrase-matcher.js";
import { tokenize } from "../../src/text/tokenize.js";

function matches(lang: string, term: string, text: string): string[] {
  const matcher = new PhraseMatcher(lang, [{ term, payload: 1 }]);
  return matcher.findAll(toSlots(tokenize(text))).map((hit) => text.slice(hit.start, hit.end));
}

describe("PhraseMatcher", () => {
  it.each([
    ["en", "refund", "Refunded twice", ["Refunded"]], // same Snowball stem
    ["en", "on hold", "40 min ON HOLD", ["ON HOLD"]],
    ["lt", "grąžin*", "grazinimas vyksta", ["grazinimas"]], // prefix, ASCII-typed Lithuanian
    ["en", "# minutes on hold", "waited 40 minutes on hold", ["40 minutes on hold"]],
    ["en", "took ? weeks", "took three weeks", ["took three weeks"]],
    ["en", "no ~ reply", "no real reply yet", ["no real reply"]],
    ["en", "no ~ reply", "no reply", ["no reply"]],
    // Phrases stay in one sentence.
    ["en", "late not", "It was late. Not happy", []],
    // An abbreviation's period is not a sentence end.
    ["lt", "el. paštu", "rašiau el. paštu", ["el. paštu"]],
    // Short stems do not match: "val" (hours) is not "valio".
    ["lt", "valio", "21 val. dingsta", []],
  ])("%s %j in %j", (lang, term, text, expected) => {
    expect(matches(lang, term, text)).toEqual(expected);
  });

  it("prefers the longest match, then the literal one", () => {
    const matcher = new PhraseMatcher("en", [
      { term: "bad", payload: "bad" },
      { term: "not bad", payload: "not bad" },
      { term: "please", payload: "please" },
      { term: "pleased", payload: "pleased" },
    ]);
    const hits = matcher.findLongest(toSlots(tokenize("not bad, please")));
    expect(hits.map((h) => h.payload)).toEqual(["not bad", "please"]);
  });

  it.each([
    ["", "empty term"],
    ["~ reply", "cannot start"],
    ["no ~", "cannot end"],
    ["a*b", "may only end"],
    ["x*", "at least 2 letters"],
  ])("rejects %j", (term, message) => {
    expect(() => compileTerm(term, "en")).toThrow(TermSyntaxError);
    expect(() => compileTerm(term, "en")).toThrow(message);
  });
});
