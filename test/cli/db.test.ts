import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

/** A workspace whose config stores payloads as `raw`, with a CSV of `rows` tickets scanned into it. */
async function scannedWorkspace(raw: string, rows: number): Promise<string> {
  const dir = tempDir();
  const lines = ["id,customer,body,date", ...Array.from({ length: rows }, (_, i) => `${i + 1},Customer ${i},"Parcel ${i} is late again, where is my refund?",2026-11-${String((i % 28) + 1).padStart(2, "0")}`)];
  writeFileSync(join(dir, "tickets.csv"), lines.join("\n"));
  writeConfig(dir, raw);
  const scan = await runEarshot(["scan", "--no-threads"], { cwd: dir });
  expect(scan.code, scan.stdout + scan.stderr).toBe(0);
  return dir;
}

function writeConfig(dir: string, raw: string): void {
  writeFileSync(
    join(dir, "earshot.yaml"),
    ["database: ./earshot.db", "storage:", `  raw: ${raw}`, "sources:", "  - name: tickets", "    kind: file", `    path: ${join(dir, "tickets.csv")}`, "    columns: { id: id, author: customer, text: body, date: date }", ""].join("\n"),
  );
}

function inspect(dir: string): { forms: unknown[]; payloads: Array<string | null> } {
  const db = openDb(join(dir, "earshot.db"));
  try {
    return {
      forms: db.$client.prepare("select typeof(raw) as form, count(*) as n from mentions group by 1 order by 1").all(),
      payloads: listMentions(db).map((m) => m.raw).sort(),
    };
  } finally {
    closeDb(db);
  }
}

describe("earshot db rewrite-raw", () => {
  it("compresses the payloads a keep-config stored once the config says compress, and changes no payload", async () => {
    const dir = await scannedWorkspace("keep", 120);
    const before = inspect(dir);
    expect(before.forms).toEqual([{ form: "text", n: 120 }]);
    writeConfig(dir, "compress");
    const run = await runEarshot(["db", "rewrite-raw", "--batch", "50", "--json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ to: "compress", rewritten: 120, doneThroughId: 120, maxId: 120, finished: true });
    const after = inspect(dir);
    expect(after.forms).toEqual([{ form: "blob", n: 120 }]);
    expect(after.payloads).toEqual(before.payloads);
    // Run again: nothing is left to do.
    expect(JSON.parse((await runEarshot(["db", "rewrite-raw", "--json"], { cwd: dir })).stdout)).toMatchObject({ rewritten: 0, finished: true });
  });

  it("drops stored payloads with --to drop and reclaims the space with --vacuum", async () => {
    const dir = await scannedWorkspace("compress", 40);
    const run = await runEarshot(["db", "rewrite-raw", "--to", "drop", "--vacuum"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^rewrote 40 payload\(s\) to drop in [\d.]+ s\n$/u);
    expect(inspect(dir).forms).toEqual([{ form: "null", n: 40 }]);
  });

  it("refuses an unknown target form with a usage error naming the choices", async () => {
    const dir = await scannedWorkspace("compress", 1);
    const run = await runEarshot(["db", "rewrite-raw", "--to", "zstd"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"zstd" is not one of keep, compress, drop');
  });
});
