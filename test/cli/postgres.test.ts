import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { runEarshot } from "../helpers/cli.js";
import { createTestDatabase, pgAvailable, pgSkipReason } from "../helpers/postgres.js";
import { tempDir } from "../helpers/temp.js";

/** `mentions --json` lines without the ids each database assigns in its own scan order. */
function withoutIds(stdout: string): unknown[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => {
      const { id: _id, duplicateOf: _dup, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    })
    .sort((a, b) => String(a.externalId).localeCompare(String(b.externalId)));
}

describe.skipIf(!pgAvailable)("the CLI on PostgreSQL (DATABASE_URL) and on SQLite: same scan, same mentions, same status", () => {
  let replay: ReplayServer;
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    replay = await startReplay({
      "/ru.xml": { fixture: "rss/demo-ru-windows-1251" },
      "/fi.atom": { fixture: "rss/demo-fi-atom" },
      "/down.xml": { status: 500, body: "boom" },
    });
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await replay.close();
    await database.drop();
  });

  it("scan, mentions and status print the same for both backends", async () => {
    const dir = tempDir();
    const sources = `  - name: ru\n    kind: rss\n    url: ${replay.url("/ru.xml")}\n  - name: fi\n    kind: rss\n    url: ${replay.url("/fi.atom")}\n  - name: down\n    kind: rss\n    url: ${replay.url("/down.xml")}\n`;
    // No `database:` in the file: SQLite's default ./earshot.db, or DATABASE_URL when it is set.
    writeFileSync(join(dir, "earshot.yaml"), `timezone: Europe/Vilnius\nscan:\n  concurrency: 1\nsources:\n${sources}`);
    const now = () => new Date("2026-11-23T08:00:00Z");
    const pgEnv = { DATABASE_URL: database.url };
    const run = (argv: string[], env: Record<string, string> = {}) => runEarshot(argv, { cwd: dir, env, now });

    const sqliteScan = await run(["scan", "--json"]);
    const pgScan = await run(["scan", "--json"], pgEnv);
    const strip = (stdout: string) => stdout.trim().split("\n").map((l) => ({ ...JSON.parse(l), durationMs: 0 }));
    expect(strip(pgScan.stdout)).toEqual(strip(sqliteScan.stdout));
    expect(pgScan.code).toBe(sqliteScan.code);

    const sqliteMentions = await run(["mentions", "--json", "--limit", "100"]);
    const pgMentions = await run(["mentions", "--json", "--limit", "100"], pgEnv);
    expect(withoutIds(pgMentions.stdout)).toEqual(withoutIds(sqliteMentions.stdout));
    expect(withoutIds(pgMentions.stdout).length).toBeGreaterThan(10);

    const sqliteStatus = await run(["status", "--json"]);
    const pgStatus = await run(["status", "--json"], pgEnv);
    expect(JSON.parse(pgStatus.stdout)).toEqual(JSON.parse(sqliteStatus.stdout));
    const text = await run(["status"], pgEnv);
    expect(text.stdout).toContain("Job queue: 0 queued, 0 running, 0 dead letter(s)");

    // A config that names its database keeps it, whatever DATABASE_URL says (set for another program).
    writeFileSync(join(dir, "named.yaml"), `database: ./earshot.db\ntimezone: Europe/Vilnius\nsources:\n${sources}`);
    // (Only PostgreSQL's status has a job queue line.)
    const named = await run(["status", "--config", "named.yaml"], pgEnv);
    expect(named.code).toBe(0);
    expect(named.stdout).not.toContain("Job queue");
    expect(named.stdout).toBe((await run(["status", "--config", "named.yaml"])).stdout);
  });
});

if (!pgAvailable) {
  describe.skip(`the CLI on PostgreSQL (skipped: ${pgSkipReason})`, () => {
    it("runs with EARSHOT_TEST_PG_URL set", () => undefined);
  });
}
