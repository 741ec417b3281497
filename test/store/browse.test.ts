import { describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/store/sqlite/db.js";
import { browseMentions, countThreadsDue, iterateMentions, loadMentionDetail, listMentionLanguages, type BrowseCursor, type BrowseFilter } from "../../src/store/sqlite/browse.js";
import { refreshDigestRollups } from "../../src/store/sqlite/digest-rollups.js";
import { saveCorrection } from "../../src/store/sqlite/corrections.js";
import { savePage } from "../../src/store/sqlite/mentions.js";
import { deleteMentionsBefore, deleteUrlMentions } from "../../src/store/sqlite/privacy.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toFtsQuery } from "../../src/store/sqlite/search.js";
import { toTestRow } from "../helpers/rows.js";

const NOW = new Date("2026-11-23T08:00:00Z");
const at = (iso: string) => new Date(iso);

function seed(): { db: Db; shop: number; app: number } {
  const db = openDb(":memory:");
  const shop = addSource(db, { name: "shop-reviews", kind: "file", config: {} }, NOW).id;
  const app = addSource(db, { name: "app-store", kind: "app-store", config: {} }, NOW).id;
  const page = (sourceId: number, rows: ReturnType<typeof toTestRow>[]) => savePage(db, { sourceId, runId: startRun(db, sourceId, NOW), rows, cursor: {}, now: NOW });
  page(shop, [
    toTestRow("s1", { text: "Siunta vėluoja jau savaitę, niekas neatsako", lang: "lt", publishedAt: at("2026-11-20T10:00:00Z"), url: "https://shop.example/r/1" }, [{ topic: "delivery", stage: "after_sales" }, { topic: "slow_reply", stage: "service" }]),
    toTestRow("s2", { text: "Great service, fast delivery", lang: "en", sentiment: "positive", sentimentScore: 0.8, publishedAt: at("2026-11-20T10:00:00Z") }),
    toTestRow("s3", { text: "Parcel late again and nobody answers", lang: "en", publishedAt: at("2026-11-18T09:00:00Z") }, [{ topic: "delivery", stage: "after_sales" }]),
    toTestRow("s4", { text: "Checkout refused my card twice", lang: "en", publishedAt: null, fetchedAt: at("2026-11-10T09:00:00Z") }, [{ topic: "checkout_payment", stage: "conversion" }]),
  ]);
  page(app, [
    toTestRow("a1", { text: "Приложение вылетает при оплате", lang: "ru", channel: "app_store", publishedAt: at("2026-11-21T10:00:00Z") }, [{ topic: "checkout_payment", stage: "conversion" }]),
    // The same review syndicated: a repeat of s3 (content hash and length ≥ 40 characters).
    toTestRow("a2", { text: "Parcel late again and nobody answers, really late", contentHash: "hash-s3-long", lang: "en", channel: "app_store", publishedAt: at("2026-11-19T10:00:00Z") }),
  ]);
  // Answered: what a thread check records (store/responses.ts), set directly here.
  db.$client.prepare("update mentions set first_response_at = ? where external_id = 's3'").run(Date.parse("2026-11-18T12:00:00Z"));
  return { db, shop, app };
}

const ids = (db: Db, filter: BrowseFilter) => browseMentions(db, filter, { limit: 100 }).rows.map((r) => r.externalId);

describe("browseMentions", () => {
  it.each<[string, BrowseFilter, string[]]>([
    ["no filter: everything, newest first (id breaks the tie of s1 and s2)", {}, ["a1", "s2", "s1", "a2", "s3", "s4"]],
    ["complaints only", { complaint: true }, ["a1", "s1", "s3", "s4"]],
    ["not complaints", { complaint: false }, ["s2", "a2"]],
    ["a language", { lang: "en" }, ["s2", "a2", "s3", "s4"]],
    ["a channel", { channel: "app_store" }, ["a1", "a2"]],
    ["a sentiment", { sentiment: "positive" }, ["s2"]],
    ["a topic", { topic: "delivery" }, ["s1", "s3"]],
    ["a stage", { stage: "conversion" }, ["a1", "s4"]],
    ["answered", { response: "answered" }, ["s3"]],
    ["unanswered complaints", { response: "unanswered", complaint: true }, ["a1", "s1", "s4"]],
    // An undated mention counts when it was fetched.
    ["a period", { sinceMs: Date.parse("2026-11-10T00:00:00Z"), untilMs: Date.parse("2026-11-19T00:00:00Z") }, ["s3", "s4"]],
    ["two words in any order", { text: "late parcel" }, ["a2", "s3"]],
    // unicode61 remove_diacritics: typed without Lithuanian diacritics, and in another case.
    ["words without diacritics", { text: "VELUOJA siunta" }, ["s1"]],
    ["Cyrillic words", { text: "вылетает" }, ["a1"]],
    ["search and filters together", { text: "late", channel: "review" }, ["s3"]],
    ["FTS syntax is searched as words, not run", { text: 'late" OR "card' }, []],
    ["a query of punctuation only is no condition", { text: "*** ()" }, ["a1", "s2", "s1", "a2", "s3", "s4"]],
  ])("filters by %s", (_name, filter, expected) => {
    const { db } = seed();
    expect(ids(db, filter)).toEqual(expected);
  });

  it("filters by source", () => {
    const { db, app } = seed();
    expect(ids(db, { sourceIds: [app] })).toEqual(["a1", "a2"]);
  });

  it("pages by keyset through every row once, across equal timestamps", () => {
    const { db } = seed();
    const seen: string[] = [];
    let after: BrowseCursor | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = browseMentions(db, {}, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.rows.map((r) => r.externalId));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(["a1", "s2", "s1", "a2", "s3", "s4"]);
  });

  it("says there is no next page when the last page is exactly full", () => {
    const { db } = seed();
    expect(browseMentions(db, { complaint: false }, { limit: 2 }).next).toBeUndefined();
    expect(browseMentions(db, { complaint: false }, { limit: 1 }).next).toBeDefined();
  });

  it("iterates every matching row in the page order (the downloads)", () => {
    const { db } = seed();
    expect([...iterateMentions(db, { lang: "en" })].map((r) => r.externalId)).toEqual(ids(db, { lang: "en" }));
  });
});

describe("the full-text index", () => {
  it("follows text updates and deletes (purge and erasure)", () => {
    const { db } = seed();
    db.$client.prepare("update mentions set text = 'Courier lost it' where external_id = 's3'").run();
    expect(ids(db, { text: "nobody answers" })).toEqual(["a2"]);
    expect(ids(db, { text: "courier" })).toEqual(["s3"]);
    deleteUrlMentions(db, "https://shop.example/r/1");
    expect(ids(db, { text: "siunta" })).toEqual([]);
    deleteMentionsBefore(db, new Date("2026-11-15T00:00:00Z"));
    expect(ids(db, { text: "checkout card" })).toEqual([]);
    expect(db.$client.prepare("insert into mentions_fts(mentions_fts, rank) values ('integrity-check', 1)").run().changes).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ["late parcel", '"late" "parcel"'],
    ['a "quoted" NEAR(x y) col:word*', '"a" "quoted" "NEAR" "x" "y" "col" "word"'],
    ["   ", undefined],
  ])("toFtsQuery(%j) quotes each word", (text, expected) => {
    expect(toFtsQuery(text)).toBe(expected);
  });
});

describe("loadMentionDetail", () => {
  it("gives the evidence, the repeats from other sources and the correction time", () => {
    const { db } = seed();
    const s3 = ids(db, {}).indexOf("s3");
    const id = browseMentions(db, {}, { limit: 100 }).rows[s3]!.id;
    db.$client.prepare("update mentions set duplicate_of = ? where external_id = 'a2'").run(id);
    saveCorrection(db, { mentionId: id, sentiment: "neutral", now: NOW });
    const detail = loadMentionDetail(db, id)!;
    expect(detail).toMatchObject({ externalId: "s3", sentiment: "neutral", sourceName: "shop-reviews", correctedAtMs: NOW.getTime() });
    expect(detail.repeats.map((r) => r.sourceName)).toEqual(["app-store"]);
    expect(loadMentionDetail(db, 99_999)).toBeUndefined();
  });

  it("lists the stored languages, most mentions first", () => {
    const { db } = seed();
    expect(listMentionLanguages(db, "UTC")).toEqual(["en", "lt", "ru"]);
    // From the rollups once they exist, plus what came after them.
    refreshDigestRollups(db, { timezone: "UTC", now: new Date("2026-11-22T00:00:00Z") });
    expect(listMentionLanguages(db, "UTC")).toEqual(["en", "lt", "ru"]);
    const shop = db.$client.prepare("select id from sources where name = 'shop-reviews'").pluck().get() as number;
    savePage(db, { sourceId: shop, runId: startRun(db, shop, NOW), rows: [toTestRow("f1", { lang: "fi" }), toTestRow("f2", { lang: "fi" }), toTestRow("f3", { lang: "fi" })], cursor: {}, now: NOW });
    expect(listMentionLanguages(db, "UTC")).toEqual(["en", "fi", "lt", "ru"]);
  });

  it("counts per source the complaints whose reply check is due", () => {
    const { db, shop, app } = seed();
    // s3 is answered; s4 is outside a 14-day window from 23 Nov; a1 was checked an hour ago.
    db.$client.prepare("update mentions set thread_checked_at = ? where external_id = 'a1'").run(NOW.getTime() - 3_600_000);
    const due = countThreadsDue(db, [shop, app], { now: NOW, windowMs: 10 * 86_400_000, recheckMs: 3 * 3_600_000 });
    expect(due).toEqual(new Map([[shop, 1]]));
    expect(countThreadsDue(db, [shop, app], { now: NOW, windowMs: 10 * 86_400_000, recheckMs: 0 })).toEqual(new Map([[shop, 1], [app, 1]]));
  });
});
