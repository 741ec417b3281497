import { describe, expect, it } from "vitest";
import { loadDigest, type DigestOptions } from "../../src/digest/load.js";
import { toRangeBuckets, toWeekBuckets, type IsoWeek } from "../../src/digest/week.js";
import { closeDb, openDb, type Db } from "../../src/store/sqlite/db.js";
import { refreshDigestRollups } from "../../src/store/sqlite/digest-rollups.js";
import { deleteAuthorMentions, deleteMentionsBefore, deleteUrlMentions } from "../../src/store/sqlite/privacy.js";
import { loadOutdatedMentions, saveClassifications } from "../../src/store/sqlite/reclassify.js";
import { saveSeedMentions, type SeedMention } from "../digest/seed.js";
import { tempDbPath } from "../helpers/temp.js";
import { createSeededRandom } from "../../src/core/random.js";
import { toStore } from "../helpers/deps.js";

const RULE = { k: 3, minCount: 5, baselineWeeks: 8 };
const DAY_MS = 86_400_000;
/** Sunday evening after 2026-W49 in both zones: every day of the periods below is complete. */
const AFTER = new Date("2026-12-06T23:30:00Z");
const TOPICS: Array<[string, string]> = [
  ["delivery", "after_sales"],
  ["returns_refunds", "after_sales"],
  ["slow_reply", "service"],
  ["checkout_payment", "conversion"],
  ["pricing", "acquisition"],
];

/**
 * `count` mentions between `from` and `to` with everything the digest counts varied: four
 * sources (one a survey), languages (and none), sentiments, 0–10 and 5-star ratings, complaints
 * with up to three topics (two of one stage), topics on non-complaints, mentions with only a
 * fetch time, authors and URLs to forget, and texts repeated on another source (duplicate_of).
 */
function toMentionMix(count: number, from: string, to: string, seed = 7): SeedMention[] {
  const random = createSeededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = new Date(from).getTime();
  const span = new Date(to).getTime() - start;
  const mentions: SeedMention[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + Math.floor(random() * span)).toISOString();
    const source = pick(["lt-reviews", "ru-reviews", "en-forum", "nps-survey"]);
    const survey = source === "nps-survey";
    const topics = random() < 0.6 ? [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(TOPICS)))] : [];
    const repeated = random() < 0.08;
    mentions.push({
      at,
      topics,
      source,
      overrides: {
        lang: pick(["lt", "ru", "en", null]),
        channel: survey ? "survey" : pick(["review", "forum"]),
        sentiment: pick(["positive", "neutral", "negative"]),
        complaint: topics.length > 0 && random() < 0.9,
        rating: survey ? Math.floor(random() * 11) : random() < 0.5 ? 1 + Math.floor(random() * 5) : null,
        ratingScale: survey ? 10 : random() < 0.5 ? 5 : null,
        publishedAt: random() < 0.1 ? null : new Date(at),
        fetchedAt: new Date(at),
        authorHash: `author-${Math.floor(random() * 30)}`,
        url: `https://reviews.example/${i}`,
        text: repeated ? `The same long review text number ${i % 5} copied to another site word for word.` : `Mention ${i}: something about the shop.`,
        ...(repeated ? { contentHash: `repeat-${i % 5}` } : {}),
      },
    });
  }
  return mentions;
}

function optionsFor(timezone: string, week: IsoWeek, now = AFTER): DigestOptions {
  return { buckets: toWeekBuckets(week, 12, timezone), kind: "week", timezone, spikes: RULE, examplesPerTopic: 3, now };
}

/** The digest from rollups (where up to date) must equal the digest from the rows alone. */
async function expectSameDigest(db: Db, options: DigestOptions): Promise<void> {
  const fromRows = await loadDigest(toStore(db), { ...options, ignoreRollups: true });
  expect(fromRows.totals.mentions.value).toBeGreaterThan(0);
  expect(await loadDigest(toStore(db), options)).toEqual(fromRows);
}

function countRolledUpDays(db: Db, timezone: string): number {
  return (db.$client.prepare("select count(*) from digest_rollup_days where timezone = ?").pluck().get(timezone) as number) ?? 0;
}

function seedMix(count = 1500): Db {
  const db = openDb(":memory:");
  saveSeedMentions(db, toMentionMix(count, "2026-09-01T00:00:00Z", "2026-12-07T00:00:00Z"));
  return db;
}

