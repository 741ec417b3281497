import { describe, expect, it } from "vitest";
import { BANKING77_COMPLAINT, BANKING77_TOPICS, parseAbsaXml, parseBanking77Csv, parseXedAnnotated, parseXedNeutral, toAbsaTopic } from "../../../src/classify/training/public-sets.js";
import { DEFAULT_TAXONOMY } from "../../../src/classify/index.js";
import { ParseError } from "../../../src/core/errors.js";

// Snippets below are written for this test in each set's wire format; no set text is copied.
const topics = new Set(Object.keys(DEFAULT_TAXONOMY.topics));

describe("BANKING77 mapping", () => {
  it("maps intents only onto taxonomy topics", () => {
    for (const mapped of Object.values(BANKING77_TOPICS)) for (const topic of mapped) expect(topics).toContain(topic);
  });

  it.each([
    // [text, intent, topics, complaint]
    ["my new card still has not shown up", "card_arrival", ["delivery"], true],
    ["i paid for coffee and see the charge twice", "transaction_charged_twice", ["checkout_payment"], true],
    ["what is the youngest age to open an account?", "age_limit", [], false],
    ["why was a fee taken for my transfer", "transfer_fee_charged", ["pricing_terms"], undefined], // fee intents hold questions and complaints alike
  ])("%s (%s)", (text, intent, expectedTopics, complaint) => {
    const [item] = parseBanking77Csv(`text,category\r\n"${text}",${intent}\r\n`, "train.csv");
    expect(item).toMatchObject({ text, lang: "en", topics: expectedTopics });
    expect(item!.complaint).toBe(complaint);
    expect(item!.sentiment).toBeUndefined();
  });

  it("leaves undecidable intents unlabelled for complaints", () => {
    expect(BANKING77_COMPLAINT.pending_transfer).toBeUndefined();
  });

  it("refuses a file without the text,category header", () => {
    expect(() => parseBanking77Csv("a,b\r\nx,y\r\n", "bad.csv")).toThrow(ParseError);
  });
});

describe("SemEval ABSA mapping", () => {
  it("reads the 2014 layout: one polarity gives the sentence its sentiment, a negative service opinion is a complaint", () => {
    const xml = `<sentences><sentence id="1"><text>The waiter ignored us &amp; the soup was cold.</text>
      <aspectCategories><aspectCategory category="service" polarity="negative"/><aspectCategory category="food" polarity="negative"/></aspectCategories></sentence>
      <sentence id="2"><text>Lovely view, pricey wine.</text>
      <aspectCategories><aspectCategory category="ambience" polarity="positive"/><aspectCategory category="price" polarity="negative"/></aspectCategories></sentence></sentences>`;
    const [first, second] = parseAbsaXml(xml, "r14.xml");
    expect(first).toMatchObject({ text: "The waiter ignored us & the soup was cold.", sentiment: "negative", complaint: true, topics: ["staff_competence", "product_quality"] });
    expect(second!.sentiment).toBeUndefined(); // mixed polarities: no sentence label
    expect(second).toMatchObject({ complaint: true, topics: ["pricing_terms"] });
  });

  it("reads the 2015/16 layout, skips out-of-scope sentences and calls all-positive ones no complaint", () => {
    const xml = `<Reviews><Review rid="9"><sentences>
      <sentence id="9:0"><text>Spotless room and a friendly desk.</text><Opinions>
        <Opinion target="room" category="ROOMS#CLEANLINESS" polarity="positive" from="0" to="0"/>
        <Opinion target="desk" category="SERVICE#GENERAL" polarity="positive" from="0" to="0"/></Opinions></sentence>
      <sentence id="9:1" OutOfScope="TRUE"><text>Unrelated.</text></sentence></sentences></Review></Reviews>`;
    const items = parseAbsaXml(xml, "h15.xml");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ sentiment: "positive", complaint: false, topics: ["product_quality", "staff_competence"] });
  });

  it.each([
    ["FOOD#PRICES", "pricing_terms"],
    ["SERVICE#GENERAL", "staff_competence"],
    ["DRINKS#QUALITY", "product_quality"],
    ["AMBIENCE#GENERAL", undefined],
    ["RESTAURANT#GENERAL", undefined],
  ])("%s → %s", (category, topic) => {
    expect(toAbsaTopic(category)).toBe(topic);
  });
});

describe("XED Finnish mapping", () => {
  it("reduces emotions to polarity and drops mixed or ambiguous lines", () => {
    const tsv = "Olen niin vihainen!\t1\r\nIhana päivä\t5, 8\r\nMitä ihmettä?\t7\r\nRakastan ja vihaan\t1, 5\r\n";
    expect(parseXedAnnotated(tsv, "fi.tsv").map((i) => [i.text, i.sentiment])).toEqual([
      ["Olen niin vihainen!", "negative"],
      ["Ihana päivä", "positive"],
    ]);
  });

  it("reads every neutral line once", () => {
    const lines = "1\tNiin.\t2\t5\tfi/x.xml.gz\n2\tNiin.\t2\t6\tfi/x.xml.gz\n3\tMenen kotiin.\t2\t7\tfi/y.xml.gz\n";
    expect(parseXedNeutral(lines, "neu.txt").map((i) => i.sentiment)).toEqual(["neutral", "neutral"]);
  });
});
