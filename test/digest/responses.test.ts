import { describe, expect, it } from "vitest";
import { loadDigest } from "../../src/digest/load.js";
import { renderDigestCsv } from "../../src/digest/render-csv.js";
import { renderDigestHtml } from "../../src/digest/render-html.js";
import { renderDigestMarkdown } from "../../src/digest/render-markdown.js";
import { quantile } from "../../src/digest/responses.js";
import { toWeekBuckets } from "../../src/digest/week.js";
import { openDb, type Db } from "../../src/store/sqlite/db.js";
import { listMentions, savePage } from "../../src/store/sqlite/mentions.js";
import { saveThreadCheck } from "../../src/store/sqlite/responses.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";
import { toStore } from "../helpers/deps.js";

const HOUR = 3_600_000;
const NOW = new Date("2026-11-24T08:00:00Z");
const W47 = Date.parse("2026-11-16T00:00:00Z");
const W46 = Date.parse("2026-11-09T00:00:00Z");
const service = [{ topic: "slow_reply", stage: "service" }];
const delivery = [{ topic: "delivery", stage: "after_sales" }];

/**
 * Week 47: five reddit complaints answered after 1, 2, 3, 30 h and never (written at the week's
 * start, so waiting well past the 24 h SLA); two RSS review complaints (not measurable). Week 46:
 * two reddit complaints, both answered after 10 h.
 */
function seed(): Db {
  const db = openDb(":memory:");
  const reddit = addSource(db, { name: "reddit", kind: "reddit", config: {} }, NOW);
  const rss = addSource(db, { name: "feed", kind: "rss", config: {} }, NOW);
  const at = (ms: number) => new Date(ms);
  const save = (sourceId: number, rows: ReturnType<typeof toTestRow>[]) => savePage(db, { sourceId, runId: startRun(db, sourceId, NOW), rows, cursor: {}, now: NOW });
  save(reddit.id, [
    ...[1, 2, 3, 30, null].map((_, i) => toTestRow(`r47-${i}`, { channel: "forum", publishedAt: at(W47 + i * HOUR), text: `complaint ${i}` }, i === 4 ? delivery : service)),
    ...[0, 1].map((i) => toTestRow(`r46-${i}`, { channel: "forum", publishedAt: at(W46 + i * HOUR) }, service)),
  ]);
  save(rss.id, [0, 1].map((i) => toTestRow(`f47-${i}`, { channel: "review", publishedAt: at(W47 + i * HOUR) }, delivery)));
  const waits: Record<string, number> = { "r47-0": 1, "r47-1": 2, "r47-2": 3, "r47-3": 30, "r46-0": 10, "r46-1": 10 };
  for (const m of listMentions(db)) {
    const hours = waits[m.externalId];
    if (hours === undefined) continue;
    saveThreadCheck(db, m.id, [{ externalId: `c-${m.externalId}`, responder: "nordvik_support", respondedAt: new Date(m.publishedAt!.getTime() + hours * HOUR), url: null, text: "Sorry!", redactions: 0, deleted: false }], NOW);
  }
  return db;
}

async function digestOf(db: Db, measurableKinds: string[]) {
  return loadDigest(toStore(db), {
    buckets: toWeekBuckets({ year: 2026, week: 47 }, 9, "UTC"),
    kind: "week",
    timezone: "UTC",
    spikes: { k: 3, minCount: 5, baselineWeeks: 8 },
    now: NOW,
    responses: { measurableKinds, slaHours: 24 },
  });
}

describe("the Responses digest section", () => {
  it("computes response rate, median and p90 first-reply time and SLA breaches against last week", async () => {
    const r = (await digestOf(seed(), ["reddit"])).responses;
    // 4 of 5 answered; waits 1, 2, 3, 30 h → median 2.5, p90 = 3 + 0.7 × 27 = 21.9; breaches: the 30 h answer and the unanswered one.
    expect(r.total).toMatchObject({ complaints: 5, answered: 4, slaBreaches: 2 });
    expect(r.total.responseRate).toEqual({ value: 80, previous: 100, change: -20, average: 100 });
    expect(r.total.medianHours).toEqual({ value: 2.5, previous: 10, change: -7.5, average: 10 });
    expect(r.total.p90Hours.value).toBe(21.9);
    expect(r.stages.map((s) => [s.stage, s.complaints, s.answered])).toEqual([["after_sales", 1, 0], ["service", 4, 4]]);
  });

  it("says not measurable for a channel whose platforms cannot show replies, never 0 %", async () => {
    const r = (await digestOf(seed(), ["reddit"])).responses;
    expect(r.channels.map((c) => [c.channel, c.measurable, c.complaints, c.notMeasurable])).toEqual([["forum", true, 5, 0], ["review", false, 0, 2]]);
    expect(r.channels[1]!.responseRate.value).toBeNull();
    const md = renderDigestMarkdown(await digestOf(seed(), ["reddit"]));
    expect(md).toMatch(/\| Reviews \| 2 \| not measurable \| not measurable \|/u);
    expect(md).not.toMatch(/Reviews \|[^\n]*0%/u);
    expect(renderDigestCsv(await digestOf(seed(), ["reddit"]))).toContain(",responses,review,,,,,,false");
  });

  it("lists the oldest unanswered complaint with how long it has waited", async () => {
    const r = (await digestOf(seed(), ["reddit"])).responses;
    // Written 2026-11-16T04:00Z; the week ends 2026-11-23T00:00Z (before the clock): 164 h.
    expect(r.oldestUnanswered).toEqual([expect.objectContaining({ source: "reddit", quote: "complaint 4", waitingHours: 164, writtenAt: "2026-11-16T04:00:00.000Z" })]);
    expect(renderDigestHtml(await digestOf(seed(), ["reddit"]))).toContain("164 h waiting");
  });

  it("is not measurable at all without brand accounts", async () => {
    const d = await digestOf(seed(), []);
    expect(d.responses).toMatchObject({ measurable: false, total: { complaints: 0 } });
    expect(renderDigestMarkdown(d)).toContain("Not measurable: set `brand.accounts`");
  });

  it.each([
    // [case, sorted values, q, expected]
    ["none", [], 0.5, null],
    ["one value", [4], 0.9, 4],
    ["even count: mean of the middle two", [1, 2, 3, 30], 0.5, 2.5],
    ["interpolates between ranks", [1, 2, 3, 30], 0.9, 21.9],
  ])("quantile: %s", (_case, values, q, expected) => {
    expect(quantile(values, q)).toBe(expected);
  });
});
