import { afterAll, describe, expect, it } from "vitest";
import { loadDigest, type DigestOptions } from "../../src/digest/load.js";
import { toWeekBuckets } from "../../src/digest/week.js";
import type { Db } from "../../src/store/sqlite/db.js";
import { refreshDigestRollups } from "../../src/store/sqlite/digest-rollups.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { listSources } from "../../src/store/sqlite/sources.js";
import type { PageRow, Store } from "../../src/store/types.js";
import { RULE, seedSpikeWeek } from "../digest/fixture.js";
import { seedThemeCorpus, THEME_BUCKETS, toPlantedComplaints } from "../digest/theme-corpus.js";
import { toStore } from "../helpers/deps.js";
import { openTestPgStore, pgAvailable, pgSkipReason } from "../helpers/postgres.js";

/**
 * Copies a SQLite store's sources and mentions (with topic rows) into `target` through the Store
 * interface, in id order, one page per run of consecutive ids of one source, so every mention
 * keeps its id (the digest samples its examples by a hash of the id).
 */
async function copyStore(from: Db, target: Store): Promise<void> {
  const now = new Date("2026-11-29T10:00:00Z");
  const idOf = new Map<number, number>();
  for (const s of listSources(from)) idOf.set(s.id, (await target.addSource({ name: s.name, kind: s.kind, config: s.config }, now)).id);
  const topicRows = from.$client.prepare("select mention_id as id, topic, stage from mention_topics order by mention_id, topic").all() as Array<{ id: number; topic: string; stage: string }>;
  const topicsOf = new Map<number, PageRow["topicStages"]>();
  for (const t of topicRows) topicsOf.set(t.id, [...(topicsOf.get(t.id) ?? []), { topic: t.topic, stage: t.stage }]);
  const rows = listMentions(from).sort((a, b) => a.id - b.id);
  let i = 0;
  while (i < rows.length) {
    const sourceId = rows[i]!.sourceId;
    const page: PageRow[] = [];
    for (; i < rows.length && rows[i]!.sourceId === sourceId; i++) {
      const { id, sourceId: _source, sourceName: _name, duplicateOf: _dup, firstResponseAt: _first, threadCheckedAt: _checked, ...mention } = rows[i]!;
      page.push({ mention, topicStages: topicsOf.get(id) ?? [] });
    }
    const target_ = idOf.get(sourceId)!;
    await target.savePage({ sourceId: target_, runId: await target.startRun(target_, now), rows: page, cursor: {}, now });
  }
}

describe.skipIf(!pgAvailable)("the same data gives the same digest on PostgreSQL as on SQLite", () => {
  const stores: Array<{ dropDatabase(): Promise<void> }> = [];
  afterAll(async () => {
    for (const s of stores) await s.dropDatabase();
  });
  async function pgCopyOf(db: Db) {
    const pg = await openTestPgStore();
    stores.push(pg);
    await copyStore(db, pg);
    const sqliteIds = listMentions(db).map((m) => [m.externalId, m.id, m.duplicateOf]);
    expect((await pg.listMentions()).map((m) => [m.externalId, m.id, m.duplicateOf])).toEqual(sqliteIds);
    return pg;
  }

  it("the spike week: totals, topics, stages, spikes, channels, languages and examples", async () => {
    const db = seedSpikeWeek();
    const pg = await pgCopyOf(db);
    const options: DigestOptions = { buckets: toWeekBuckets({ year: 2026, week: 47 }, 12, "UTC"), kind: "week", timezone: "UTC", spikes: RULE, examplesPerTopic: 3, now: new Date("2026-11-23T08:00:00Z") };
    const fromSqlite = await loadDigest(toStore(db), options);
    expect(fromSqlite.spikes.length).toBeGreaterThan(0);
    expect(await loadDigest(pg, options)).toEqual(fromSqlite);
    // SQLite's rollup path gives that digest too, so PostgreSQL matches both ways of counting.
    refreshDigestRollups(db, { timezone: "UTC", now: new Date("2026-11-30T00:00:00Z") });
    expect(await loadDigest(toStore(db), options)).toEqual(fromSqlite);
  });

  it("eight weeks of realistic mentions with a planted issue: the themes section too", async () => {
    const db = seedThemeCorpus(2_500, toPlantedComplaints(25));
    const pg = await pgCopyOf(db);
    const options: DigestOptions = { buckets: THEME_BUCKETS, kind: "week", timezone: "UTC", spikes: { k: 3, minCount: 5, baselineWeeks: 8 }, now: new Date("2026-11-23T08:00:00Z") };
    const fromSqlite = await loadDigest(toStore(db), options);
    expect(fromSqlite.themes?.topics.length).toBeGreaterThan(0);
    expect(await loadDigest(pg, options)).toEqual(fromSqlite);
  });
});

if (!pgAvailable) {
  describe.skip(`digest on PostgreSQL (skipped: ${pgSkipReason})`, () => {
    it("runs with EARSHOT_TEST_PG_URL set", () => undefined);
  });
}

