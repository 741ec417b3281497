import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/store/db.js";
import { listMentions, savePage } from "../../src/store/mentions.js";
import { fromStoredRaw, rewriteRawPayloads, type RawRewriteProgress, type RawStorage } from "../../src/store/raw-payload.js";
import { listThreadsToCheck } from "../../src/store/responses.js";
import { startRun } from "../../src/store/runs.js";
import { addSource } from "../../src/store/sources.js";
import { toTestRow } from "../helpers/rows.js";

const NOW = new Date("2026-11-20T10:00:00Z");
// A scrubbed payload as the pipeline hands it over: placeholders, non-ASCII text, an emoji, JSON.
const PAYLOAD = '{"id":"113502","account":"[author]","content":"Siunta vėluoja jau savaitę 😡 rašykite [email]","replies_count":0}';

function seed(db: Db, rows: Array<{ id: string; raw: string | null }>): number {
  const source = addSource(db, { name: "toots", kind: "mastodon", config: {} }, NOW);
  savePage(db, {
    sourceId: source.id,
    runId: startRun(db, source.id, NOW),
    cursor: {},
    now: NOW,
    rows: rows.map((r) => toTestRow(r.id, { raw: r.raw, publishedAt: NOW, fetchedAt: NOW }, [{ topic: "delivery", stage: "after_sales" }])),
  });
  return source.id;
}

const storedForms = (db: Db) => db.$client.prepare("select external_id as id, typeof(raw) as form from mentions order by id").all();

describe("storage.raw", () => {
  it.each([
    // [mode, SQLite type of the stored value, payload every reader gets back]
    ["compress", "blob", PAYLOAD],
    ["keep", "text", PAYLOAD],
    ["drop", "null", null],
  ] as const)("%s stores a %s and every reader gets the payload back as text", (mode, form, readBack) => {
    const db = openDb(":memory:", { rawStorage: mode });
    const sourceId = seed(db, [{ id: "a", raw: PAYLOAD }]);
    expect(storedForms(db)).toEqual([{ id: "a", form }]);
    expect(listMentions(db)[0]!.raw).toBe(readBack);
    // Thread checks read ids out of the payload (mastodon/replies.ts): they must see text.
    const [thread] = listThreadsToCheck(db, sourceId, { now: NOW, windowMs: 86_400_000, recheckMs: 0, limit: 10 });
    expect(thread!.raw).toBe(readBack);
  });

  it("compresses to exactly the scrubbed text, in fewer bytes, and stores no payload as null", () => {
    const db = openDb(":memory:");
    const long = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ text: `${PAYLOAD} ${i}` })) });
    seed(db, [{ id: "short", raw: PAYLOAD }, { id: "long", raw: long }, { id: "none", raw: null }]);
    const stored = db.$client.prepare("select external_id as id, raw from mentions order by id").all() as Array<{ id: string; raw: Buffer | null }>;
    const byId = new Map(stored.map((r) => [r.id, r.raw]));
    expect(brotliDecompressSync(byId.get("short")!).toString("utf8")).toBe(PAYLOAD);
    expect(brotliDecompressSync(byId.get("long")!).toString("utf8")).toBe(long);
    expect(byId.get("long")!.length).toBeLessThan(Buffer.byteLength(long) / 5);
    expect(byId.get("none")).toBeNull();
  });

  it("reads a column that mixes rows stored as text (older databases) and as blobs", () => {
    const db = openDb(":memory:", { rawStorage: "keep" });
    seed(db, [{ id: "new", raw: `${PAYLOAD} new` }, { id: "old", raw: `${PAYLOAD} old` }]);
    const controller = new AbortController();
    // One batch of one id, then stop: the first row is compressed, the second stays text.
    rewriteRawPayloads(db, { to: "compress", batchIds: 1, signal: controller.signal, onProgress: () => controller.abort() });
    expect(storedForms(db)).toEqual([{ id: "new", form: "blob" }, { id: "old", form: "text" }]);
    expect(listMentions(db).map((m) => m.raw).sort()).toEqual([`${PAYLOAD} new`, `${PAYLOAD} old`]);
  });

  it("refuses a stored value that is neither text nor a blob, naming the column", () => {
    expect(() => fromStoredRaw(42)).toThrow(/mentions\.raw holds a number/);
  });
});

describe("rewriteRawPayloads", () => {
  const N = 3_000;
  const payloadOf = (i: number) => `{"id":"${i}","content":"review ${i}: pristatymas vėlavo ${i % 7} dienas","author":"[author]"}`;

  function seedOld(): Db {
    const db = openDb(":memory:", { rawStorage: "keep" });
    seed(db, Array.from({ length: N }, (_, i) => ({ id: `m${i}`, raw: i % 10 === 3 ? null : payloadOf(i) })));
    return db;
  }
  const formCounts = (db: Db) => db.$client.prepare("select typeof(raw) as form, count(*) as n from mentions group by 1 order by 1").all();
  const payloads = (db: Db) => new Map(listMentions(db).map((m) => [m.externalId, m.raw]));

  it("compresses every text payload in batches, reporting progress, and leaves the payloads readable as before", () => {
    const db = seedOld();
    const before = payloads(db);
    const seen: RawRewriteProgress[] = [];
    const report = rewriteRawPayloads(db, { to: "compress", batchIds: 500, onProgress: (p) => seen.push(p) });
    expect(report).toEqual({ doneThroughId: N, maxId: N, rewritten: N - N / 10 });
    expect(seen.map((p) => p.doneThroughId)).toEqual(Array.from({ length: N / 500 }, (_, i) => (i + 1) * 500));
    expect(formCounts(db)).toEqual([{ form: "blob", n: N - N / 10 }, { form: "null", n: N / 10 }]);
    expect(payloads(db)).toEqual(before);
  });

  it("stops between batches when aborted, and a second run converts only what is left", () => {
    const db = seedOld();
    const before = payloads(db);
    const controller = new AbortController();
    const first = rewriteRawPayloads(db, { to: "compress", batchIds: 1_000, signal: controller.signal, onProgress: () => controller.abort() });
    expect(first.doneThroughId).toBe(1_000);
    expect(formCounts(db)).toEqual([{ form: "blob", n: 900 }, { form: "null", n: N / 10 }, { form: "text", n: N - 900 - N / 10 }]);
    const second = rewriteRawPayloads(db, { to: "compress", batchIds: 1_000 });
    expect(second.rewritten).toBe(N - 900 - N / 10);
    expect(rewriteRawPayloads(db, { to: "compress" }).rewritten).toBe(0);
    expect(payloads(db)).toEqual(before);
  });

  it.each([
    ["keep", [{ form: "null", n: N / 10 }, { form: "text", n: N - N / 10 }]],
    ["drop", [{ form: "null", n: N }]],
  ] as const)("turns compressed payloads back into %s", (to: RawStorage, forms) => {
    const db = seedOld();
    const before = payloads(db);
    rewriteRawPayloads(db, { to: "compress" });
    rewriteRawPayloads(db, { to });
    expect(formCounts(db)).toEqual(forms);
    if (to === "keep") expect(payloads(db)).toEqual(before);
  });
});
