import { afterEach, describe, expect, it } from "vitest";
import { createGroupedPageWriter } from "../../src/pipeline/page-writer.js";
import { closeDb, openDb, type Db } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { listRuns, startRun } from "../../src/store/sqlite/runs.js";
import { addSource, loadSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";
import { toStore } from "../helpers/deps.js";

const NOW = new Date("2026-11-23T08:00:00Z");

describe("grouped page writer", () => {
  const dbs: Db[] = [];
  afterEach(() => dbs.splice(0).forEach(closeDb));

  function setup(sources: number) {
    const db = openDb(":memory:");
    dbs.push(db);
    const rows = Array.from({ length: sources }, (_, i) => {
      const source = addSource(db, { name: `feed-${i}`, kind: "rss", config: { url: `https://example.test/${i}` } }, NOW);
      return { source, runId: startRun(db, source.id, NOW) };
    });
    return { db, rows };
  }

  it("commits pages that are ready together, each with its own cursor, counters and new-mention count", async () => {
    const { db, rows } = setup(3);
    const writer = createGroupedPageWriter(toStore(db));
    const added = await Promise.all(
      rows.map(({ source, runId }, i) =>
        writer.save({ sourceId: source.id, runId, rows: [toTestRow(`a-${i}`), toTestRow(`b-${i}`), toTestRow(`a-${i}`)], cursor: { page: i }, now: NOW }),
      ),
    );
    expect(added).toEqual([2, 2, 2]);
    expect(listMentions(db)).toHaveLength(6);
    for (const [i, { source }] of rows.entries()) expect(loadSource(db, source.id)?.cursor).toEqual({ page: i });
    expect(listRuns(db).map((r) => [r.fetched, r.added])).toEqual(rows.map(() => [3, 2]));
    // A second group of the same pages adds nothing.
    expect(await Promise.all(rows.map(({ source, runId }, i) => writer.save({ sourceId: source.id, runId, rows: [toTestRow(`a-${i}`)], cursor: { page: i }, now: NOW })))).toEqual([0, 0, 0]);
  });

  it("fails only the page that cannot be stored; the others of its group commit", async () => {
    const { db, rows } = setup(2);
    const writer = createGroupedPageWriter(toStore(db));
    const saves = [
      writer.save({ sourceId: rows[0]!.source.id, runId: rows[0]!.runId, rows: [toTestRow("ok-1")], cursor: { n: 1 }, now: NOW }),
      // No such source: the foreign key refuses it.
      writer.save({ sourceId: 9_999, runId: rows[1]!.runId, rows: [toTestRow("orphan")], cursor: { n: 2 }, now: NOW }),
      writer.save({ sourceId: rows[1]!.source.id, runId: rows[1]!.runId, rows: [toTestRow("ok-2")], cursor: { n: 3 }, now: NOW }),
    ];
    const settled = await Promise.allSettled(saves);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/u);
    expect(listMentions(db).map((m) => m.externalId).sort()).toEqual(["ok-1", "ok-2"]);
    expect(loadSource(db, rows[1]!.source.id)?.cursor).toEqual({ n: 3 });
  });
});
