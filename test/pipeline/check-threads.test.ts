import { afterEach, describe, expect, it } from "vitest";
import { createBrandMatcher, toMeasurableKinds } from "../../src/pipeline/brand-accounts.js";
import { checkThreads, type ThreadCheckDeps, type ThreadCheckOptions } from "../../src/pipeline/check-threads.js";
import { scanSource } from "../../src/pipeline/scan.js";
import { startReplay, type ReplayRoutes, type ReplayServer } from "../../src/replay/server.js";
import { createSourceRegistry } from "../../src/sources/registry.js";
import { openDb, type Db } from "../../src/store/sqlite/db.js";
import { listMentions, savePage, type NewMention } from "../../src/store/sqlite/mentions.js";
import { listResponses } from "../../src/store/sqlite/responses.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource, loadSource, type SourceRow } from "../../src/store/sqlite/sources.js";
import { createTestClock, createTestDeps, toStore, type TestClock } from "../helpers/deps.js";
import { toTestRow } from "../helpers/rows.js";

const HOUR = 3_600_000;
const OPTIONS: ThreadCheckOptions = { windowMs: 14 * 24 * HOUR, recheckMs: 3 * HOUR, limit: 10 };
const ACCOUNTS = { reddit: ["u/nordvik_support"], mastodon: ["@nordvik@mastodon.example"], hackernews: ["nordvik_cx"], "google-play": ["Nordvik UAB"] };
const complaint = [{ topic: "slow_reply", stage: "service" }];

let replay: ReplayServer | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

/** A source of `kind` on the replay server with stored complaints `ids` (published an hour before the clock). */
function seedSource(db: Db, clock: TestClock, kind: string, config: Record<string, unknown>, threads: Array<[string, Partial<NewMention>?]>): SourceRow {
  const row = addSource(db, { name: `${kind}-src`, kind, config }, clock.now());
  const publishedAt = new Date(clock.now().getTime() - HOUR);
  const rows = threads.map(([id, extra]) => toTestRow(id, { publishedAt, channel: "forum", ...extra }, complaint));
  savePage(db, { sourceId: row.id, runId: startRun(db, row.id, clock.now()), rows, cursor: {}, now: clock.now() });
  return loadSource(db, row.id)!;
}

function threadDeps(db: Db, clock: TestClock, accounts: Record<string, string[]> = ACCOUNTS): ThreadCheckDeps {
  const { http } = createTestDeps(db, clock);
  return { store: toStore(db), http, sources: createSourceRegistry(), brand: createBrandMatcher(accounts), redact: true, now: clock.now };
}

/**
 * The same recorded search scanned by two sources of `kind`: "all" without brand accounts and
 * "branded" with `accounts` as the brand's.
 */
async function scanWithAndWithoutBrand(kind: string, routes: ReplayRoutes, accounts: string[]): Promise<Db> {
  replay = await startReplay(routes);
  const db = openDb(":memory:");
  const clock = createTestClock();
  const config = { baseUrl: replay.origin, terms: ["Nordvik"] };
  const plain = addSource(db, { name: "all", kind, config }, clock.now());
  const branded = addSource(db, { name: "branded", kind, config }, clock.now());
  await scanSource(createTestDeps(db, clock), plain);
  await scanSource(createTestDeps(db, clock, { brand: createBrandMatcher({ [kind]: accounts }) }), branded);
  return db;
}

const mention = (db: Db, externalId: string) => listMentions(db).find((m) => m.externalId === externalId)!;
const requestsTo = (path: string) => replay!.requests.filter((r) => r.path.startsWith(path)).length;

