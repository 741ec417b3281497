import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSpikeAlertCheck, saveDigestFiles, toLatestDataWeek, type DigestJobDeps } from "../../src/cli/commands/digest.js";
import { parseConfig } from "../../src/config/load.js";
import { silentLogger } from "../../src/core/log.js";
import { createHttpClient } from "../../src/http/client.js";
import { closeDb, openDb, type Db } from "../../src/store/sqlite/db.js";
import { savePage } from "../../src/store/sqlite/mentions.js";
import { listResponseFacts, saveThreadCheck } from "../../src/store/sqlite/responses.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";
import { seedSpikeWeek } from "../digest/fixture.js";
import { saveSeedMentions, spreadOverWeek } from "../digest/seed.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { toStore } from "../helpers/deps.js";

let dir: string;
let dbPath: string;

beforeAll(() => {
  dir = tempDir();
  dbPath = join(dir, "earshot.db");
  closeDb(seedSpikeWeek(dbPath));
});

describe("earshot digest", () => {
  it.each([
    ["md", (out: string) => expect(out).toContain("# Complaint digest 2026-W47")],
    ["json", (out: string) => expect(JSON.parse(out)).toMatchObject({ period: { label: "2026-W47" }, spikes: [{ topic: "delivery" }] })],
    ["csv", (out: string) => expect(out.startsWith("\uFEFFperiod,")).toBe(true)],
    ["html", (out: string) => expect(load(out)("head > title").text()).toBe("Complaint digest 2026-W47")],
  ])("prints the %s format", async (format, check) => {
    const result = await runEarshot(["digest", "--db", dbPath, "--week", "2026-W47", "--format", format], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    check(result.stdout);
  });

  it("writes to --out in the format its extension names", async () => {
    const result = await runEarshot(["digest", "--db", dbPath, "--week", "2026-W47", "--out", "week.html"], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(readFileSync(join(dir, "week.html"), "utf8").startsWith("<!DOCTYPE html>")).toBe(true);
  });

  it("digests a custom date range against the equally long periods before it", async () => {
    const result = await runEarshot(["digest", "--db", dbPath, "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"], { cwd: dir });
    expect(JSON.parse(result.stdout)).toMatchObject({ period: { label: "2026-11-16..2026-11-22", kind: "range", previous: { label: "2026-11-09..2026-11-15" } }, totals: { complaints: { value: 19 } } });
  });

  it.each([
    [["--week", "2026-47"], "not an ISO week"],
    [["--week", "2026-W47", "--from", "2026-11-01", "--to", "2026-11-02"], "not both"],
    [["--from", "2026-11-01"], "go together"],
    [["--format", "pdf"], "not one of"],
    [["--deliver"], "no `delivery:` channel"],
  ])("refuses %o with a usage error", async (args, message) => {
    const result = await runEarshot(["digest", "--db", dbPath, ...args], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("--deliver writes the digest files into the configured folder", async () => {
    const configPath = join(dir, "earshot.yaml");
    writeFileSync(configPath, `database: ./earshot.db\ntimezone: UTC\ndelivery:\n  folder: ./out\n`);
    const result = await runEarshot(["digest", "--config", configPath, "--week", "2026-W47", "--deliver", "--out", "ignored.md"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("→ folder: delivered");
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["earshot-digest-2026-W47.csv", "earshot-digest-2026-W47.html", "earshot-digest-2026-W47.json", "earshot-digest-2026-W47.md"]);
  });
});

describe("the demo's digest files", () => {
  it("shows the latest complete week with data and writes earshot-digest.html and .md", async () => {
    const out = tempDir();
    const db = seedSpikeWeek();
    // A recording cut on Monday of the next week: that week is partial, so W47 is shown.
    saveSeedMentions(db, [{ at: "2026-11-23T06:00:00Z" }]);
    const config = parseConfig({ timezone: "UTC" }, null, out);
    expect(await toLatestDataWeek(toStore(db), "UTC")).toEqual({ year: 2026, week: 47 });
    const written = await saveDigestFiles(toStore(db), config, out, new Date("2026-11-29T12:00:00Z"));
    expect(written?.period).toBe("2026-W47");
    expect(readdirSync(out).sort()).toEqual(["earshot-digest.html", "earshot-digest.md"]);
    expect((await saveDigestFiles(toStore(db), config, out, new Date(), "2026-W46"))?.period).toBe("2026-W46");
  });
});

describe("spike alerts after scans", () => {
  let db: Db;
  let folder: string;
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0 });
  afterAll(() => http.close());

  function deps(now: string, cooldownMs = 7 * 86_400_000): DigestJobDeps {
    const config = parseConfig({ timezone: "UTC", delivery: { folder }, alerts: { afterScan: true, cooldownMs } }, null, folder);
    return { store: toStore(db), http, config: () => config, env: {}, cwd: folder, now: () => new Date(now), log: silentLogger };
  }

  beforeAll(() => {
    db = seedSpikeWeek();
    folder = tempDir();
  });

  it("delivers a spike of the running week once, then stays quiet within the cool-down", async () => {
    const first = await runSpikeAlertCheck(deps("2026-11-22T12:00:00Z"));
    expect(first).toMatchObject([{ channel: "folder", ok: true }]);
    expect(readdirSync(folder)).toEqual(["earshot-alert-2026-W47-delivery.json"]);
    expect(await runSpikeAlertCheck(deps("2026-11-22T18:00:00Z"))).toEqual([]);
  });

  it("announces a topic again after the cool-down, and a new topic at once", async () => {
    saveSeedMentions(db, spreadOverWeek("2026-11-16", 8, { topics: [["checkout_payment", "conversion"]], source: "en-reviews" }));
    const results = await runSpikeAlertCheck(deps("2026-11-22T19:00:00Z"));
    expect(results).toMatchObject([{ ok: true }]);
    expect(readdirSync(folder)).toContain("earshot-alert-2026-W47-checkout_payment.json");
    // One hour of cool-down: both spikes may be sent again.
    const later = await runSpikeAlertCheck(deps("2026-11-22T21:00:00Z", 3_600_000));
    expect(readdirSync(folder)).toContain("earshot-alert-2026-W47-delivery-checkout_payment.json");
    expect(later).toHaveLength(1);
  });
});

describe("SLA alerts (unanswered complaints past responses.slaHours)", () => {
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0 });
  afterAll(() => http.close());

  it("announces unanswered complaints past the SLA once per cool-down, with the same alerts_sent machinery as spikes", async () => {
    const db = openDb(":memory:");
    const folder = tempDir();
    const source = addSource(db, { name: "reddit", kind: "reddit", config: {} }, new Date("2026-11-16T00:00:00Z"));
    const rows = [0, 1, 2].map((i) => toTestRow(`t3_${i}`, { channel: "forum", publishedAt: new Date(Date.parse("2026-11-17T08:00:00Z") + i * 3_600_000) }, [{ topic: "slow_reply", stage: "service" }]));
    savePage(db, { sourceId: source.id, runId: startRun(db, source.id, new Date("2026-11-18T00:00:00Z")), rows, cursor: {}, now: new Date("2026-11-18T00:00:00Z") });
    const config = parseConfig({ timezone: "UTC", brand: { accounts: { reddit: ["nordvik_support"] } }, delivery: { folder }, alerts: { afterScan: true } }, null, folder);
    const at = (now: string): DigestJobDeps => ({ store: toStore(db), http, config: () => config, env: {}, cwd: folder, now: () => new Date(now), log: silentLogger });

    // 09:00 on the 17th: the oldest complaint has waited 1 h, inside the 24 h SLA.
    expect(await runSpikeAlertCheck(at("2026-11-17T09:00:00Z"))).toEqual([]);
    // A day later all three are past it.
    expect(await runSpikeAlertCheck(at("2026-11-18T11:00:00Z"))).toMatchObject([{ channel: "folder", ok: true }]);
    expect(readdirSync(folder)).toEqual(["earshot-alert-2026-W47-unanswered-past-sla.json"]);
    const payload = JSON.parse(readFileSync(join(folder, "earshot-alert-2026-W47-unanswered-past-sla.json"), "utf8")) as { unansweredPastSla: { count: number; oldest: Array<{ waitingHours: number }> } };
    expect(payload.unansweredPastSla.count).toBe(3);
    expect(payload.unansweredPastSla.oldest.map((u) => u.waitingHours)).toEqual([27, 26, 25]);
    expect(await runSpikeAlertCheck(at("2026-11-18T12:00:00Z"))).toEqual([]);
  });

  it("announces a complaint of last week that passes its SLA in this one, and leaves answered and out-of-window ones alone", async () => {
    const db = openDb(":memory:");
    const folder = tempDir();
    const source = addSource(db, { name: "reddit", kind: "reddit", config: {} }, new Date("2026-11-01T00:00:00Z"));
    // Sunday 22:00 of W47 (UTC); a complaint 20 days old (outside the 14-day window).
    const rows = [
      toTestRow("t3_sunday", { channel: "forum", publishedAt: new Date("2026-11-22T22:00:00Z") }, [{ topic: "slow_reply", stage: "service" }]),
      toTestRow("t3_old", { channel: "forum", publishedAt: new Date("2026-11-03T10:00:00Z") }, [{ topic: "delivery", stage: "after_sales" }]),
      toTestRow("t3_answered", { channel: "forum", publishedAt: new Date("2026-11-22T21:00:00Z") }, [{ topic: "delivery", stage: "after_sales" }]),
    ];
    savePage(db, { sourceId: source.id, runId: startRun(db, source.id, new Date("2026-11-23T00:00:00Z")), rows, cursor: {}, now: new Date("2026-11-23T00:00:00Z") });
    const answered = listResponseFacts(db, ["reddit"], Date.parse("2026-11-22T21:00:00Z"), Date.parse("2026-11-22T21:00:01Z"))[0]!;
    const reply = { externalId: "t1_reply", responder: "nordvik_support", respondedAt: new Date("2026-11-23T09:00:00Z"), url: null, text: "Sorry, we are on it", redactions: 0, deleted: false };
    saveThreadCheck(db, answered.mentionId, [reply], new Date("2026-11-23T10:00:00Z"));
    const config = parseConfig({ timezone: "UTC", brand: { accounts: { reddit: ["nordvik_support"] } }, delivery: { folder }, alerts: { afterScan: true } }, null, folder);
    const at = (now: string): DigestJobDeps => ({ store: toStore(db), http, config: () => config, env: {}, cwd: folder, now: () => new Date(now), log: silentLogger });

    // Monday evening of W48: the Sunday complaint has waited 20 h, then 26 h.
    expect(await runSpikeAlertCheck(at("2026-11-23T18:00:00Z"))).toEqual([]);
    expect(await runSpikeAlertCheck(at("2026-11-24T00:00:00Z"))).toMatchObject([{ channel: "folder", ok: true }]);
    const payload = JSON.parse(readFileSync(join(folder, "earshot-alert-2026-W48-unanswered-past-sla.json"), "utf8")) as { unansweredPastSla: { count: number; oldest: Array<{ quote: string; waitingHours: number }> } };
    expect(payload.unansweredPastSla).toMatchObject({ count: 1, windowDays: 14, slaHours: 24 });
    expect(payload.unansweredPastSla.oldest.map((u) => u.waitingHours)).toEqual([26]);
  });
});
