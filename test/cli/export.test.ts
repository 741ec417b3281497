import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { EXPORT_COLUMNS, toJsonRecord } from "../../src/cli/commands/export.js";
import { CSV_BOM, toCsvRow } from "../../src/core/csv.js";
import type { Evidence } from "../../src/core/classification.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { iterateMentionsForExport, type ExportRow } from "../../src/store/sqlite/export.js";
import { saveThreadCheck } from "../../src/store/sqlite/responses.js";
import { saveSeedMentions, seedDigestDb, type SeedMention } from "../digest/seed.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

let dir: string;
let dbPath: string;

beforeAll(() => {
  dir = tempDir();
  dbPath = join(dir, "earshot.db");
  closeDb(
    seedDigestDb(
      [
        { at: "2026-11-10T10:00:00Z", topics: [["delivery", "after_sales"], ["slow_reply", "service"]], overrides: { text: "=HYPERLINK(\"http://x.invalid\",\"click\")", lang: "lt", title: "Siunta vėluoja" } },
        { at: "2026-11-17T10:00:00Z", overrides: { text: "Доставка, \"кавычки\"\nи перенос строки", lang: "ru" } },
      ],
      dbPath,
    ),
  );
  // The brand answered the first mention 3.5 h after it was written.
  const db = openDb(dbPath);
  saveThreadCheck(db, 1, [{ externalId: "c1", responder: "nordvik_support", respondedAt: new Date("2026-11-10T13:30:00Z"), url: null, text: "Sorry", redactions: 0, deleted: false }], new Date("2026-11-11T00:00:00Z"));
  closeDb(db);
});

describe("earshot export", () => {
  it("writes CSV with a BOM, every attribute, and formulas neutralised", async () => {
    const result = await runEarshot(["export", "--db", dbPath, "--out", "all.csv"], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: "exported 2 mentions to all.csv\n" });
    const text = readFileSync(join(dir, "all.csv"), "utf8");
    expect(text.startsWith("\uFEFFid,source,sourceKind,externalId,channel,url,lang,publishedAt,fetchedAt,title,text,rating,ratingScale,sentiment,sentimentScore,complaint,topics,stages,classifierVersion,explanations,matchedTerm,duplicateOf,redactions,firstResponseAt,firstResponseHours\r\n")).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ text: "'=HYPERLINK(\"http://x.invalid\",\"click\")", topics: "delivery;slow_reply", stages: "after_sales;service", complaint: "true", title: "Siunta vėluoja", firstResponseAt: "2026-11-10T13:30:00.000Z", firstResponseHours: "3.5" });
    expect(rows[1]).toMatchObject({ firstResponseAt: "", firstResponseHours: "" });
    expect(rows[1]!.text).toBe("Доставка, \"кавычки\"\nи перенос строки");
  });

  it("writes JSON Lines to stdout, filtered by --since", async () => {
    const result = await runEarshot(["export", "--db", dbPath, "--format", "jsonl", "--since", "2026-11-15"], { cwd: dir });
    const lines = result.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: 2, lang: "ru", complaint: false, topics: [], explanations: [], publishedAt: "2026-11-17T10:00:00.000Z", firstResponseAt: null, firstResponseHours: null });
  });

  it("refuses an unknown format", async () => {
    expect((await runEarshot(["export", "--db", dbPath, "--format", "xml"], { cwd: dir })).code).toBe(2);
  });
});

// The export as first written: every row through toJsonRecord (JSON columns parsed, dates via
// toISOString), then toCsvRow or JSON.stringify. The streaming formatter must give the same bytes.
function toReferenceCsv(rows: readonly ExportRow[]): string {
  let out = CSV_BOM + toCsvRow(EXPORT_COLUMNS);
  for (const row of rows) {
    const record = toJsonRecord(row);
    out += toCsvRow(EXPORT_COLUMNS.map((column) => {
      const value = record[column];
      return (column === "topics" || column === "stages") && Array.isArray(value) ? value.join(";") : value;
    }));
  }
  return out;
}

function toReferenceJsonl(rows: readonly ExportRow[]): string {
  return rows.map((row) => `${JSON.stringify(toJsonRecord(row))}\n`).join("");
}

