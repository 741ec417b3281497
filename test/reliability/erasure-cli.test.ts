/**
 * `earshot forget` and `earshot purge` end to end: a scan stores mentions, the commands report
 * what they removed, and afterwards no output (mentions, export, digest) and no byte of the
 * database file shows the erased text. Digests are computed from the mentions on demand, so
 * erasing the mentions erases their examples from every later digest.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toPurgeJob } from "../../src/cli/commands/purge.js";
import { silentLogger } from "../../src/core/log.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { toStore } from "../helpers/deps.js";

const MARKER = "Zebrafinch-parcel-7781";

function writeWorkspace(): string {
  const dir = tempDir();
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  writeFileSync(
    join(dir, "tickets.csv"),
    [
      "id,customer,body,date,link",
      `1,Jonas,"The courier lost my ${MARKER}, refund please, call +370 612 34567",${day(3)},https://support.example/t/1`,
      `2,jonas,"Second complaint: delivery late again",${day(2)},https://support.example/t/2`,
      `3,Rūta,"Delivery was fine",${day(1)},https://support.example/t/3`,
      `4,Petras,"Old complaint about a refund",${day(800)},https://support.example/t/4`,
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "earshot.yaml"),
    ["database: ./earshot.db", "retention:", "  days: 365", "sources:", "  - name: tickets", "    kind: file", `    path: ${join(dir, "tickets.csv")}`, "    columns: { id: id, author: customer, text: body, date: date, url: link }", ""].join("\n"),
  );
  return dir;
}

describe("earshot forget / purge", () => {
  it("forgets an author on every kind, reports counts, and leaves no trace in outputs or the file", async () => {
    const dir = writeWorkspace();
    const scan = await runEarshot(["scan"], { cwd: dir });
    expect(scan.code, scan.stdout + scan.stderr).toBe(0);
    const before = await runEarshot(["mentions", "--json"], { cwd: dir });
    expect(before.stdout).toContain(MARKER);
    // Redacted before storage; the handle is not stored, only its keyed hash.
    expect(before.stdout).toContain("[phone]");
    expect(before.stdout).not.toContain("Jonas");

    const forget = await runEarshot(["forget", "--author", "@JONAS", "--json"], { cwd: dir });
    expect(forget.code).toBe(0);
    expect(JSON.parse(forget.stdout)).toMatchObject({ mentions: 2, rawPayloads: 2, walCheckpointed: true });
    expect(forget.stdout + forget.stderr).not.toMatch(/jonas/iu);

    for (const args of [["mentions", "--json"], ["export", "--format", "jsonl"], ["digest", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "json"]]) {
      const out = await runEarshot(args, { cwd: dir });
      expect(out.stdout, args.join(" ")).not.toContain(MARKER);
    }
    for (const file of ["earshot.db", "earshot.db-wal"].map((f) => join(dir, f)).filter((f) => existsSync(f))) {
      expect(readFileSync(file).includes(MARKER), file).toBe(false);
    }
    expect(JSON.parse((await runEarshot(["forget", "--author", "jonas", "--kind", "file", "--json"], { cwd: dir })).stdout)).toMatchObject({ mentions: 0 });
  });

  it("forgets one post by URL", async () => {
    const dir = writeWorkspace();
    await runEarshot(["scan"], { cwd: dir });
    const forget = await runEarshot(["forget", "--url", "https://support.example/t/3", "--json"], { cwd: dir });
    expect(JSON.parse(forget.stdout)).toMatchObject({ mentions: 1 });
    expect((await runEarshot(["mentions", "--json"], { cwd: dir })).stdout).not.toContain("https://support.example/t/3");
  });

  it("purges what is older than retention.days, or --days", async () => {
    const dir = writeWorkspace();
    await runEarshot(["scan"], { cwd: dir });
    expect(JSON.parse((await runEarshot(["purge", "--json"], { cwd: dir })).stdout)).toMatchObject({ days: 365, mentions: 1 });
    // Dates without a time are midnight UTC: 3 and 2 days ago are both older than 48 hours.
    expect(JSON.parse((await runEarshot(["purge", "--days", "2", "--json"], { cwd: dir })).stdout)).toMatchObject({ days: 2, mentions: 2 });
    expect((await runEarshot(["mentions", "--json"], { cwd: dir })).stdout.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    ["neither --author nor --url", ["forget"]],
    ["both", ["forget", "--author", "a", "--url", "https://x.example"]],
    ["--kind without --author", ["forget", "--url", "https://x.example", "--kind", "reddit"]],
    ["an unknown kind", ["forget", "--author", "a", "--kind", "myspace"]],
  ])("refuses %s with exit 2", async (_name, args) => {
    const result = await runEarshot(args, { cwd: writeWorkspace() });
    expect(result.code).toBe(2);
  });

  it("runs the same purge as the daemon's daily job", async () => {
    const dir = writeWorkspace();
    await runEarshot(["scan"], { cwd: dir });
    const db = openDb(join(dir, "earshot.db"));
    try {
      const job = toPurgeJob(toStore(db), { retention: { days: 365 } }, silentLogger);
      expect(job.schedule).toBe("17 3 * * *");
      await job.run(new AbortController().signal);
      expect(listMentions(db).map((m) => m.externalId).sort()).toEqual(["1", "2", "3"]);
    } finally {
      closeDb(db);
    }
  });
});
