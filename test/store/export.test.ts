import { describe, expect, it } from "vitest";
import { iterateMentionsForExport } from "../../src/store/sqlite/export.js";
import { seedDigestDb } from "../digest/seed.js";

describe("iterateMentionsForExport", () => {
  const db = seedDigestDb([
    { at: "2026-11-10T10:00:00Z", topics: [["delivery", "after_sales"]], overrides: { evidence: [{ kind: "topic", topic: "delivery", match: "parcel", start: 0, end: 6 }] } },
    { at: "2026-11-17T10:00:00Z", source: "second" },
    { at: "2026-11-24T10:00:00Z" },
  ]);

  it("streams every mention in id order with all its attributes", () => {
    const rows = [...iterateMentionsForExport(db)];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({
      source: "feed",
      sourceKind: "rss",
      channel: "review",
      complaint: 1,
      topics: '["delivery"]',
      stages: '["after_sales"]',
      evidence: '[{"kind":"topic","topic":"delivery","match":"parcel","start":0,"end":6}]',
      classifierVersion: "test-1",
      duplicateOf: null,
      redactions: 0,
      publishedAt: Date.parse("2026-11-10T10:00:00Z"),
    });
  });

  it.each([
    [{ since: new Date("2026-11-15T00:00:00Z") }, [2, 3]],
    // Seeding stores "feed" first: ids 1 (10 Nov) and 2 (24 Nov), then "second": id 3 (17 Nov).
    [{ until: new Date("2026-11-20T00:00:00Z") }, [1, 3]],
    [{ since: new Date("2026-11-15T00:00:00Z"), until: new Date("2026-11-20T00:00:00Z") }, [3]],
  ])("filters by time %o", (filter, ids) => {
    expect([...iterateMentionsForExport(db, filter)].map((r) => r.id)).toEqual(ids);
  });

  it("is lazy: taking one row does not read the rest, and returning early frees the connection", () => {
    const iterator = iterateMentionsForExport(db);
    expect(iterator.next().value?.id).toBe(1);
    expect(db.$client.inTransaction).toBe(true);
    iterator.return(undefined);
    expect(db.$client.inTransaction).toBe(false);
    expect([...iterateMentionsForExport(db)]).toHaveLength(3);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("joins each row to its source's name and kind, whichever source it belongs to", () => {
    expect([...iterateMentionsForExport(db)].map((r) => [r.id, r.source, r.sourceKind])).toEqual([
      [1, "feed", "rss"],
      [2, "feed", "rss"],
      [3, "second", "rss"],
    ]);
  });

  it("inside a caller's transaction, leaves it open", () => {
    db.$client.exec("begin");
    try {
      expect([...iterateMentionsForExport(db)]).toHaveLength(3);
      expect(db.$client.inTransaction).toBe(true);
    } finally {
      db.$client.exec("rollback");
    }
  });
});
