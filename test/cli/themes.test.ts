import { readdirSync, readFileSync } from "node:fs";
import { toStore } from "../helpers/deps.js";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSpikeAlertCheck, type DigestJobDeps } from "../../src/cli/commands/digest.js";
import { parseConfig } from "../../src/config/load.js";
import { silentLogger } from "../../src/core/log.js";
import { createHttpClient } from "../../src/http/client.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { seedThemeCorpus, toPlantedComplaints } from "../digest/theme-corpus.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

let dir: string;
let dbPath: string;

beforeAll(() => {
  dir = tempDir();
  dbPath = join(dir, "earshot.db");
  closeDb(seedThemeCorpus(6_000, toPlantedComplaints(25), dbPath));
});

describe("earshot themes", () => {
  it("prints a topic's themes as JSON, with member mention ids", async () => {
    const result = await runEarshot(["themes", "--db", dbPath, "--week", "2026-W47", "--topic", "checkout_payment", "--json"], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const parsed = JSON.parse(result.stdout) as { period: { label: string }; topics: Array<{ topic: string; themes: Array<{ new: boolean; mentionIds: number[] }> }> };
    expect(parsed.period.label).toBe("2026-W47");
    expect(parsed.topics.map((t) => t.topic)).toEqual(["checkout_payment"]);
    expect(parsed.topics[0]!.themes[0]).toMatchObject({ new: true });
    expect(parsed.topics[0]!.themes[0]!.mentionIds.length).toBeGreaterThanOrEqual(20);
  });

  it("exports theme membership as CSV, one row per theme and complaint, the same ids as --json", async () => {
    const json = JSON.parse((await runEarshot(["themes", "--db", dbPath, "--week", "2026-W47", "--json"], { cwd: dir })).stdout) as { topics: Array<{ themes: Array<{ id: string; mentionIds: number[] }> }> };
    const result = await runEarshot(["themes", "--db", dbPath, "--week", "2026-W47", "--members"], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = result.stdout.replace(/^\uFEFF/u, "").trimEnd().split("\r\n");
    expect(header).toBe("period,theme,topic,stage,label,new,z,id");
    const expected = json.topics.flatMap((t) => t.themes).flatMap((t) => t.mentionIds.map((id) => `${t.id}|${id}`));
    expect(rows.map((r) => { const cells = r.split(","); return `${cells[1]}|${cells.at(-1)}`; })).toEqual(expected);
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });

  it("prints the themes per stage as text", async () => {
    const result = await runEarshot(["themes", "--db", dbPath, "--week", "2026-W47"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Conversion\n {2}NEW "[^"]+" — Checkout payment \(Conversion\): 2\d complaints from 2\d authors this week, new since 2026-11-17/mu);
  });

  it.each([
    ["an unknown topic", ["--topic", "nope"], /--topic "nope": no complaints with this topic in 2026-W47/u],
    ["--since with --week", ["--since", "2026-11-01", "--week", "2026-W47"], /choose --since or --week/u],
    ["a bad --since", ["--since", "2026-13-01"], /"2026-13-01" is not a date/u],
  ])("refuses %s with a clear error", async (_name, args, message) => {
    const result = await runEarshot(["themes", "--db", dbPath, ...(args.includes("--week") ? [] : ["--week", "2026-W47"]).filter(() => !args.includes("--since")), ...args], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

describe("new-theme alerts", () => {
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0 });
  afterAll(() => http.close());

  it("announces an emerging issue once, through the spike alerts' cool-down", async () => {
    const folder = tempDir();
    const db = openDb(dbPath);
    const config = parseConfig({ timezone: "UTC", delivery: { folder }, alerts: { afterScan: true } }, null, folder);
    const at = (now: string): DigestJobDeps => ({ store: toStore(db), http, config: () => config, env: {}, cwd: folder, now: () => new Date(now), log: silentLogger });
    try {
      await runSpikeAlertCheck(at("2026-11-22T20:00:00Z"));
      const file = readdirSync(folder).find((f) => f.includes("-new-checkout_payment"));
      expect(file).toBeDefined();
      const payload = JSON.parse(readFileSync(join(folder, file!), "utf8")) as { themes: Array<{ topic: string; new: boolean }> };
      expect(payload.themes).toMatchObject([{ topic: "checkout_payment", new: true }]);
      const again = await runSpikeAlertCheck(at("2026-11-22T21:00:00Z"));
      expect(readdirSync(folder).filter((f) => f.includes("-new-"))).toHaveLength(1);
      expect(again.length).toBe(0);
    } finally {
      closeDb(db);
    }
  });
});
