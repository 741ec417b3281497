import { describe, expect, it } from "vitest";
import { ConfigError, ParseError } from "../../../src/core/errors.js";
import { parseFileConfig, type FileConfig } from "../../../src/sources/file/config.js";
import { decodeExport, detectDelimiter, parseExport, parseExportDate, parseScore, toFileMention } from "../../../src/sources/file/parse.js";
import { createTermMatcher } from "../../../src/text/terms.js";

const SOURCE = "file test.csv";

function config(extra: Record<string, unknown> = {}): FileConfig {
  return parseFileConfig({ path: "test.csv", columns: { text: "comment", rating: "score", date: "at", id: "id" }, ...extra }, "test");
}

describe("parseFileConfig", () => {
  it.each([
    // Each row: a bad entry and the field path the ConfigError must name.
    ["no location", { columns: { text: "c" } }, "test.path"],
    ["both path and url", { path: "a.csv", url: "https://x.invalid/a.csv", columns: { text: "c" } }, "test.url"],
    ["url not http", { url: "ftp://x.invalid/a.csv", columns: { text: "c" } }, "test.url"],
    ["no columns", { path: "a.csv" }, "test.columns"],
    ["no text column", { path: "a.csv", columns: { rating: "s" } }, "test.columns.text"],
    ["unknown field", { path: "a.csv", columns: { text: "c", stars: "s" } }, "test.columns.stars"],
    ["unknown extension", { path: "a.xlsx", columns: { text: "c" } }, "test.format"],
    ["bad format", { path: "a.csv", format: "xml", columns: { text: "c" } }, "test.format"],
    ["rating scale 7", { path: "a.csv", ratingScale: 7, columns: { text: "c" } }, "test.ratingScale"],
    ["bad channel", { path: "a.csv", channel: "email", columns: { text: "c" } }, "test.channel"],
    ["two-char delimiter", { path: "a.csv", delimiter: ";;", columns: { text: "c" } }, "test.delimiter"],
    ["unknown encoding", { path: "a.csv", encoding: "klingon-8", columns: { text: "c" } }, "test.encoding"],
    ["filter without terms", { path: "a.csv", filterByTerms: true, columns: { text: "c" } }, "test.filterByTerms"],
    ["rowsPerPage 0", { path: "a.csv", rowsPerPage: 0, columns: { text: "c" } }, "test.rowsPerPage"],
  ])("rejects %s", (_name, raw, path) => {
    const error = (() => {
      try {
        parseFileConfig(raw, "test");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });

  it("fills the defaults and reads the format from the extension", () => {
    expect(parseFileConfig({ url: "https://x.invalid/export.ndjson?token=1", columns: { text: "body" } }, "t")).toMatchObject({
      format: "jsonl",
      ratingScale: 5,
      channel: "survey",
      encoding: "auto",
      filterByTerms: false,
      rowsPerPage: 500,
    });
    expect(parseFileConfig({ path: "a.tsv", delimiter: "tab", encoding: "CP1257", columns: { text: "c" } }, "t")).toMatchObject({ format: "csv", delimiter: "\t", encoding: "windows-1257" });
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["comma", "a,b,c\n1,2,3", ","],
    // Excel in lt/fi/ru locales writes ";" because "," is the decimal mark.
    ["semicolon", "a;b;c\n1,5;2;3", ";"],
    ["tab", "a\tb\tc\n", "\t"],
    // Delimiters inside a quoted header cell do not count.
    ["quoted header", '"a;b;c",d,e\n', ","],
    ["single column", "comment\nhello", ","],
  ])("%s", (_name, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe("parseScore", () => {
  it.each([
    ["integer string", "9", 10, 9],
    ["comma decimal", "4,5", 5, 4.5],
    ["dot decimal", "4.5", 5, 4.5],
    ["number", 7, 10, 7],
    ["zero is a valid NPS", "0", 10, 0],
    ["padded", " 8 ", 10, 8],
    // Rejected, never coerced (constructed-hostile csv-bom-crlf-invalid-utf8.csv).
    ["out of range", "11", 10, undefined],
    ["word", "seven", 10, undefined],
    ["negative", "-1", 10, undefined],
    ["stars above 5", "6", 5, undefined],
    ["fraction", "9/10", 10, undefined],
  ])("%s", (_name, value, scale, expected) => {
    expect(parseScore(value, scale)).toBe(expected);
  });
});

describe("parseExportDate", () => {
  it.each([
    ["ISO with Z", "2026-11-03T12:00:00Z", "2026-11-03T12:00:00.000Z"],
    ["ISO with offset", "2026-11-02T14:05:00+02:00", "2026-11-02T12:05:00.000Z"],
    ["space separated, no zone (UTC)", "2026-11-02 09:14", "2026-11-02T09:14:00.000Z"],
    ["date only", "2026-11-02", "2026-11-02T00:00:00.000Z"],
    ["slashes, year first", "2026/11/02", "2026-11-02T00:00:00.000Z"],
    ["day first with dots (lt, fi, ru)", "04.11.2026 18:30", "2026-11-04T18:30:00.000Z"],
    ["epoch seconds", "1793700000", "2026-11-03T10:00:00.000Z"],
    ["epoch milliseconds", 1793700000000, "2026-11-03T10:00:00.000Z"],
    ["fraction of a second", "2026-11-02T09:14:05.250Z", "2026-11-02T09:14:05.250Z"],
  ])("%s", (_name, value, iso) => {
    expect(parseExportDate(value)?.toISOString()).toBe(iso);
  });

  it.each([
    ["ambiguous slashes", "03/04/2026"],
    ["31 February", "2026-02-31"],
    ["words", "yesterday"],
    ["small number", 12],
  ])("refuses %s", (_name, value) => {
    expect(parseExportDate(value)).toBeUndefined();
  });
});

describe("decodeExport", () => {
  it.each([
    ["UTF-8 BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("ąčę", "utf8")]), "auto", "ąčę"],
    ["plain UTF-8", Buffer.from("Оплата не прошла", "utf8"), "auto", "Оплата не прошла"],
    // "Siuntą vėluoja" in windows-1257: invalid UTF-8, guessed as Baltic.
    ["windows-1257 guess", Buffer.from([0x53, 0x69, 0x75, 0x6e, 0x74, 0xe0, 0x20, 0x76, 0xeb, 0x6c, 0x75, 0x6f, 0x6a, 0x61]), "auto", "Siuntą vėluoja"],
    // "Привет" in windows-1251: runs of high bytes.
    ["windows-1251 guess", Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), "auto", "Привет"],
    ["explicit label wins", Buffer.from([0xe0]), "windows-1257", "ą"],
  ])("%s", (_name, bytes, encoding, expected) => {
    expect(decodeExport(bytes, encoding)).toBe(expected);
  });
});

describe("parseExport + toFileMention", () => {
  const cfg = config({ ratingScale: 10, columns: { id: "id", text: "comment", rating: "score", date: "at", author: "who", channel: "via", lang: "lang", url: "link", title: "subject" } });
  const header = "id,at,score,comment,who,via,lang,link,subject\n";

  it.each([
    ["NPS row", '1,2026-11-02,9,"Fast delivery",Ona,nps,lt-LT,https://nordvik.invalid/o/1,Hi', { externalId: "1", rating: 9, ratingScale: 10, channel: "survey", lang: "lt", author: "Ona", url: "https://nordvik.invalid/o/1", title: "Hi" }],
    ["helpdesk channel alias", "2,,,Refund please,,Live Chat,,,", { externalId: "2", channel: "support" }],
    ["earshot channel name", "3,,,Bad app,,app_store,,,", { channel: "app_store" }],
    ["unknown channel keeps the default", "4,,,Late courier,,pigeon,,,", { channel: "survey" }],
    // Empty score: the comment is kept without a rating, never a coerced 0.
    ["empty score", "5,,,No score given,,,,,", { rating: undefined }],
    // Formula-injection text is data here; core/csv.ts neutralises it on export.
    ["formula text verbatim", '6,,,"=HYPERLINK(""http://x.invalid"",""x"")",,,,,', { text: '=HYPERLINK("http://x.invalid","x")' }],
    ["tab-prefixed formula verbatim", '7,,,"\t=1+2",,,,,', { text: "\t=1+2" }],
    ["javascript: url dropped", "8,,,Text,,,,javascript:alert(1),", { url: undefined }],
  ])("%s", (_name, line, expected) => {
    const { rows, itemErrors } = parseExport(header + line, "csv", cfg.columns, SOURCE);
    expect(itemErrors).toEqual([]);
    const { mention } = toFileMention(rows[0]!, { config: cfg, source: SOURCE });
    expect(mention).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined)));
    for (const [key, value] of Object.entries(expected)) if (value === undefined) expect(mention).not.toHaveProperty(key);
  });

  it.each([
    ["missing text", "9,2026-11-02,5,,,,,,", /row 1: no text in column "comment" \(line 2\)/u],
    ["whitespace text", "9,2026-11-02,5,   ,,,,,", /row 1: no text/u],
    ["word score", "9,2026-11-02,seven,Hi,,,,,", /row 1: score "seven" in column "score" is not a number from 0 to 10/u],
    ["out of range score", "9,2026-11-02,11,Hi,,,,,", /row 1: score "11"/u],
  ])("refuses a row with %s, naming the row", (_name, line, message) => {
    const { rows } = parseExport(header + line, "csv", cfg.columns, SOURCE);
    expect(() => toFileMention(rows[0]!, { config: cfg, source: SOURCE })).toThrow(message);
    expect(() => toFileMention(rows[0]!, { config: cfg, source: SOURCE })).toThrow(ParseError);
  });

  it("keeps a row with an unreadable date and reports the date", () => {
    const { rows } = parseExport(`${header}1,03/04/2026,5,Hi,,,,,`, "csv", cfg.columns, SOURCE);
    const result = toFileMention(rows[0]!, { config: cfg, source: SOURCE });
    expect(result.badDate).toBe("03/04/2026");
    expect(result.mention.publishedAt).toBeUndefined();
  });

  it("hashes content, not position, when there is no id column", () => {
    const noId = config({ columns: { text: "comment", date: "at" } });
    const a = parseExport("at,comment\n2026-11-01,first\n2026-11-02,second\n", "csv", noId.columns, SOURCE).rows;
    const b = parseExport("at,comment\n2026-11-02,second\n2026-11-01,first\n", "csv", noId.columns, SOURCE).rows;
    const ids = (rows: typeof a) => rows.map((r) => toFileMention(r, { config: noId, source: SOURCE }).mention.externalId).sort();
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)[0]).toMatch(/^sha256:[0-9a-f]{32}$/u);
  });

  it("records the matched brand term", () => {
    const { rows } = parseExport(`${header}1,,,"Nordvikas vėl vėluoja; nordvik.lt neatsako",,,,,`, "csv", cfg.columns, SOURCE);
    const { mention } = toFileMention(rows[0]!, { config: cfg, source: SOURCE, matcher: createTermMatcher(["nordvik.lt"]) });
    expect(mention.matchedTerm).toBe("nordvik.lt");
  });

  it("turns a row with the wrong number of fields into an item error naming it", () => {
    const { rows, itemErrors } = parseExport(`${header}1,,,ok,,,,,\n2,too,few\n`, "csv", cfg.columns, SOURCE);
    expect(rows).toHaveLength(1);
    expect(itemErrors).toEqual([expect.objectContaining({ item: "row 2", message: expect.stringContaining("row 2 (line 3) has 3 fields, the header has 9") })]);
  });

  it("refuses a header without a mapped column, listing the header", () => {
    expect(() => parseExport("id,text\n1,x\n", "csv", { text: "comment" }, SOURCE)).toThrow(/column "comment" \(columns\.text\) is not in the header; the header has: "id", "text"/u);
  });

  it("matches header cells ignoring case and spaces, and strips a BOM", () => {
    const { rows } = parseExport("\uFEFF Comment ;Score\nHi;4\n", "csv", { text: "comment", rating: "score" }, SOURCE);
    const { mention } = toFileMention(rows[0]!, { config: { columns: { text: "comment", rating: "score" }, ratingScale: 5, channel: "survey" }, source: SOURCE });
    expect(mention).toMatchObject({ text: "Hi", rating: 4 });
  });

  it("throws a ParseError naming the line for an unclosed quote", () => {
    expect(() => parseExport('id,comment\n1,"never closed\n2,x\n', "csv", { text: "comment" }, SOURCE)).toThrow(/file test\.csv: line 3 cannot parse|line 3/u);
  });

  describe("jsonl", () => {
    const jsonCfg = { columns: { id: "id", text: "body", author: "customer.name", rating: "csat" }, ratingScale: 5 as const, channel: "support" as const };

    it("reads key paths, numbers and nulls, and turns bad lines into item errors", () => {
      const text = ['{"id":7,"body":"Refund late","customer":{"name":"Ona"},"csat":2}', "", "not json", "[1,2]", '{"id":8,"body":"ok","csat":null}'].join("\n");
      const { rows, itemErrors } = parseExport(text, "jsonl", jsonCfg.columns, "file t.jsonl");
      expect(itemErrors.map((e) => e.item)).toEqual(["row 2", "row 3"]);
      expect(itemErrors[1]!.message).toContain("row 3 (line 4) is an array");
      const mentions = rows.map((r) => toFileMention(r, { config: jsonCfg, source: "file t.jsonl" }).mention);
      expect(mentions[0]).toMatchObject({ externalId: "7", author: "Ona", rating: 2, channel: "support" });
      expect(mentions[1]).not.toHaveProperty("rating");
    });

    it("refuses a file where no line is JSON (a JSON array, an HTML page)", () => {
      expect(() => parseExport("<html>\n<body>blocked</body>", "jsonl", jsonCfg.columns, "file t.jsonl")).toThrow(ParseError);
    });
  });
});
