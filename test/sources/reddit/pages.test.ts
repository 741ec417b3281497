import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, HttpError, ParseError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { HttpClient } from "../../../src/http/types.js";
import { startReplay, type ReplayRoutes, type ReplayServer } from "../../../src/replay/server.js";
import { reddit, toListingUrl, type RedditConfig } from "../../../src/sources/reddit/index.js";
import type { Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";

const servers: ReplayServer[] = [];
const clients: HttpClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

function routeOf(config: Record<string, unknown>, feed: "search" | "new" | "comments", after?: string): string {
  const url = toListingUrl(reddit.parseConfig({ baseUrl: "http://127.0.0.1", ...config }, "test"), feed, after);
  return `${url.pathname}${url.search}`;
}

const SEARCH_ROUTES: ReplayRoutes = {
  "/search.json": { fixture: "reddit/search-page-1" },
  [routeOf({ terms: ["Nordvik"] }, "search", "t3_1h2gkz2")]: { fixture: "reddit/search-page-2" },
};

async function scan(routes: ReplayRoutes, raw: Record<string, unknown>, cursor: Cursor | null = null, since?: Date): Promise<{ pages: Page[]; server: ReplayServer; config: RedditConfig }> {
  const server = await startReplay(routes);
  servers.push(server);
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test (contact: test@nordvik.example)" });
  clients.push(http);
  const config = reddit.parseConfig({ baseUrl: server.origin, ...raw }, "test.sources[0]");
  const pages: Page[] = [];
  const ctx = { http, signal: new AbortController().signal, now: createTestClock().now, ...(since ? { since } : {}) };
  for await (const page of reddit.pages(ctx, config, cursor)) pages.push(page);
  return { pages, server, config };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("reddit pages", () => {
  it("walks the search listing back to its end and yields oldest-first mentions of the brand", async () => {
    const { pages, server } = await scan(SEARCH_ROUTES, { terms: ["Nordvik"] });
    const mentions = pages.flatMap((p) => p.mentions);
    expect(mentions.map((m) => m.externalId)).toEqual(["t3_1h2dl2v", "t3_1h2e7pn", "t3_1h2f3a8", "t3_1h2gkz2", "t3_1h2ig4w", "t3_1h2jq0d", "t3_1h2kx7c"]);
    expect(mentions.every((m) => m.matchedTerm === "Nordvik" && m.channel === "forum")).toBe(true);
    const times = mentions.map((m) => m.publishedAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Search query syntax, newest-first sort, posts only, unescaped text.
    const first = new URL(server.url(server.requests[0]!.path));
    expect(Object.fromEntries(first.searchParams)).toEqual({ q: '"Nordvik"', sort: "new", t: "all", type: "link", limit: "100", raw_json: "1" });
    expect(server.requests[1]?.path).toContain("after=t3_1h2gkz2");
    expect(server.requests[0]?.headers["user-agent"]).toBe("earshot-test (contact: test@nordvik.example)");
    expect(pages.at(-1)?.cursor).toEqual({ since: "2026-11-23T06:40:12.000Z", feeds: { 'search?q="Nordvik"': { since: "2026-11-23T06:40:12.000Z", ids: ["t3_1h2kx7c"] } } });
  });

  it("keeps multilingual text and the removed post's title, and drops a search hit that never names the brand", async () => {
    const { pages } = await scan(SEARCH_ROUTES, { terms: ["Nordvik"] });
    const byId = new Map(pages.flatMap((p) => p.mentions).map((m) => [m.externalId, m]));
    expect(byId.get("t3_1h2kx7c")).toMatchObject({ title: "Nordvik neatsako į laiškus jau dvi savaites", author: "ruta_k_vilnius", url: "https://www.reddit.com/r/lithuania/comments/1h2kx7c/nordvik_neatsako_i_laiskus_jau_dvi_savaites/" });
    expect(byId.get("t3_1h2gkz2")?.text).toContain("деньги так и не вернулись");
    expect(byId.get("t3_1h2ig4w")?.text).toContain('support says "try the website" <sigh>');
    expect(byId.get("t3_1h2dl2v")).toMatchObject({ title: "Nordvik order never arrived, support closed my ticket", text: "" });
    expect(byId.get("t3_1h2dl2v")?.author).toBeUndefined();
    expect(byId.has("t3_1h2hd1x")).toBe(false);
  });

  it("resumes from the cursor: stops at the first page once it reaches things already seen", async () => {
    const cursor = { feeds: { 'search?q="Nordvik"': { since: "2026-11-22T12:02:05.000Z", ids: ["t3_1h2ig4w"] } } };
    const { pages, server } = await scan(SEARCH_ROUTES, { terms: ["Nordvik"] }, cursor);
    expect(pages.flatMap((p) => p.mentions).map((m) => m.externalId)).toEqual(["t3_1h2jq0d", "t3_1h2kx7c"]);
    expect(server.requests).toHaveLength(1);
    expect(pages.at(-1)?.notice).toBeUndefined();
  });

  it("takes a thing created in the same second as the cursor when its fullname is new", async () => {
    const cursor = { feeds: { 'search?q="Nordvik"': { since: "2026-11-22T12:02:05.000Z", ids: ["t3_other"] } } };
    const { pages } = await scan(SEARCH_ROUTES, { terms: ["Nordvik"] }, cursor);
    expect(pages.flatMap((p) => p.mentions).map((m) => m.externalId)).toEqual(["t3_1h2ig4w", "t3_1h2jq0d", "t3_1h2kx7c"]);
    expect(pages.at(-1)?.cursor.feeds).toEqual({ 'search?q="Nordvik"': { since: "2026-11-23T06:40:12.000Z", ids: ["t3_1h2kx7c"] } });
  });

  it("backfills to ctx.since past a newer cursor, and stops once things are older than it", async () => {
    const cursor = { feeds: { 'search?q="Nordvik"': { since: "2026-11-23T06:40:12.000Z", ids: ["t3_1h2kx7c"] } } };
    const { pages, server } = await scan(SEARCH_ROUTES, { terms: ["Nordvik"] }, cursor, new Date("2026-11-21T00:00:00Z"));
    expect(pages.flatMap((p) => p.mentions).map((m) => m.externalId)).toEqual(["t3_1h2f3a8", "t3_1h2gkz2", "t3_1h2ig4w", "t3_1h2jq0d", "t3_1h2kx7c"]);
    expect(server.requests).toHaveLength(2);
    // The cursor never moves back.
    expect(pages.at(-1)?.cursor.since).toBe("2026-11-23T06:40:12.000Z");
  });

  it("says where maxPages stopped a walk that did not reach the cursor", async () => {
    const cursor = { feeds: { 'search?q="Nordvik"': { since: "2026-11-01T00:00:00.000Z", ids: [] } } };
    const { pages, server } = await scan(SEARCH_ROUTES, { terms: ["Nordvik"], maxPages: 1 }, cursor);
    expect(server.requests).toHaveLength(1);
    expect(pages.at(-1)?.notice).toBe('reddit search?q="Nordvik": stopped after 1 pages (maxPages); things between 2026-11-01T00:00:00.000Z and 2026-11-21T19:45:31.000Z were not reached');
  });

  it("says when Reddit's ~1,000-thing listing horizon stops a backfill", async () => {
    const children = Array.from({ length: 100 }, (_, i) => ({
      kind: "t3",
      data: { id: `a${i}`, name: `t3_a${String(i).padStart(3, "0")}`, author: "u", subreddit: "nordvik", created_utc: 1795400000 - i * 60, edited: false, title: `Nordvik ${i}`, selftext: "", permalink: `/r/nordvik/comments/a${i}/x/` },
    }));
    const pageOf = (n: number, after: string | null) => ({ body: JSON.stringify({ kind: "Listing", data: { after, dist: 100, children: children.map((c) => ({ ...c, data: { ...c.data, name: `${c.data.name}${n}`, created_utc: c.data.created_utc - n * 6000 } })) } }) });
    const routes: ReplayRoutes = { "/r/nordvik/new.json": [...Array.from({ length: 9 }, (_, n) => pageOf(n, `t3_next${n}`)), pageOf(9, null)] };
    const { pages, server } = await scan(routes, { terms: ["Nordvik"], subreddits: ["nordvik"], feeds: ["new"] }, null, new Date("2026-01-01T00:00:00Z"));
    expect(server.requests).toHaveLength(10);
    expect(pages.flatMap((p) => p.mentions)).toHaveLength(1000);
    expect(pages).toHaveLength(10);
    expect(pages.at(-1)?.notice).toMatch(/^reddit r\/nordvik\/new: Reddit listings end after about 1000 things; things between 2026-01-01T00:00:00.000Z and 2026-11-\d\dT.* are out of reach$/u);
  });

  it("walks subreddit comments, skipping deleted ones and those without the term", async () => {
    const routes = { "/r/lithuania+Finland/comments.json": { fixture: "reddit/comments" } };
    const { pages, server } = await scan(routes, { terms: ["Nordvik"], subreddits: ["lithuania", "r/Finland"], feeds: ["comments"] });
    expect(server.requests[0]?.path).toBe("/r/lithuania+Finland/comments.json?limit=100&raw_json=1");
    const mentions = pages.flatMap((p) => p.mentions);
    // lz9n0cc says "Nordvikin" (Finnish genitive): the matcher takes short case endings.
    expect(mentions.map((m) => m.externalId)).toEqual(["t1_lz9k1xs", "t1_lz9n0cc", "t1_lz9q2mf"]);
    expect(mentions[1]?.matchedTerm).toBe("Nordvik");
    expect(mentions[0]).toMatchObject({ url: "https://www.reddit.com/r/lithuania/comments/1h2f3a8/_/lz9k1xs/", author: "andrius_dev" });
    // The deleted and unmatched comments still move the cursor.
    expect(pages.at(-1)?.cursor.feeds).toEqual({ "r/lithuania+Finland/comments": { since: "2026-11-23T07:55:02.000Z", ids: ["t1_lz9q2mf"] } });
  });

  it("keeps search and comments cursors apart in one source", async () => {
    const routes = {
      "/r/lithuania/search.json": { fixture: "reddit/search-page-2" },
      "/r/lithuania/comments.json": { fixture: "reddit/comments" },
    };
    const { pages, server } = await scan(routes, { terms: ["Nordvik"], subreddits: ["lithuania"], feeds: ["search", "comments"] });
    expect(server.requests.map((r) => r.path.split("?")[0])).toEqual(["/r/lithuania/search.json", "/r/lithuania/comments.json"]);
    expect(new URL(server.url(server.requests[0]!.path)).searchParams.get("restrict_sr")).toBe("1");
    expect(Object.keys(pages.at(-1)?.cursor.feeds as object)).toEqual(['r/lithuania/search?q="Nordvik"', "r/lithuania/comments"]);
    expect(pages.at(-1)?.cursor.since).toBe("2026-11-23T07:55:02.000Z");
  });

  it("records bad things as item errors and keeps the rest", async () => {
    const { pages } = await scan({ "/search.json": { fixture: "reddit/bad-items" } }, { terms: ["Nordvik"] });
    expect(pages.flatMap((p) => p.mentions).map((m) => m.externalId)).toEqual(["t3_1h2kx7c"]);
    expect(pages.flatMap((p) => p.itemErrors ?? []).map((e) => e.item)).toEqual(["t3_1h2ig4w", "t1_lz9r8aa"]);
  });

  it("yields nothing for an empty listing", async () => {
    const { pages } = await scan({ "/search.json": { fixture: "reddit/empty-listing" } }, { terms: ["Nordvik"] });
    expect(pages).toEqual([]);
  });

  it("turns Reddit's 403 block page into an error naming reddit, not a JSON crash", async () => {
    const error = await failure(scan({ "/search.json": { fixture: "reddit/blocked-403" } }, { terms: ["Nordvik"] }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 403 });
    expect((error as HttpError).message).toMatch(/403 Forbidden: reddit search\?q="Nordvik": Reddit refused the request/u);
    expect((error as HttpError).message).toContain("EARSHOT_CONTACT");
  });

  it("turns a 200 HTML block page into a ParseError naming reddit", async () => {
    const error = await failure(scan({ "/search.json": { fixture: "reddit/blocked-403", status: 200 } }, { terms: ["Nordvik"] }));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^reddit search\?q="Nordvik": expected a JSON Listing but got an HTML page/u);
  });

  it("lets a 429 through as an HttpError with retryAfterMs (never sleeps)", async () => {
    const error = await failure(scan({ "/search.json": { status: 429, headers: { "retry-after": "60" }, body: "" } }, { terms: ["Nordvik"] }));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 60_000 });
  });
});