describe("checkThreads (reddit)", () => {
  const routes: ReplayRoutes = {
    "/comments/1h2kx7c.json": { fixture: "reddit/thread-answered" },
    "/comments/1h2gkz2.json": { fixture: "reddit/thread-unanswered" },
  };

  it("stores the brand's reply redacted with its exact time, ignores other people's and stops fetching once answered", async () => {
    replay = await startReplay(routes);
    const db = openDb(":memory:");
    const clock = createTestClock("2026-11-23T20:00:00Z");
    const row = seedSource(db, clock, "reddit", { baseUrl: replay.origin, terms: ["Nordvik"] }, [["t3_1h2kx7c"], ["t3_1h2gkz2"]]);

    const first = await checkThreads(threadDeps(db, clock), row, OPTIONS);
    expect(first).toMatchObject({ status: "ok", checked: 2, answered: 1, responses: 1, errors: 0 });
    const answered = mention(db, "t3_1h2kx7c");
    // created_utc 1795416012 + 5.5 h in fixtures/reddit/thread-answered.json.
    expect(answered.firstResponseAt).toEqual(new Date("2026-11-23T12:10:12Z"));
    const [reply] = listResponses(db, answered.id);
    expect(reply).toMatchObject({ externalId: "t1_m9k2f0a", responder: "u/nordvik_support", deleted: false, url: expect.stringContaining("/m9k2f0a/") });
    expect(reply!.text).toContain("[email]");
    expect(reply!.text).toContain("[phone]");
    expect(reply!.text).not.toMatch(/pagalba@|612 34567/u);
    // "nordvik_fan" answered the other thread: not the brand.
    expect(mention(db, "t3_1h2gkz2").firstResponseAt).toBeNull();

    clock.advance(4 * HOUR);
    const second = await checkThreads(threadDeps(db, clock), row, OPTIONS);
    expect(second).toMatchObject({ checked: 1, answered: 0 });
    expect(requestsTo("/comments/1h2kx7c.json")).toBe(1);
    expect(requestsTo("/comments/1h2gkz2.json")).toBe(2);
  });

  it("postpones only thread checks on a 429: the scan state stays and a scan of the source still runs", async () => {
    replay = await startReplay({
      "/comments/1h2kx7c.json": [{ status: 429, headers: { "retry-after": "120" }, body: "Too Many Requests" }, { fixture: "reddit/thread-answered" }],
      "/search.json": { fixture: "reddit/empty-listing" },
    });
    const db = openDb(":memory:");
    const clock = createTestClock("2026-11-23T20:00:00Z");
    const row = seedSource(db, clock, "reddit", { baseUrl: replay.origin, terms: ["Nordvik"] }, [["t3_1h2kx7c"]]);

    const postponed = await checkThreads(threadDeps(db, clock), row, OPTIONS);
    expect(postponed).toMatchObject({ status: "postponed", checked: 0, retryAfterMs: 120_000 });
    const after = loadSource(db, row.id)!;
    expect(after.threadsNextCheckAt).toEqual(new Date("2026-11-23T20:02:00Z"));
    expect(after).toMatchObject({ errorCount: 0, lastError: null, nextCheckAt: null });

    const scan = await scanSource(createTestDeps(db, clock), after);
    expect(scan.status).toMatch(/^(ok|not_modified)$/u);

    clock.advance(60_000);
    expect(await checkThreads(threadDeps(db, clock), loadSource(db, row.id)!, OPTIONS)).toMatchObject({ status: "waiting", checked: 0 });
    expect(requestsTo("/comments/1h2kx7c.json")).toBe(1);
    clock.advance(60_000);
    expect(await checkThreads(threadDeps(db, clock), loadSource(db, row.id)!, OPTIONS)).toMatchObject({ status: "ok", answered: 1 });
    expect(loadSource(db, row.id)!.threadsNextCheckAt).toBeNull();
  });

  it("marks a thread that is gone (404) checked and goes on with the others", async () => {
    replay = await startReplay({ "/comments/1h2kx7c.json": { status: 404, body: '{"message": "Not Found", "error": 404}' }, "/comments/1h2gkz2.json": { fixture: "reddit/thread-unanswered" } });
    const db = openDb(":memory:");
    const clock = createTestClock("2026-11-23T20:00:00Z");
    const row = seedSource(db, clock, "reddit", { baseUrl: replay.origin, terms: ["Nordvik"] }, [["t3_1h2kx7c"], ["t3_1h2gkz2"]]);
    expect(await checkThreads(threadDeps(db, clock), row, OPTIONS)).toMatchObject({ status: "ok", checked: 2, errors: 1 });
    expect(mention(db, "t3_1h2kx7c").threadCheckedAt).toEqual(clock.now());
  });
});