describe("refreshDigestRollups", () => {
  it("rolls up every complete local day with mentions once, then only what changed", async () => {
    const db = seedMix(400);
    const first = refreshDigestRollups(db, { timezone: "Europe/Vilnius", now: AFTER });
    expect(first).toMatchObject({ invalidatedDays: 0, pendingDays: 0, watermark: 400 });
    expect(first.rolledUpDays).toBeGreaterThan(80);
    expect(refreshDigestRollups(db, { timezone: "Europe/Vilnius", now: AFTER })).toEqual({ invalidatedDays: 0, rolledUpDays: 0, pendingDays: 0, watermark: 400 });
    // Days are local: they start at midnight in Vilnius, and the DST switch day is 25 hours long.
    const days = db.$client.prepare("select start_ms as startMs, end_ms as endMs from digest_rollup_days where timezone = 'Europe/Vilnius' order by start_ms").all() as Array<{ startMs: number; endMs: number }>;
    expect(new Date(days[0]!.startMs).toISOString()).toMatch(/T2[01]:00:00\.000Z$/u);
    expect(days.find((d) => d.startMs === Date.parse("2026-10-24T21:00:00Z"))).toEqual({ startMs: Date.parse("2026-10-24T21:00:00Z"), endMs: Date.parse("2026-10-25T22:00:00Z") });
  });

  it("leaves the running day alone and counts it once it is over", async () => {
    const db = seedMix(400);
    const latest = db.$client.prepare("select max(coalesce(published_at, fetched_at)) from mentions").pluck().get() as number;
    const duringLastDay = new Date(latest + 1);
    const before = refreshDigestRollups(db, { timezone: "UTC", now: duringLastDay });
    const after = refreshDigestRollups(db, { timezone: "UTC", now: new Date(latest + DAY_MS) });
    expect(after.rolledUpDays).toBe(1);
    expect(countRolledUpDays(db, "UTC")).toBe(before.rolledUpDays + 1);
  });

  it("works in slices (maxDays, or a time budget that always allows one day), the rest reported as pending", async () => {
    const db = seedMix(400);
    const slice = refreshDigestRollups(db, { timezone: "UTC", now: AFTER, maxDays: 5 });
    expect(slice.rolledUpDays).toBe(5);
    expect(slice.pendingDays).toBeGreaterThan(0);
    expect(refreshDigestRollups(db, { timezone: "UTC", now: AFTER, budgetMs: 0 })).toMatchObject({ rolledUpDays: 1, pendingDays: slice.pendingDays - 1 });
    let report = slice;
    while (report.pendingDays > 0) report = refreshDigestRollups(db, { timezone: "UTC", now: AFTER, maxDays: 20 });
    expect(countRolledUpDays(db, "UTC")).toBe(slice.rolledUpDays + slice.pendingDays);
  });

  it("keeps each time zone's rollups apart", async () => {
    const db = seedMix(400);
    refreshDigestRollups(db, { timezone: "UTC", now: AFTER });
    refreshDigestRollups(db, { timezone: "America/New_York", now: AFTER });
    expect(countRolledUpDays(db, "UTC")).toBeGreaterThan(0);
    expect(countRolledUpDays(db, "America/New_York")).toBeGreaterThan(0);
    await expectSameDigest(db, optionsFor("UTC", { year: 2026, week: 47 }));
    await expectSameDigest(db, optionsFor("America/New_York", { year: 2026, week: 47 }));
  });
});