describe("parseRedditConfig", () => {
  it("fills defaults", () => {
    expect(reddit.parseConfig({ terms: ["Nordvik"] }, "s")).toEqual({ baseUrl: "https://www.reddit.com", terms: ["Nordvik"], subreddits: [], feeds: ["search"], limit: 100, maxPages: 10, channel: "forum" });
  });

  it.each([
    ["not an object", "x", "s"],
    ["search without terms or query", {}, "s.terms"],
    ["a bad baseUrl", { terms: ["a"], baseUrl: "ftp://reddit.com" }, "s.baseUrl"],
    ["terms not a list", { terms: "Nordvik" }, "s.terms"],
    ["an empty term", { terms: ["Nordvik", " "] }, "s.terms[1]"],
    ["a bad subreddit", { terms: ["a"], subreddits: ["no spaces"] }, "s.subreddits[0]"],
    ["an unknown feed", { terms: ["a"], feeds: ["hot"] }, "s.feeds[0]"],
    ["no feeds", { terms: ["a"], feeds: [] }, "s.feeds"],
    ["comments without subreddits", { terms: ["a"], feeds: ["comments"] }, "s.subreddits"],
    ["limit above Reddit's 100", { terms: ["a"], limit: 500 }, "s.limit"],
    ["maxPages 0", { terms: ["a"], maxPages: 0 }, "s.maxPages"],
    ["an empty query", { terms: ["a"], query: "" }, "s.query"],
    ["an unknown channel", { terms: ["a"], channel: "tv" }, "s.channel"],
  ])("refuses %s with a ConfigError at the field", (_name, raw, path) => {
    expect(() => reddit.parseConfig(raw, "s")).toThrow(ConfigError);
    try {
      reddit.parseConfig(raw, "s");
    } catch (error) {
      expect((error as ConfigError).path).toBe(path);
    }
  });

  it("accepts new posts of subreddits without terms (every post kept) and a raw query", () => {
    expect(reddit.parseConfig({ subreddits: ["nordvik"], feeds: ["new"] }, "s")).toMatchObject({ terms: [], feeds: ["new"] });
    expect(reddit.parseConfig({ query: "nordvik OR nordvik.lt" }, "s")).toMatchObject({ query: "nordvik OR nordvik.lt" });
  });
});