describe("checkThreads (mastodon, hackernews)", () => {
  it("mastodon: a reply by the same username on another instance does not count", async () => {
    replay = await startReplay({ "/api/v1/statuses/117664510771200485/context": { fixture: "mastodon/context-answered" }, "/api/v1/statuses/117655379116032194/context": { fixture: "mastodon/context-empty" } });
    const db = openDb(":memory:");
    const clock = createTestClock("2026-11-23T20:00:00Z");
    const row = seedSource(db, clock, "mastodon", { instance: replay.origin, terms: ["Nordvik"] }, [
      ["https://lt.example/users/gintare/statuses/117664510771200488", { raw: '{"id":"117664510771200485","uri":"https://lt.example/users/gintare/statuses/117664510771200488"}' }],
      ["https://ru.example/users/dmitri/statuses/117655379116032197", { raw: '{"id":"117655379116032194"}' }],
    ]);
    expect(await checkThreads(threadDeps(db, clock), row, OPTIONS)).toMatchObject({ status: "ok", checked: 2, answered: 1 });
    const answered = mention(db, "https://lt.example/users/gintare/statuses/117664510771200488");
    // The impostor (nordvik@impostor.example) replied at 07:40; the brand at 09:12:30.
    expect(answered.firstResponseAt).toEqual(new Date("2026-11-23T09:12:30Z"));
    expect(listResponses(db, answered.id).map((r) => [r.responder, r.text.includes("[email]")])).toEqual([["@nordvik@mastodon.example", true]]);
  });

  it("hackernews: finds the brand's answer nested in the tree and skips the deleted comment", async () => {
    replay = await startReplay({ "/api/v1/items/46010001": { fixture: "hackernews/item-answered" }, "/api/v1/items/46011870": { fixture: "hackernews/item-unanswered" } });
    const db = openDb(":memory:");
    const clock = createTestClock("2026-11-23T20:00:00Z");
    const row = seedSource(db, clock, "hackernews", { baseUrl: replay.origin, terms: ["Nordvik"] }, [["46010001"], ["46011870"]]);
    expect(await checkThreads(threadDeps(db, clock), row, OPTIONS)).toMatchObject({ checked: 2, answered: 1 });
    // Story at 02:33:20, answer 4 h later (fixtures/hackernews/item-answered.json).
    expect(mention(db, "46010001").firstResponseAt).toEqual(new Date("2026-11-23T06:33:20Z"));
    expect(mention(db, "46011870").firstResponseAt).toBeNull();
  });

  it("bluesky: logs in once per run, credits the brand by DID and records its reply time", async () => {
    replay = await startReplay({ "/xrpc/com.atproto.server.createSession": { fixture: "bluesky/session" }, "/xrpc/app.bsky.feed.getPostThread": { fixture: "bluesky/thread-answered" } });
    process.env.EARSHOT_TEST_BSKY_ID = "nordvik-monitor.example";
    process.env.EARSHOT_TEST_BSKY_PASSWORD = "test-app-password";
    const db = openDb(":memory:");
    const clock = createTestClock("2026-11-23T20:00:00Z");
    const config = { service: replay.origin, terms: ["Nordvik"], identifierEnv: "EARSHOT_TEST_BSKY_ID", passwordEnv: "EARSHOT_TEST_BSKY_PASSWORD" };
    const root = "at://did:plc:uuqpslmpgfwp375rzcahljhh/app.bsky.feed.post/3n2xnco4pb22w";
    const row = seedSource(db, clock, "bluesky", config, [[root], ["at://did:plc:zttlmodkdutnhrwzfdqw77di/app.bsky.feed.post/3n2xhl7tu6c2y"]]);
    // The DID the post's @nordvik.example mention resolves to (fixtures/bluesky/thread-answered.json).
    const report = await checkThreads(threadDeps(db, clock, { bluesky: ["did:plc:y6m25akldi3jxrarijg42htw"] }), row, OPTIONS);
    expect(report).toMatchObject({ status: "ok", checked: 2 });
    expect(mention(db, root).firstResponseAt).toEqual(new Date("2026-11-23T09:31:40Z"));
    expect(requestsTo("/xrpc/com.atproto.server.createSession")).toBe(1);
    expect(listResponses(db, mention(db, root).id)[0]!.text).toContain("[phone]");
  });

  it("says not measurable for kinds that cannot show replies or have no brand account", async () => {
    const db = openDb(":memory:");
    const clock = createTestClock();
    const rss = seedSource(db, clock, "rss", { url: "http://127.0.0.1:9/feed.xml" }, [["a"]]);
    const bluesky = seedSource(db, clock, "hackernews", { baseUrl: "http://127.0.0.1:9", terms: ["x"] }, [["1"]]);
    expect((await checkThreads(threadDeps(db, clock), rss, OPTIONS)).status).toBe("not_measurable");
    expect((await checkThreads(threadDeps(db, clock, { reddit: ["nordvik_support"] }), bluesky, OPTIONS)).status).toBe("not_measurable");
    expect(toMeasurableKinds(createSourceRegistry(), createBrandMatcher({ ...ACCOUNTS, "app-store": ["Nordvik UAB"], bluesky: ["nordvik.example"] })).sort()).toEqual(["bluesky", "google-play", "hackernews", "mastodon", "reddit"]);
    expect(toMeasurableKinds(createSourceRegistry(), createBrandMatcher({ "review-page": ["Nordvik"], rss: ["x"] }))).toEqual(["review-page"]);
  });
});

