import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SavePageInput, Store } from "../../src/store/types.js";
import { toTestRow } from "../helpers/rows.js";

/**
 * One behaviour, every backend (STYLE.md §2, undici's cacheStoreTests): each Store
 * implementation runs these against a real database of its kind. `open` gives an empty,
 * migrated store; `close` releases (and for PostgreSQL drops) it.
 */
export function storeContract(label: string, open: () => Promise<{ store: Store; close(): Promise<void> }>): void {
  describe(`Store contract: ${label}`, () => {
    let store: Store;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    const T0 = new Date("2026-11-20T10:00:00Z");
    const page = (sourceId: number, runId: number, rows: SavePageInput["rows"], cursor = { etag: '"v1"' }): SavePageInput => ({ sourceId, runId, rows, cursor, now: T0 });
    const delivery = [{ topic: "delivery", stage: "after_sales" }];
    const slowReply = [{ topic: "slow_reply", stage: "service" }];

    it("syncs declared sources: adds, updates in place, disables the undeclared, keeps a cursor unless the endpoint changed", async () => {
      const [a] = await store.syncSources([{ name: "a", kind: "rss", config: { url: "http://127.0.0.1/a" } }], T0);
      await store.savePage(page(a!.id, await store.startRun(a!.id, T0), []));
      const synced = await store.syncSources(
        [
          { name: "a", kind: "rss", config: { url: "http://127.0.0.1/a" }, schedule: "*/5 * * * *" },
          { name: "b", kind: "mastodon", config: { tag: "x" } },
        ],
        T0,
      );
      expect(synced.map((s) => s.name)).toEqual(["a", "b"]);
      expect(synced[0]).toMatchObject({ id: a!.id, schedule: "*/5 * * * *", cursor: { etag: '"v1"' }, enabled: true });
      const moved = await store.syncSources([{ name: "a", kind: "rss", config: { url: "http://127.0.0.1/elsewhere" } }], T0);
      expect(moved[0]!.cursor).toBeNull();
      expect((await store.listSources()).map((s) => [s.name, s.enabled])).toEqual([
        ["a", true],
        ["b", false],
      ]);
      expect((await store.loadSource(a!.id))?.config).toEqual({ url: "http://127.0.0.1/elsewhere" });
      expect(await store.loadSource(999_999)).toBeUndefined();
    });

    it("commits a page with its cursor and run counters, and stores each item once", async () => {
      const source = await store.addSource({ name: "reviews", kind: "rss", config: {} }, T0);
      const runId = await store.startRun(source.id, T0);
      const rows = [toTestRow("r1", {}, delivery), toTestRow("r2", { sentiment: "positive" }), toTestRow("r3", {}, [...delivery, ...slowReply])];
      expect(await store.savePage({ ...page(source.id, runId, rows), itemErrors: [{ item: "bad-1", message: "reviews: cannot parse item bad-1", raw: "x".repeat(5000) }] })).toBe(3);
      expect(await store.savePage(page(source.id, runId, rows, { etag: '"v2"' }))).toBe(0);
      expect((await store.loadSource(source.id))?.cursor).toEqual({ etag: '"v2"' });
      const run = await store.finishRun(runId, { status: "partial", now: T0 });
      expect(run).toMatchObject({ id: runId, status: "partial", fetched: 6, added: 3, errors: 1 });
      const [error] = await store.listScanErrors({ runId });
      expect(error).toMatchObject({ item: "bad-1", sourceId: source.id });
      expect(error!.rawSnippet).toHaveLength(2048);
      expect(await store.listKnownExternalIds(source.id, ["r1", "r3", "new"])).toEqual(new Set(["r1", "r3"]));
      expect(await store.listKnownExternalIds(source.id, [])).toEqual(new Set());
      const listed = await store.listMentions();
      expect(listed.map((m) => m.externalId).sort()).toEqual(["r1", "r2", "r3"]);
      const r3 = listed.find((m) => m.externalId === "r3")!;
      expect(r3).toMatchObject({ sourceName: "reviews", complaint: true, topics: ["delivery", "slow_reply"], publishedAt: new Date("2026-11-19T10:00:00Z") });
      expect(r3.fetchedAt).toBeInstanceOf(Date);
    });

    it("commits several sources' pages in one call and links a repeat from another source to the first copy", async () => {
      const a = await store.addSource({ name: "a", kind: "rss", config: {} }, T0);
      const b = await store.addSource({ name: "b", kind: "rss", config: {} }, T0);
      const text = "The parcel arrived two weeks late and the courier never answered the phone.";
      const added = await store.savePages([
        page(a.id, await store.startRun(a.id, T0), [toTestRow("a1", { text, contentHash: "same" }, delivery)]),
        page(b.id, await store.startRun(b.id, T0), [toTestRow("b1", { text, contentHash: "same" }, delivery), toTestRow("b2", { text: "short", contentHash: "other" })]),
      ]);
      expect(added).toEqual([1, 2]);
      const byId = new Map((await store.listMentions()).map((m) => [m.externalId, m]));
      expect(byId.get("b1")!.duplicateOf).toBe(byId.get("a1")!.id);
      expect(byId.get("a1")!.duplicateOf).toBeNull();
      expect(await store.countComplaintsByTopic()).toEqual([{ topic: "delivery", stage: "after_sales", complaints: 1 }]);
      expect(await store.countMentionsBySource()).toEqual([
        { sourceName: "a", mentions: 1, complaints: 1 },
        { sourceName: "b", mentions: 2, complaints: 1 },
      ]);
      expect((await store.listMentions({ distinctOnly: true })).map((m) => m.externalId).sort()).toEqual(["a1", "b2"]);
    });

    it("filters and orders mentions as `earshot mentions` asks", async () => {
      const a = await store.addSource({ name: "a", kind: "reddit", config: {} }, T0);
      const b = await store.addSource({ name: "b", kind: "rss", config: {} }, T0);
      const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
      await store.savePage(page(a.id, await store.startRun(a.id, T0), [
        toTestRow("a1", { publishedAt: at(1), lang: "lt" }, delivery),
        toTestRow("a2", { publishedAt: at(3), lang: "en" }, slowReply),
        toTestRow("a3", { publishedAt: null, fetchedAt: at(5), lang: "en", sentiment: "positive" }),
      ]));
      await store.savePage(page(b.id, await store.startRun(b.id, T0), [toTestRow("b1", { publishedAt: at(2), lang: "lt" }, delivery)]));
      const ids = async (filter: Parameters<Store["listMentions"]>[0]) => (await store.listMentions(filter)).map((m) => m.externalId);
      expect(await ids({})).toEqual(["a3", "a2", "b1", "a1"]);
      expect(await ids({ limit: 2 })).toEqual(["a3", "a2"]);
      expect(await ids({ since: at(2), until: at(4) })).toEqual(["a2", "b1"]);
      expect(await ids({ topic: "delivery" })).toEqual(["b1", "a1"]);
      expect(await ids({ stage: "service" })).toEqual(["a2"]);
      expect(await ids({ lang: "lt", sourceNames: ["b"] })).toEqual(["b1"]);
      expect(await ids({ complaintsOnly: true, kinds: ["reddit"] })).toEqual(["a2", "a1"]);
      expect(await ids({ kinds: [] })).toEqual([]);
      expect(await ids({ response: "answered" })).toEqual([]);
    });

    it("records failures and successes on the source and shows them in status", async () => {
      const source = await store.addSource({ name: "flaky", kind: "rss", config: {} }, T0);
      const runId = await store.startRun(source.id, T0);
      await store.saveRunError(runId, source.id, { item: "page 2", message: "flaky: HTTP 503", now: T0 });
      await store.finishRun(runId, { status: "failed", error: "flaky: HTTP 503", now: T0 });
      await store.saveSourceFailure(source.id, { error: "flaky: HTTP 503", nextCheckAt: null, now: T0 });
      const failed = await store.saveSourceFailure(source.id, { error: "flaky: HTTP 503", nextCheckAt: new Date("2026-11-20T11:00:00Z"), now: T0 });
      expect(failed).toMatchObject({ errorCount: 2, lastError: "flaky: HTTP 503", nextCheckAt: new Date("2026-11-20T11:00:00Z") });
      expect(await store.saveSourceFailure(999_999, { error: "x", nextCheckAt: null, now: T0 })).toBeUndefined();
      expect((await store.listRuns(source.id))[0]).toMatchObject({ status: "failed", errors: 1 });
      const [status] = await store.listSourceStatus();
      expect(status).toMatchObject({ source: "flaky", lastStatus: "failed", consecutiveFailures: 2, lastRunAt: T0 });
      await store.saveSourceSuccess(source.id, { now: T0, nextCheckAt: null });
      await store.saveNextCheck(source.id, new Date("2026-11-21T00:00:00Z"));
      expect(await store.loadSource(source.id)).toMatchObject({ errorCount: 0, lastError: null, nextCheckAt: new Date("2026-11-21T00:00:00Z"), lastSuccessAt: T0 });
    });

    it("marks runs left running by a dead process as interrupted", async () => {
      const source = await store.addSource({ name: "s", kind: "rss", config: {} }, T0);
      const done = await store.startRun(source.id, T0);
      await store.finishRun(done, { status: "ok", now: T0 });
      await store.startRun(source.id, T0);
      await store.startRun(source.id, new Date("2026-11-20T10:30:00Z"));
      // A cluster's start only takes runs older than a scan may last for dead.
      expect(await store.markAbandonedRuns(T0, new Date("2026-11-20T10:10:00Z"))).toBe(1);
      expect(await store.markAbandonedRuns(T0)).toBe(1);
      expect((await store.listRuns()).map((r) => r.status)).toEqual(["interrupted", "interrupted", "ok"]);
      expect(await store.markAbandonedRuns(T0)).toBe(0);
    });

    it("tracks brand responses: embedded replies, thread checks, the queue, backlog and facts", async () => {
      const reddit = await store.addSource({ name: "reddit", kind: "reddit", config: {} }, T0);
      const now = new Date("2026-11-20T12:00:00Z");
      await store.savePage(page(reddit.id, await store.startRun(reddit.id, T0), [
        toTestRow("c1", { publishedAt: new Date("2026-11-20T08:00:00Z") }, delivery),
        toTestRow("c2", { publishedAt: new Date("2026-11-20T09:00:00Z") }, delivery),
        toTestRow("c3", { publishedAt: new Date("2026-11-20T10:00:00Z") }),
      ]));
      const reply = (id: string, hour: number) => ({ externalId: id, responder: "brand", respondedAt: new Date(Date.UTC(2026, 10, 20, hour)), url: null, text: "Sorry!", redactions: 0, deleted: false });
      expect(await store.saveEmbeddedResponses(reddit.id, [{ externalId: "c1", responses: [reply("r1", 11), reply("r0", 10)] }, { externalId: "unknown", responses: [reply("r9", 11)] }], now)).toBe(2);
      const options = { now, windowMs: 86_400_000, recheckMs: 3_600_000 };
      const queue = await store.listThreadsToCheck(reddit.id, { ...options, limit: 10 });
      expect(queue.map((t) => t.externalId)).toEqual(["c2"]);
      expect(queue[0]!.occurredAt).toEqual(new Date("2026-11-20T09:00:00Z"));
      const c1 = (await store.listMentions()).find((m) => m.externalId === "c1")!;
      expect(c1.firstResponseAt).toEqual(new Date("2026-11-20T10:00:00Z"));
      expect((await store.listResponses(c1.id)).map((r) => r.externalId)).toEqual(["r0", "r1"]);
      const c2 = queue[0]!.mentionId;
      expect(await store.saveThreadCheck(c2, [], now)).toBe(0);
      expect(await store.listThreadsToCheck(reddit.id, { ...options, limit: 10 })).toEqual([]);
      expect(await store.listThreadBacklog(["reddit"], options)).toMatchObject([{ source: "reddit", kind: "reddit", due: 0, unanswered: 1, answered: 1 }]);
      expect(await store.listThreadBacklog([], options)).toEqual([]);
      const start = Date.parse("2026-11-20T00:00:00Z");
      const facts = await store.listResponseFacts(["reddit"], start, start + 86_400_000);
      expect(facts.map((f) => [f.mentionId, f.firstResponseAtMs]).sort()).toEqual([
        [c1.id, Date.parse("2026-11-20T10:00:00Z")],
        [c2, null],
      ]);
      expect(facts[0]!.stages).toEqual(["after_sales"]);
      expect((await store.listOldestUnanswered(["reddit"], start, start + 86_400_000, 5)).map((u) => [u.mentionId, u.occurredAtMs])).toEqual([[c2, Date.parse("2026-11-20T09:00:00Z")]]);
      expect(await store.countResponses()).toBe(2);
      await store.saveThreadsPostponed(reddit.id, new Date("2026-11-21T00:00:00Z"), "reddit: thread check: HTTP 429");
      expect(await store.loadSource(reddit.id)).toMatchObject({ threadsNextCheckAt: new Date("2026-11-21T00:00:00Z"), threadsLastError: "reddit: thread check: HTTP 429" });
      await store.saveThreadsOk(reddit.id);
      expect(await store.loadSource(reddit.id)).toMatchObject({ threadsNextCheckAt: null, threadsLastError: null });
    });

    it("purges by age and forgets an author or a URL with everything that hangs off them", async () => {
      const s = await store.addSource({ name: "s", kind: "mastodon", config: {} }, T0);
      const runId = await store.startRun(s.id, T0);
      await store.savePage({
        ...page(s.id, runId, [
          toTestRow("old", { publishedAt: new Date("2025-01-01T00:00:00Z"), raw: "{}" }, delivery),
          toTestRow("new", { publishedAt: new Date("2026-11-19T00:00:00Z"), author: "Someone", authorHash: "h-someone" }),
          toTestRow("linked", { publishedAt: new Date("2026-11-19T00:00:00Z"), url: "https://example.com/p/1" }),
        ]),
        now: new Date("2025-01-02T00:00:00Z"),
        itemErrors: [{ item: "x", message: "s: cannot parse item x", raw: "by @someone" }],
      });
      const purged = await store.deleteMentionsBefore(new Date("2026-01-01T00:00:00Z"));
      expect(purged).toMatchObject({ mentions: 1, rawPayloads: 1, topicRows: 1, scanErrors: 1 });
      const forgotten = await store.deleteAuthorMentions({ authorHashes: [], handles: ["@someone"] });
      expect(forgotten).toMatchObject({ mentions: 1 });
      expect(await store.deleteUrlMentions("https://example.com/p/1/")).toMatchObject({ mentions: 1 });
      expect(await store.listMentions()).toEqual([]);
    });

    it("remembers delivered alerts per channel for the cool-down", async () => {
      await store.saveAlertSent({ alertKey: "spike:delivery:2026-W47", channel: "folder", sentAt: T0 });
      expect(await store.loadLastAlertSent("spike:delivery:", "folder", new Date("2026-11-19T00:00:00Z"))).toEqual(T0);
      expect(await store.loadLastAlertSent("spike:delivery:", "webhook", new Date("2026-11-19T00:00:00Z"))).toBeUndefined();
      expect(await store.loadLastAlertSent("spike:delivery:", "folder", new Date("2026-11-21T00:00:00Z"))).toBeUndefined();
    });

    it("answers the digest's time questions and reads inside one snapshot", async () => {
      expect(await store.loadLatestMentionTime()).toBeUndefined();
      const s = await store.addSource({ name: "s", kind: "rss", config: {} }, T0);
      await store.savePage(page(s.id, await store.startRun(s.id, T0), [toTestRow("m", { publishedAt: new Date("2026-11-18T10:00:00Z") })]));
      expect(await store.loadLatestMentionTime()).toEqual(new Date("2026-11-18T10:00:00Z"));
      expect(await store.hasMentionsIn({ start: new Date("2026-11-16T00:00:00Z"), end: new Date("2026-11-23T00:00:00Z") })).toBe(true);
      expect(await store.hasMentionsIn({ start: new Date("2026-11-23T00:00:00Z"), end: new Date("2026-11-30T00:00:00Z") })).toBe(false);
      const counted = await store.readSnapshot(async (snapshot) => [(await snapshot.listMentions()).length, (await snapshot.listSources()).length]);
      expect(counted).toEqual([1, 1]);
      expect((await store.loadOutdatedMentions("test-2", 0, 10)).map((m) => m.text)).toEqual(["text of m"]);
      expect(await store.loadOutdatedMentions("test-1", 0, 10)).toEqual([]);
      expect(await store.checkIntegrity()).toBe("ok");
    });
  });
}