describe("the digest from rollups equals the digest from the rows", () => {
  it.each([
    ["UTC", { year: 2026, week: 47 }],
    // Contains the end of summer time (2026-10-25 is 25 hours long in Vilnius).
    ["Europe/Vilnius", { year: 2026, week: 43 }],
    ["Europe/Vilnius", { year: 2026, week: 49 }],
    // Half-hour offset: local midnights are not on UTC hours.
    ["Asia/Kolkata", { year: 2026, week: 45 }],
  ] as const)("in %s for %o", async (timezone, week) => {
    const db = seedMix();
    refreshDigestRollups(db, { timezone, now: AFTER });
    expect(countRolledUpDays(db, timezone)).toBeGreaterThan(80);
    await expectSameDigest(db, optionsFor(timezone, week));
  });

  it("for a custom date range and for the running week (today counted from the rows)", async () => {
    const db = seedMix();
    const wednesday = new Date("2026-12-02T13:00:00Z");
    refreshDigestRollups(db, { timezone: "Europe/Vilnius", now: wednesday });
    await expectSameDigest(db, { buckets: toRangeBuckets("2026-10-01", "2026-10-31", 3, "Europe/Vilnius"), kind: "range", timezone: "Europe/Vilnius", spikes: RULE, now: AFTER });
    await expectSameDigest(db, optionsFor("Europe/Vilnius", { year: 2026, week: 49 }, wednesday));
  });

  it("reads the rolled-up days from the rollups (a tampered count shows)", async () => {
    const db = seedMix();
    refreshDigestRollups(db, { timezone: "UTC", now: AFTER });
    const options = optionsFor("UTC", { year: 2026, week: 47 });
    const honest = await loadDigest(toStore(db), options);
    db.$client
      .prepare("update digest_rollup_mentions set mentions = mentions + 1000 where day_id = (select id from digest_rollup_days where timezone = 'UTC' and start_ms = ?)")
      .run(Date.parse("2026-11-18T00:00:00Z"));
    expect((await loadDigest(toStore(db), options)).totals.mentions).not.toEqual(honest.totals.mentions);
    expect(await loadDigest(toStore(db), { ...options, ignoreRollups: true })).toEqual(honest);
  });

  it("after late-arriving old mentions: their days count from the rows until the refresh re-counts them", async () => {
    const db = seedMix();
    refreshDigestRollups(db, { timezone: "UTC", now: AFTER });
    saveSeedMentions(db, toMentionMix(60, "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z", 99));
    const options = optionsFor("UTC", { year: 2026, week: 47 });
    await expectSameDigest(db, options);
    const report = refreshDigestRollups(db, { timezone: "UTC", now: AFTER });
    expect(report.invalidatedDays).toBeGreaterThan(0);
    expect(report.rolledUpDays).toBe(report.invalidatedDays);
    await expectSameDigest(db, options);
  });

  it("after a retention purge and after forgetting an author and a URL (repeats of a deleted original count again)", async () => {
    const db = seedMix();
    refreshDigestRollups(db, { timezone: "Europe/Vilnius", now: AFTER });
    const options = optionsFor("Europe/Vilnius", { year: 2026, week: 47 });
    deleteMentionsBefore(db, new Date("2026-10-20T13:00:00Z"));
    await expectSameDigest(db, options);
    deleteAuthorMentions(db, { authorHashes: ["author-3"], handles: [] });
    await expectSameDigest(db, options);
    // An original whose repeat (another source, same text) then becomes the counted one.
    const pair = db.$client.prepare("select first.url as url, dup.id as repeatId from mentions first join mentions dup on dup.duplicate_of = first.id limit 1").get() as { url: string; repeatId: number } | undefined;
    expect(pair?.url).toMatch(/^https?:\/\//u);
    const original = pair!.url;
    deleteUrlMentions(db, original);
    // The repeat is now the counted mention (its link cleared), and the digest agrees with the rows.
    expect(db.$client.prepare("select duplicate_of from mentions where id = ?").pluck().get(pair!.repeatId)).toBeNull();
    await expectSameDigest(db, options);
    refreshDigestRollups(db, { timezone: "Europe/Vilnius", now: AFTER });
    await expectSameDigest(db, options);
  });

  it("after reclassification rewrites complaints and topics", async () => {
    const db = seedMix();
    refreshDigestRollups(db, { timezone: "UTC", now: AFTER });
    const options = optionsFor("UTC", { year: 2026, week: 47 });
    const outdated = loadOutdatedMentions(db, "test-2", 0, 300);
    saveClassifications(
      db,
      outdated.map((m, i) => {
        const topicStages = i % 2 === 0 ? [{ topic: "pricing", stage: "acquisition" }] : [];
        return { id: m.id, lang: "en", sentiment: "negative", sentimentScore: -1, complaint: topicStages.length > 0, topics: topicStages.map((t) => t.topic), stages: topicStages.map((t) => t.stage), evidence: [], classifierVersion: "test-2", topicStages };
      }),
    );
    await expectSameDigest(db, options);
    expect(refreshDigestRollups(db, { timezone: "UTC", now: AFTER }).rolledUpDays).toBeGreaterThan(0);
    await expectSameDigest(db, options);
  });

  it("asks the rows for more examples than the rollups keep per day", async () => {
    const db = seedMix();
    refreshDigestRollups(db, { timezone: "UTC", now: AFTER });
    await expectSameDigest(db, { ...optionsFor("UTC", { year: 2026, week: 47 }), examplesPerTopic: 11 });
  });

  it("on a read-only connection, with and without rollups in the file", async () => {
    const path = tempDbPath();
    const writer = openDb(path);
    saveSeedMentions(writer, toMentionMix(800, "2026-09-01T00:00:00Z", "2026-12-07T00:00:00Z"));
    const options = optionsFor("UTC", { year: 2026, week: 47 });
    const reader = openDb(path, { readonly: true });
    try {
      await expectSameDigest(reader, options);
      refreshDigestRollups(writer, { timezone: "UTC", now: AFTER });
      await expectSameDigest(reader, options);
    } finally {
      closeDb(reader);
      closeDb(writer);
    }
  });
});
