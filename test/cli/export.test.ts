import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "../../src/store/db.js";
import { seedDigestDb } from "../digest/seed.js";
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
});

describe("earshot export", () => {
  it("writes CSV with a BOM, every attribute, and formulas neutralised", async () => {
    const result = await runEarshot(["export", "--db", dbPath, "--out", "all.csv"], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: "exported 2 mentions to all.csv\n" });
    const text = readFileSync(join(dir, "all.csv"), "utf8");
    expect(text.startsWith("\uFEFFid,source,sourceKind,externalId,channel,url,lang,publishedAt,fetchedAt,title,text,rating,ratingScale,sentiment,sentimentScore,complaint,topics,stages,classifierVersion,explanations,matchedTerm,duplicateOf,redactions\r\n")).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ text: "'=HYPERLINK(\"http://x.invalid\",\"click\")", topics: "delivery;slow_reply", stages: "after_sales;service", complaint: "true", title: "Siunta vėluoja" });
    expect(rows[1]!.text).toBe("Доставка, \"кавычки\"\nи перенос строки");
  });

  it("writes JSON Lines to stdout, filtered by --since", async () => {
    const result = await runEarshot(["export", "--db", dbPath, "--format", "jsonl", "--since", "2026-11-15"], { cwd: dir });
    const lines = result.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: 2, lang: "ru", complaint: false, topics: [], explanations: [], publishedAt: "2026-11-17T10:00:00.000Z" });
  });

  it("refuses an unknown format", async () => {
    expect((await runEarshot(["export", "--db", dbPath, "--format", "xml"], { cwd: dir })).code).toBe(2);
  });
});
