import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { needsCsvQuotes, toCsvField, toCsvRow, toCsvText } from "../../src/core/csv.js";

// toCsvField as first written (two regexes per cell): the fast path must give the same text.
function toReferenceCsvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

describe("toCsvField", () => {
  it.each([
    ["plain text stays bare", "Siunta vėluoja", "Siunta vėluoja"],
    ["a comma quotes the cell", "a,b", '"a,b"'],
    ["quotes are doubled inside quotes", 'say "hi"', '"say ""hi"""'],
    ["a line break quotes the cell", "a\r\nb", '"a\r\nb"'],
    ["= starts a formula: neutralised", "=1+1", "'=1+1"],
    ["+ - @ too", "-2", "'-2"],
    ["a leading tab is neutralised", "\tx", "'\tx"],
    ["a leading CR is neutralised and quoted", "\rx", "\"'\rx\""],
    ["the fullwidth equals sign counts (some spreadsheets read it)", "＝1", "'＝1"],
    ["a formula with a comma is neutralised, then quoted", '=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
    ["the empty string", "", ""],
    // Numbers are not text: a negative score is no formula.
    ["a negative number stays as is", -0.62, "-0.62"],
    ["an integer", 1234567, "1234567"],
    ["null is empty", null, ""],
    ["undefined is empty", undefined, ""],
    ["a boolean", true, "true"],
    ["a date is written in ISO form", new Date("2026-11-10T10:00:00Z"), "2026-11-10T10:00:00.000Z"],
    ["an object is JSON, quoted", { a: 1, b: "x" }, '"{""a"":1,""b"":""x""}"'],
  ])("%s", (_name, value, expected) => {
    expect(toCsvField(value)).toBe(expected);
  });

  it("gives the reference formatting for any value", () => {
    const value = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20").chain((start) => fc.string().map((rest) => start + rest)),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.string()),
      fc.dictionary(fc.string(), fc.string()),
    );
    fc.assert(fc.property(value, (v) => toCsvField(v) === toReferenceCsvField(v)), { numRuns: 2000, seed: 8 });
  });
});

describe("toCsvText and needsCsvQuotes", () => {
  it("toCsvText is toCsvField for text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => toCsvText(text) === toReferenceCsvField(text)), { numRuns: 1000, seed: 8 });
  });

  it.each([
    ["abc", false],
    ['a"b', true],
    ["a,b", true],
    ["a\nb", true],
    ["a\rb", true],
    ["[]", false],
  ])("needsCsvQuotes(%j) is %s", (text, expected) => {
    expect(needsCsvQuotes(text)).toBe(expected);
  });
});

describe("toCsvRow", () => {
  it("joins the cells with commas and ends the row with CRLF", () => {
    expect(toCsvRow([1, "a,b", null, "=x"])).toBe("1,\"a,b\",,'=x\r\n");
  });
});