describe("scanSource with brand accounts", () => {
  it("stores Google Play developer responses from the review payload as the brand's", async () => {
    replay = await startReplay({ "/_/PlayStoreUi/data/batchexecute": { fixture: "google-play/lt-newest" } });
    const db = openDb(":memory:");
    const clock = createTestClock();
    const row = addSource(db, { name: "play", kind: "google-play", config: { appId: "lt.nordvik.shop", languages: ["lt"], baseUrl: replay.origin } }, clock.now());
    await scanSource(createTestDeps(db, clock, { brand: createBrandMatcher(ACCOUNTS) }), row);
    const answered = mention(db, "5f0a8e3b-9c21-4d6f-b2a4-7e1c3d9b6f04");
    expect(answered.firstResponseAt).toEqual(new Date(1795244400 * 1000));
    const [reply] = listResponses(db, answered.id);
    expect(reply).toMatchObject({ responder: "Nordvik UAB", externalId: "developer-response" });
    expect(reply!.text).toContain("[email]");
    expect(listMentions(db).filter((m) => m.firstResponseAt !== null)).toHaveLength(1);
  });

  it("stores review-page owner responses (schema.org Review.comment) by the owner's name only, in JSON-LD and microdata", async () => {
    replay = await startReplay({ "/robots.txt": { fixture: "review-page/robots" }, "/stores/vilnius": { fixture: "review-page/owner-responses" } });
    const db = openDb(":memory:");
    const clock = createTestClock();
    const row = addSource(db, { name: "store", kind: "review-page", config: { url: `${replay.origin}/stores/vilnius` } }, clock.now());
    await scanSource(createTestDeps(db, clock, { brand: createBrandMatcher({ "review-page": ["Nordvik"] }) }), row);
    const answered = listMentions(db).filter((m) => m.firstResponseAt !== null).map((m) => [m.externalId, m.firstResponseAt!.toISOString()]);
    // r-298's only dated comment is a customer's; the owner's there has no date and cannot be timed.
    expect(answered.sort()).toEqual([
      ["https://nordvik.example/stores/vilnius#r-290", "2026-11-16T13:30:00.000Z"],
      ["https://nordvik.example/stores/vilnius#r-301", "2026-11-20T07:45:00.000Z"],
    ]);
    const reply = listResponses(db, mention(db, "https://nordvik.example/stores/vilnius#r-301").id)[0]!;
    expect(reply).toMatchObject({ responder: "Nordvik", externalId: "https://nordvik.example/stores/vilnius#r-301-reply" });
    expect(reply.text).toContain("[email]");
  });

  it("does not count developer responses when no google-play account is configured", async () => {
    replay = await startReplay({ "/_/PlayStoreUi/data/batchexecute": { fixture: "google-play/lt-newest" } });
    const db = openDb(":memory:");
    const clock = createTestClock();
    const row = addSource(db, { name: "play", kind: "google-play", config: { appId: "lt.nordvik.shop", languages: ["lt"], baseUrl: replay.origin } }, clock.now());
    await scanSource(createTestDeps(db, clock, { brand: createBrandMatcher({ reddit: ["nordvik_support"] }) }), row);
    expect(listMentions(db).filter((m) => m.firstResponseAt !== null)).toHaveLength(0);
  });

  it("never stores the brand's own posts as customer mentions", async () => {
    const db = await scanWithAndWithoutBrand("reddit", { "/search.json": { fixture: "reddit/search-page-1" }, "/search.json?q=%22Nordvik%22&sort=new&t=all&type=link&limit=100&raw_json=1&after=t3_1h2gkz2": { fixture: "reddit/search-page-2" } }, ["QuietKettle_42"]);
    const ids = (source: string) => listMentions(db, { sourceNames: [source] }).map((m) => m.externalId);
    expect(ids("all")).toContain("t3_1h2ig4w");
    expect(ids("branded")).not.toContain("t3_1h2ig4w");
    expect(ids("branded")).toHaveLength(ids("all").length - 1);
  });

  it("records a brand account's reply seen in a scan as the answer of the mention it replies to", async () => {
    // fixtures/hackernews/newest-brand-reply.json: newest-nordvik plus nordvik_cx answering tuomas_k's comment.
    const db = await scanWithAndWithoutBrand("hackernews", { "/api/v1/search_by_date": { fixture: "hackernews/newest-brand-reply" } }, ["nordvik_cx"]);

    const stored = (source: string) => listMentions(db, { sourceNames: [source] });
    expect(stored("all").map((m) => m.externalId)).toContain("46012530");
    expect(stored("all").every((m) => m.firstResponseAt === null)).toBe(true);
    expect(stored("branded").map((m) => m.externalId)).not.toContain("46012530");
    const answered = stored("branded").filter((m) => m.firstResponseAt !== null);
    expect(answered.map((m) => [m.externalId, m.firstResponseAt?.toISOString()])).toEqual([["46011870", "2026-11-23T09:40:05.000Z"]]);
    expect(listResponses(db, answered[0]!.id)).toMatchObject([{ externalId: "46012530", responder: "nordvik_cx", url: "https://news.ycombinator.com/item?id=46012530" }]);
  });
});
