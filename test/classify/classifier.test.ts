import { beforeAll, describe, expect, it } from "vitest";
import type { Classifier } from "../../src/core/classification.js";
import { createClassifier } from "../../src/classify/index.js";

// Sentences written for these tests from the taxonomy definitions (not taken from cx-dev).
// These pin the explainable rules, the layer under the learned model (test/classify/model/ covers
// the combined classifier), so the model is off here.
let classifier: Classifier;
beforeAll(() => {
  classifier = createClassifier({ model: "none" });
});

describe("sentiment", () => {
  it.each([
    ["en", "The food was not bad at all", "positive"],
    ["en", "The courier was rude and the box was broken", "negative"],
    ["en", "Absolutely love the new app, works perfectly", "positive"],
    ["en", "Nice colours but the sofa is awful and wobbles", "negative"], // contrast: the clause after "but" weighs more
    ["lt", "Visai neblogai, kurjeris atvežė laiku", "positive"],
    ["lt", "Nėra blogai, kurjeris mandagus", "positive"],
    ["lt", "Baisus aptarnavimas, niekada daugiau", "negative"],
    ["lt", "nepatiko visai, labai prastai", "negative"], // ne- prefix negation, ASCII-typed
    ["ru", "Совсем не плохо, доставили вовремя", "positive"],
    ["ru", "Ужасный сервис, больше не закажу", "negative"],
    ["ru", "Отличное приложение, спасибо))", "positive"],
    ["fi", "Ei huono ollenkaan, toimitus tuli ajoissa", "positive"],
    ["fi", "Todella huono palvelu, en suosittele", "negative"],
    ["fi", "Loistava sovellus, kiitos!", "positive"],
  ])("%s: %s → %s", (lang, text, expected) => {
    expect(classifier.classify({ text, lang }).sentiment).toBe(expected);
  });

  it("reads praise next to a problem and a clapping emoji as sarcasm", () => {
    const result = classifier.classify({ text: "Two hours on hold again. Amazing service, well done 👏", lang: "en" });
    expect(result.sentiment).toBe("negative");
    expect(result.evidence.some((e) => e.kind === "sentiment" && e.match.startsWith("sarcasm"))).toBe(true);
  });

  it.each([
    [1, "negative"],
    [5, "positive"],
  ] as const)("uses a %i-star rating as evidence", (rating, expected) => {
    const result = classifier.classify({ text: "Ordered a lamp.", lang: "en", rating });
    expect(result.sentiment).toBe(expected);
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: "sentiment", match: `rating:${rating}/5` }));
  });

  it("keeps the score in [-1, 1]", () => {
    const result = classifier.classify({ text: "TERRIBLE!!! worst, useless, awful, horrible scam!!!", lang: "en", rating: 1 });
    expect(result.sentimentScore).toBeGreaterThanOrEqual(-1);
    expect(result.sentimentScore).toBeLessThan(-0.8);
  });
});

describe("complaint", () => {
  it.each([
    // A calm report is a complaint whatever its tone.
    ["calm report", "en", "Hi, the refund for order 5521 has still not been received after three weeks.", true, "neutral"],
    ["angry report", "en", "Parcel lost AGAIN, courier useless, never ordering here again!!", true, "negative"],
    ["plain question", "en", "How do I return a jacket that doesn't fit?", false, undefined],
    ["question that reports a problem", "en", "My parcel has been stuck in transit for 9 days. Any update?", true, undefined],
    ["praise", "en", "Courier was early and super friendly, thanks!", false, "positive"],
    ["off-topic chatter", "en", "Traffic near their office is terrible today", false, undefined],
    ["calm lt report", "lt", "Laba diena, pinigai už grąžintą prekę dar negrįžo, gal galit patikrinti?", true, undefined],
    ["ru question", "ru", "Подскажите, как вернуть товар в магазин?", false, undefined],
    ["fi report", "fi", "Paketti on ollut matkalla jo kaksi viikkoa eikä seuranta päivity.", true, undefined],
  ])("%s", (_name, lang, text, expected, sentiment) => {
    const result = classifier.classify({ text, lang });
    expect(result.complaint).toBe(expected);
    if (sentiment) expect(result.sentiment).toBe(sentiment);
  });
});

describe("topics and stages", () => {
  it.each([
    ["en", "Still no reply to my email from last week", ["slow_reply"]],
    ["en", "40 minutes on hold before anyone picked up", ["long_wait"]],
    ["en", "Card declined at checkout three times", ["checkout_payment"]],
    ["en", "The app keeps crashing when I open it", ["website_app_usability"]],
    ["lt", "Siuntinys vėluoja, kurjeris neatvažiavo", ["delivery"]],
    ["lt", "Garantinis remontas užtruko mėnesį", ["warranty_repair"]],
    ["ru", "Не возвращают деньги за возврат уже месяц", ["returns_refunds"]],
    ["ru", "Навязчивая реклама и спам каждый день", ["spam_ads"]],
    ["fi", "Tietovuoto, joku on saanut henkilötietoni", ["privacy_security"]],
    ["fi", "Piilokulut ja kallis toimitusmaksu", ["pricing_terms"]],
  ])("%s: %s", (lang, text, topics) => {
    expect(classifier.classify({ text, lang }).topics).toEqual(expect.arrayContaining(topics));
  });

  it("maps topics to stages and explains each topic with spans of the text", () => {
    const text = "Parcel lost and the refund still hasn't arrived";
    const result = classifier.classify({ text, lang: "en" });
    expect(result.topics).toEqual(["delivery", "returns_refunds"]);
    expect(result.stages).toEqual(["after_sales"]);
    for (const e of result.evidence.filter((x) => x.kind === "topic")) {
      expect(text.slice(e.start, e.end).toLowerCase()).toBe(e.match.toLowerCase());
    }
  });

  it("finds no topic in off-topic text", () => {
    expect(classifier.classify({ text: "Anyone going to the concert on Saturday?", lang: "en" }).topics).toEqual([]);
  });

  it("detects the language when none is declared and uses that vocabulary", () => {
    const result = classifier.classify({ text: "Siunta vėluoja jau dvi savaites, niekas neatsako" });
    expect(result.lang).toBe("lt");
    expect(result.topics).toContain("delivery");
  });
});

describe("languages without a vocabulary", () => {
  it.each([
    ["lv", "Paka kavējas jau nedēļu, ļoti neapmierināts 😡"],
    ["et", "Tellimus hilineb juba nädal aega, väga pettunud 😡"],
    ["uk", "Доставка знову затримується, ніхто не відповідає 😡"],
  ])("reports %s as detected and reads it with the fallback vocabulary", (lang, text) => {
    const result = classifier.classify({ text });
    expect(result.lang).toBe(lang);
    expect(result.evidence[0]).toMatchObject({ kind: "language", match: expect.stringMatching(new RegExp(`^${lang}:`)) });
    // The fallback (English) vocabulary still reads emoji.
    expect(result.sentiment).toBe("negative");
  });
});
