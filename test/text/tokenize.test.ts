import { describe, expect, it } from "vitest";
import { tokenize } from "../../src/text/tokenize.js";

const kinds = (text: string) => tokenize(text).tokens.map((t) => `${t.kind}:${t.norm}`);

describe("tokenize", () => {
  it.each([
    // URLs and handles are placeholders: no vocabulary may match inside them.
    ["url", "see https://shop.example/refund-policy now", ["word:see", "url:https://shop.example/refund-policy", "word:now"]],
    ["handle", "@Telvo why", ["handle:@Telvo", "word:why"]],
    ["emoji kept as a signal", "great 👏👏", ["word:great", "emoji:👏", "emoji:👏"]],
    ["emoticon with an eye", "ok :( fine :)", ["word:ok", "emoticon::(", "word:fine", "emoticon::)"]],
    // A closing parenthesis after a number is not a smiley.
    ["parenthesis is not an emoticon", "(10 days, not 5)", ["number:10", "word:days", "punct:,", "word:not", "number:5"]],
    ["russian bracket smiles", "спасибо))", ["word:спасибо", "emoticon:))"]],
    ["hyphenated and apostrophe words stay whole", "по-человечески can't", ["word:по-человечески", "word:can't"]],
    ["folded lithuanian", "Grąžinimas", ["word:grazinimas"]],
    ["question marks as punctuation", "why??", ["word:why", "punct:??"]],
  ])("%s", (_name, text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it("gives offsets into the original text", () => {
    const text = "Siunta VĖLUOJA 3 d.";
    const word = tokenize(text).tokens[1]!;
    expect(text.slice(word.start, word.end)).toBe("VĖLUOJA");
    expect(word.norm).toBe("veluoja");
    expect(word.shouted).toBe(true);
  });

  it("does not call reference codes shouting", () => {
    expect(tokenize("claim WC-7781").tokens.find((t) => t.norm === "wc-7781")?.shouted).toBe(false);
  });
});
