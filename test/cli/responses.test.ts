import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

/** A day after the newest recorded post (fixtures/reddit/search-page-1.json): every thread is in the 14-day window. */
const now = () => new Date("2026-11-24T08:00:00Z");

describe("earshot scan / mentions / status with brand accounts", () => {
  let replay: ReplayServer;
  let dir: string;
  beforeAll(async () => {
    replay = await startReplay({
      "/search.json": { fixture: "reddit/search-page-1" },
      "/search.json?q=%22Nordvik%22&sort=new&t=all&type=link&limit=100&raw_json=1&after=t3_1h2gkz2": { fixture: "reddit/search-page-2" },
      "/comments/1h2kx7c.json": { fixture: "reddit/thread-answered" },
      "/comments/1h2gkz2.json": { fixture: "reddit/thread-unanswered" },
      // Every other thread of the listing: a post with no comments yet.
      "/comments/1h2jq0d.json": { fixture: "reddit/thread-unanswered" },
      "/comments/1h2ig4w.json": { fixture: "reddit/thread-unanswered" },
      "/comments/1h2hd1x.json": { fixture: "reddit/thread-unanswered" },
      "/comments/1h2f3a8.json": { fixture: "reddit/thread-unanswered" },
      "/comments/1h2e7pn.json": { fixture: "reddit/thread-unanswered" },
      "/comments/1h2dl2v.json": { fixture: "reddit/thread-unanswered" },
      "/fi.atom": { fixture: "rss/demo-fi-atom" },
    });
    dir = tempDir();
    writeFileSync(
      join(dir, "earshot.yaml"),
      `database: ./earshot.db
brand:
  accounts:
    reddit: [nordvik_support]
responses:
  windowDays: 14
sources:
  - name: reddit
    kind: reddit
    baseUrl: ${replay.origin}
    terms: [Nordvik]
  - name: fi
    kind: rss
    url: ${replay.url("/fi.atom")}
`,
    );
    const scan = await runEarshot(["scan"], { cwd: dir, now });
    expect(scan.code, scan.stdout + scan.stderr).toBe(0);
    expect(scan.stdout).toMatch(/reddit threads: checked \d+, newly answered 1/u);
  });
  afterAll(() => replay.close());

  it("lists the answered mention with its first reply time and the unanswered complaints of measurable sources only", async () => {
    const answered = (await runEarshot(["mentions", "--answered", "--json"], { cwd: dir, now })).stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(answered.map((m) => [m.externalId, m.firstResponseAt])).toEqual([["t3_1h2kx7c", "2026-11-23T12:10:12.000Z"]]);

    const unanswered = (await runEarshot(["mentions", "--unanswered", "--json"], { cwd: dir, now })).stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(unanswered.length).toBeGreaterThan(0);
    // RSS cannot show replies: its complaints are not "unanswered", they are not measurable.
    for (const m of unanswered) expect(m).toMatchObject({ source: "reddit", complaint: true, firstResponseAt: null });

    // Posts older than 24 h at the pinned clock (before 2026-11-23T08:00Z): the newest, t3_1h2kx7c at 06:40, is answered anyway.
    const older = (await runEarshot(["mentions", "--unanswered", "--older-than", "24h", "--json"], { cwd: dir, now })).stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(older.length).toBeGreaterThan(0);
    for (const m of older) expect(Date.parse(m.publishedAt as string)).toBeLessThan(Date.parse("2026-11-23T08:00:00Z"));
    const withinDay = await runEarshot(["mentions", "--unanswered", "--older-than", "30d", "--json"], { cwd: dir, now });
    expect(withinDay.stdout).toBe("");
  });

  it("refuses --older-than without --unanswered and a bad duration", async () => {
    expect((await runEarshot(["mentions", "--older-than", "24h"], { cwd: dir, now })).code).toBe(2);
    const bad = await runEarshot(["mentions", "--unanswered", "--older-than", "soon"], { cwd: dir, now });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a duration/u);
  });

  it("shows the thread-check backlog in status for measurable sources only", async () => {
    const rows = JSON.parse((await runEarshot(["status", "--json"], { cwd: dir, now })).stdout) as Array<{ source: string; threadChecks: Record<string, unknown> | null }>;
    expect(rows.find((r) => r.source === "fi")!.threadChecks).toBeNull();
    expect(rows.find((r) => r.source === "reddit")!.threadChecks).toMatchObject({ due: 0, answered: 1, postponedUntil: null });
    const table = await runEarshot(["status"], { cwd: dir, now });
    expect(table.stdout).toMatch(/thread checks \(complaints of the last 14 days/u);
  });
});