describe("earshot export formatting", () => {
  let fdir: string;
  let fdb: string;
  let rows: ExportRow[];

  beforeAll(() => {
    fdir = tempDir();
    fdb = join(fdir, "earshot.db");
    const text = fc.string({ unit: "binary", maxLength: 300 });
    const cell = fc.oneof(text, fc.constantFrom("=1+1", "+x", "-y", "@z", "\tq", "\rr", "＝w", "a,b", 'a"b', "a\r\nb", "Доставка, \"кавычки\"", "🙂"));
    const time = fc.oneof(
      fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
      // Years before 1970, after 9999 (ISO "+010000-…"), and before year 0 ("-000001-…", a formula start).
      fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
    );
    const mention = fc.record({
      at: time,
      publishedAt: fc.option(time),
      title: fc.option(cell),
      text: cell,
      externalId: cell,
      url: fc.option(cell),
      lang: fc.option(fc.constantFrom("lt", "ru", "en", "=1")),
      matchedTerm: fc.option(cell),
      rating: fc.option(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }))),
      sentimentScore: fc.double({ noNaN: true, noDefaultInfinity: true }),
      topics: fc.array(fc.oneof(fc.constantFrom("delivery", "slow_reply"), cell), { maxLength: 3 }),
      evidence: fc.array(fc.record({ kind: fc.constantFrom("topic", "sentiment"), match: cell, start: fc.nat(), end: fc.nat() }), { maxLength: 4 }),
    });
    const seeds: SeedMention[] = fc.sample(mention, { numRuns: 400, seed: 2026 }).map((m, i) => ({
      at: new Date(m.at).toISOString(),
      source: i % 3 === 0 ? "=feed" : "feed, two",
      overrides: {
        publishedAt: m.publishedAt === null ? null : new Date(m.publishedAt),
        fetchedAt: new Date(m.at),
        title: m.title,
        text: m.text,
        externalId: `${m.externalId}#${i}`,
        url: m.url,
        lang: m.lang,
        matchedTerm: m.matchedTerm,
        rating: m.rating,
        sentimentScore: m.sentimentScore,
        complaint: i % 2 === 0,
        topics: m.topics,
        stages: m.topics.map(() => "service"),
        evidence: m.evidence as Evidence[],
      },
    }));
    // Longer than a third of a 64 KiB chunk: the file sink writes such a line, or quotes such explanations, on its own.
    seeds.push({ at: "2026-11-10T10:00:00Z", overrides: { text: `"${"ž,".repeat(20_000)}"`, evidence: [{ kind: "topic", match: '"'.repeat(30_000) }] as Evidence[] } });
    const db = openDb(fdb);
    try {
      saveSeedMentions(db, seeds);
      // Damaged or unusual JSON columns, as a hand-edited or half-written database may hold: each
      // must come out as it did when every column was parsed.
      const damage = db.$client.prepare("update mentions set topics = ?, stages = ?, evidence = ? where id = ?");
      const columns: Array<[topics: string, stages: string, evidence: string]> = [
        ["[broken", "[]", "[broken"],
        ['"=x"', '{"a":1}', '{"a":'],
        ["[1,null,[2,3]]", "7", '"=1+1"'],
        ["null", "true", "-1"],
        ["[]", "[]", "null"],
        ["[]", "[]", "[]"],
        ["[]", "[]", "{}"],
        ["[]", "[]", "not json, at all"],
        ["[]", "[]", "true"],
      ];
      columns.forEach(([topics, stages, evidence], i) => damage.run(topics, stages, evidence, i + 1));
      rows = [...iterateMentionsForExport(db)];
    } finally {
      closeDb(db);
    }
  });

  it("writes the CSV file byte for byte as the record formatting does", async () => {
    const result = await runEarshot(["export", "--db", fdb, "--out", "all.csv"], { cwd: fdir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(fdir, "all.csv"), "utf8")).toBe(toReferenceCsv(rows));
  });

  it("writes the same CSV to stdout", async () => {
    const result = await runEarshot(["export", "--db", fdb], { cwd: fdir });
    expect(result.stdout).toBe(toReferenceCsv(rows));
  });

  it("writes JSON Lines byte for byte as the record formatting does, to a file and to stdout", async () => {
    await runEarshot(["export", "--db", fdb, "--format", "jsonl", "--out", "all.jsonl"], { cwd: fdir });
    expect(readFileSync(join(fdir, "all.jsonl"), "utf8")).toBe(toReferenceJsonl(rows));
    expect((await runEarshot(["export", "--db", fdb, "--format", "jsonl"], { cwd: fdir })).stdout).toBe(toReferenceJsonl(rows));
  });

  it("writes explanations in CSV as stored, without re-serialising the JSON", async () => {
    const dir = tempDir();
    const db = seedDigestDb([{ at: "2026-11-10T10:00:00Z" }], join(dir, "earshot.db"));
    // Valid JSON that JSON.stringify would write differently: only a hand-edited database holds it
    // (the store writes JSON.stringify output). Re-serialising it cost a parse per row.
    db.$client.prepare("update mentions set evidence = ?").run('[ {"match" : "caf\\u00e9"} ]');
    closeDb(db);
    await runEarshot(["export", "--db", join(dir, "earshot.db"), "--out", "x.csv"], { cwd: dir });
    const [row] = parse(readFileSync(join(dir, "x.csv"), "utf8").slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(row!.explanations).toBe('[ {"match" : "caf\\u00e9"} ]');
  });
});
