import { describe, expect, it } from "vitest";
import { STAGES } from "../../src/core/classification.js";
import { CHANNELS } from "../../src/core/mention.js";
import { DEFAULT_TAXONOMY } from "../../src/classify/taxonomy/default.js";
import { CATALOGUES, createTranslator, LOCALES, parseAcceptLanguage, parseLocale } from "../../src/i18n/index.js";

const english = CATALOGUES.en as Record<string, string | Record<string, string>>;

// Keys whose English text is also right in another language (product names, ids).
const SAME_IN_EVERY_LANGUAGE = new Set(["app.name"]);

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]).sort();
const forms = (message: string | Record<string, string>) => (typeof message === "string" ? [message] : Object.values(message));

describe("message catalogues", () => {
  it.each(LOCALES.filter((l) => l !== "en"))("%s translates every English key, with the same placeholders", (locale) => {
    const catalogue = CATALOGUES[locale] as Record<string, string | Record<string, string>>;
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
    const untranslated: string[] = [];
    for (const [key, source] of Object.entries(english)) {
      const message = catalogue[key]!;
      for (const form of forms(message)) {
        expect(form.trim(), `${locale} ${key} is empty`).not.toBe("");
        expect(placeholders(form), `${locale} ${key} placeholders`).toEqual(placeholders(forms(source)[0]!));
      }
      if (!SAME_IN_EVERY_LANGUAGE.has(key) && JSON.stringify(message) === JSON.stringify(source)) untranslated.push(key);
    }
    expect(untranslated, `${locale}: keys still in English`).toEqual([]);
  });

  it.each(LOCALES)("%s gives every plural category its language uses", (locale) => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((c) => c === "one" || c === "few" || c === "many" || c === "other");
    for (const [key, message] of Object.entries(CATALOGUES[locale])) {
      if (typeof message === "string") continue;
      for (const category of needed) expect(message[category as keyof typeof message], `${locale} ${key}.${category}`).toBeTypeOf("string");
    }
  });

  it.each(LOCALES)("%s names every default topic, stage and channel (no id shown as words)", (locale) => {
    const catalogue = CATALOGUES[locale] as Record<string, unknown>;
    for (const topic of Object.keys(DEFAULT_TAXONOMY.topics)) expect(catalogue[`topic.${topic}`], `${locale} topic.${topic}`).toBeTypeOf("string");
    for (const stage of STAGES) expect(catalogue[`stage.${stage}`], `${locale} stage.${stage}`).toBeTypeOf("string");
    for (const channel of CHANNELS) expect(catalogue[`channel.${channel}`], `${locale} channel.${channel}`).toBeTypeOf("string");
  });
});

describe("createTranslator", () => {
  it.each([
    // Russian has one/few/many: 1 упоминание, 3 упоминания, 5 упоминаний, 21 упоминание.
    ["ru", 1, "На этой странице 1 упоминание"],
    ["ru", 3, "На этой странице 3 упоминания"],
    ["ru", 5, "На этой странице 5 упоминаний"],
    ["ru", 21, "На этой странице 21 упоминание"],
    // Lithuanian: 1 paminėjimas, 2 paminėjimai, 10 paminėjimų.
    ["lt", 1, "Šiame puslapyje 1 paminėjimas"],
    ["lt", 2, "Šiame puslapyje 2 paminėjimai"],
    ["lt", 10, "Šiame puslapyje 10 paminėjimų"],
    ["fi", 2, "Tällä sivulla 2 mainintaa"],
    ["en", 1, "1 mention on this page"],
  ] as const)("%s picks the plural form for %i", (locale, count, expected) => {
    expect(createTranslator(locale).t("mentions.shown", { count })).toBe(expected);
  });

  it("formats numbers, percentages and dates through Intl in the reader's locale and time zone", () => {
    const lt = createTranslator("lt", "Europe/Vilnius");
    expect(lt.formatNumber(1234.5)).toBe(new Intl.NumberFormat("lt", { maximumFractionDigits: 1 }).format(1234.5));
    expect(lt.formatPercent(12.5)).toMatch(/12,5\s?%/u);
    expect(createTranslator("en").formatSigned(-2)).toBe("-2");
    // 23:30 UTC on 30 Nov is already 1 Dec in Vilnius.
    expect(lt.formatDate(Date.UTC(2026, 10, 30, 23, 30))).toContain("12");
    expect(createTranslator("fi").languageName("lt")).toBe("liettua");
    expect(createTranslator("en").topicName("custom_topic")).toBe("Custom topic");
  });

  it.each([
    ["lt-LT", "lt"],
    ["RU", "ru"],
    ["de", undefined],
    ["", undefined],
  ] as const)("parseLocale(%j) is %j", (text, expected) => {
    expect(parseLocale(text)).toBe(expected);
  });

  it("reads Accept-Language by q-value and skips languages it does not speak", () => {
    expect(parseAcceptLanguage("de-DE,de;q=0.9,fi;q=0.8,en;q=0.7")).toBe("fi");
    expect(parseAcceptLanguage("en;q=0.2, ru")).toBe("ru");
    expect(parseAcceptLanguage("de")).toBeUndefined();
  });
});
