import { describe, expect, it } from "vitest";
import { parseFinnSentimentLines, parseLabeledJsonl, parseSentiRuEvalXml, parseVaderTsv } from "../../../src/classify/eval/dataset.js";
import { ParseError } from "../../../src/core/errors.js";

describe("parseLabeledJsonl", () => {
  it("reads the TAXONOMY.md fields and leaves missing ones undefined", () => {
    const items = parseLabeledJsonl(
      '{"id":"a","lang":"lt","channel":"survey","rating":6,"scale":10,"text":"Vėluoja","sentiment":"neutral","complaint":true,"topics":["delivery"]}\n\n{"id":"b","text":"only text"}\n',
      "t.jsonl",
    );
    expect(items[0]).toEqual({ id: "a", lang: "lt", channel: "survey", rating: 6, ratingScale: 10, text: "Vėluoja", sentiment: "neutral", complaint: true, topics: ["delivery"] });
    expect(items[1]).toEqual({ id: "b", text: "only text" });
  });

  it.each([
    ["not json", "{nope", "line 1"],
    ["no text", '{"id":"x"}', '"text"'],
    ["bad sentiment", '{"text":"t","sentiment":"angry"}', '"sentiment"'],
    ["bad topics", '{"text":"t","topics":"delivery"}', '"topics"'],
  ])("rejects %s with the line number", (_name, line, detail) => {
    expect(() => parseLabeledJsonl(line, "t.jsonl")).toThrow(ParseError);
    expect(() => parseLabeledJsonl(line, "t.jsonl")).toThrow(detail);
  });
});

describe("public set adapters", () => {
  it("maps VADER mean ratings to 3 classes at ±0.05 after dividing by 4", () => {
    const items = parseVaderTsv("1\t2.5\tgreat\r\n2\t0.1\tmeh\r\n3\t-0.3\tbad", "v.txt");
    // 2.5/4 = 0.625 positive; 0.1/4 = 0.025 neutral; -0.3/4 = -0.075 negative
    expect(items.map((i) => i.sentiment)).toEqual(["positive", "neutral", "negative"]);
    expect(items[0]).toMatchObject({ id: "1", text: "great", lang: "en" });
  });

  it("reads SentiRuEval rows and skips tweets whose companies disagree", () => {
    const xml = `<database name="x">
      <table name="test_tkk_etalon"><column name="id">1</column><column name="text">МТС &amp; связь</column><column name="mts">-1</column><column name="beeline">NULL</column></table>
      <table name="test_tkk_etalon"><column name="id">2</column><column name="text">спасибо</column><column name="mts">1</column><column name="beeline">1</column></table>
      <table name="test_tkk_etalon"><column name="id">3</column><column name="text">спор</column><column name="mts">1</column><column name="beeline">-1</column></table>
    </database>`;
    const items = parseSentiRuEvalXml(xml, "t.xml");
    expect(items).toEqual([
      { id: "1", text: "МТС & связь", lang: "ru", sentiment: "negative" },
      { id: "2", text: "спасибо", lang: "ru", sentiment: "positive" },
    ]);
  });

  it("labels FinnSentiment lines by their file", () => {
    expect(parseFinnSentimentLines("hyvä\n\nhuono\n", "negative", "neg.txt")).toEqual([
      { id: "neg.txt:1", text: "hyvä", lang: "fi", sentiment: "negative" },
      { id: "neg.txt:2", text: "huono", lang: "fi", sentiment: "negative" },
    ]);
  });
});
