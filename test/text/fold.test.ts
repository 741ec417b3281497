import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldText } from "../../src/text/fold.js";

describe("foldText", () => {
  it.each([
    // Lithuanian typed with and without diacritics must meet.
    ["lithuanian diacritics", "Siuntinys VĖLUOJA, negaliu apmokėti", "siuntinys veluoja, negaliu apmoketi"],
    ["finnish ä/ö", "Päivää, myöhässä", "paivaa, myohassa"],
    // ё is usually typed е; й stays a letter of its own.
    ["russian ё and й", "Ещё мой заказ", "еще мой заказ"],
    ["typographic apostrophe", "can’t", "can't"],
    ["emoji untouched", "ok 👏👏", "ok 👏👏"],
    ["ascii fast path", "Hello WORLD", "hello world"],
  ])("%s", (_name, input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it("keeps the length, so offsets in folded text point into the original", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
      expect(foldText(text.normalize("NFC")).length).toBe(text.normalize("NFC").length);
    }));
  });
});
