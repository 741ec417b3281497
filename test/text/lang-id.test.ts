import { describe, expect, it } from "vitest";
import { detectLanguage, toLanguageCode } from "../../src/text/lang-id.js";
import { tokenize } from "../../src/text/tokenize.js";

const detect = (text: string, declared?: string) => detectLanguage(text, tokenize(text).tokens, declared);

describe("detectLanguage", () => {
  it.each([
    ["en", "The parcel still hasn't arrived and nobody answers the phone"],
    ["en", "Love this app, paying bills takes two taps"],
    ["lt", "Siunta vėluoja jau savaitę, niekas neatsako"],
    // Lithuanian typed without diacritics: function words and endings carry it.
    ["lt", "negaliu apmoket uzsakymo, vis meta klaida"],
    ["lt", "labai patogi programele, viskas veikia"],
    ["ru", "Доставка опять задерживается, никто не отвечает"],
    ["ru", "норм приложение, но пуши достали"],
    ["fi", "Paketti on myöhässä eikä kukaan vastaa"],
    // Spoken Finnish without ä/ö.
    ["fi", "ei oo viela tullu mitaan vastausta, mika on homma"],
  ])("%s: %s", (lang, text) => {
    expect(detect(text).lang).toBe(lang);
  });

  it("trusts a declared language over detection", () => {
    expect(detect("Paketti on myöhässä", "en-GB")).toEqual({ lang: "en", confidence: 1, method: "declared" });
  });

  it("returns und for text without letters", () => {
    expect(detect("12345 !!! 👏").lang).toBe("und");
  });

  it("does not call Ukrainian Russian", () => {
    expect(detect("Доставка знову затримується, ніхто не відповідає").lang).not.toBe("ru");
  });

  it.each([
    ["en-GB", "en"],
    [" LT ", "lt"],
    ["und", undefined],
    ["", undefined],
    ["english", undefined],
  ])("toLanguageCode(%j) is %j", (input, expected) => {
    expect(toLanguageCode(input)).toBe(expected);
  });
});
