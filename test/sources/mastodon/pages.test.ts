import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConfigError, HttpError, ParseError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { HttpClient } from "../../../src/http/types.js";
import { startReplay, type ReplayRoutes, type ReplayServer } from "../../../src/replay/server.js";
import { mastodon } from "../../../src/sources/mastodon/index.js";
import type { Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";

const TAG = "/api/v1/timelines/tag/nordvik";
const ID = {
  s1: "117653375614976097",
  s5: "117664510771200485",
  s6: "117664584040448582",
  s7: "117664669171712679",
};
const KEY = "127.0.0.1#nordvik";
const TOKEN_ENV = "EARSHOT_TEST_MASTODON_TOKEN";

const servers: ReplayServer[] = [];
const clients: HttpClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});
afterEach(() => {
  delete process.env[TOKEN_ENV];
});

async function scan(routes: ReplayRoutes, raw: Record<string, unknown>, cursor: Cursor | null = null, since?: Date): Promise<{ pages: Page[]; server: ReplayServer }> {
  const server = await startReplay(routes);
  servers.push(server);
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test" });
  clients.push(http);
  const config = mastodon.parseConfig({ instance: server.origin, terms: ["Nordvik"], ...raw }, "test.sources[1]");
  const pages: Page[] = [];
  const ctx = { http, signal: new AbortController().signal, now: createTestClock().now, ...(since ? { since } : {}) };
  for await (const page of mastodon.pages(ctx, config, cursor)) pages.push(page);
  return { pages, server };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("mastodon pages", () => {
  it("first scan: reads the tag timeline back to its end and yields it oldest-first", async () => {
    const routes = { [TAG]: { fixture: "mastodon/tag-nordvik" }, [`${TAG}?limit=40&max_id=${ID.s1}`]: { fixture: "mastodon/empty-timeline" } };
    const { pages, server } = await scan(routes, {});
    expect(server.requests.map((r) => r.path)).toEqual([`${TAG}?limit=40`, `${TAG}?limit=40&max_id=${ID.s1}`]);
    const mentions = pages.flatMap((p) => p.mentions);
    expect(mentions.map((m) => m.lang)).toEqual(["en", "ru", "en", "fi", "lt"]);
    expect(mentions.map((m) => m.publishedAt?.toISOString())).toEqual(["2026-11-21T08:00:41.000Z", "2026-11-21T16:30:12.000Z", "2026-11-22T09:05:55.000Z", "2026-11-22T19:40:03.000Z", "2026-11-23T07:12:30.000Z"]);
    // Every tagged status is kept; each also names the brand (the Finnish one as "Nordvikin", a case ending).
    expect(mentions.every((m) => m.matchedTerm === "Nordvik")).toBe(true);
    expect(mentions[2]).toMatchObject({ title: "customer service rant", author: "pixel_pia@127.0.0.1", text: expect.stringContaining('refund form just says "an error occurred".') });
    expect(mentions[1]?.text).toContain("«вернут в течение 30 рабочих дней»");
    expect(pages.at(-1)?.cursor).toEqual({ minIds: { [KEY]: ID.s5 } });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("resumes with min_id, follows Link rel=prev forward, and stops at an empty page", async () => {
    const routes = {
      [`${TAG}?limit=40&min_id=${ID.s5}`]: { fixture: "mastodon/tag-nordvik-newer" },
      [`${TAG}?limit=40&min_id=${ID.s7}`]: { fixture: "mastodon/empty-timeline" },
    };
    const { pages, server } = await scan(routes, {}, { minIds: { [KEY]: ID.s5, "other.example#nordvik": "12" } });
    expect(server.requests.map((r) => r.path)).toEqual([`${TAG}?limit=40&min_id=${ID.s5}`, `${TAG}?limit=40&min_id=${ID.s7}`]);
    // The page arrives newest-first; it is yielded oldest-first.
    expect(pages.flatMap((p) => p.mentions).map((m) => m.text.slice(0, 20))).toEqual(["Nordvik pagaliau grą", "@pixel_pia same here"]);
    // Other instances' cursors are kept untouched.
    expect(pages.at(-1)?.cursor).toEqual({ minIds: { [KEY]: ID.s7, "other.example#nordvik": "12" } });
  });

  it("pages forward by the newest id when the server sends no Link header", async () => {
    const routes = {
      [`${TAG}?limit=40&min_id=${ID.s5}`]: { fixture: "mastodon/tag-nordvik-newer", headers: { link: "" } },
      [`${TAG}?limit=40&min_id=${ID.s7}`]: { fixture: "mastodon/empty-timeline" },
    };
    const { pages } = await scan(routes, {}, { minIds: { [KEY]: ID.s5 } });
    expect(pages.at(-1)?.cursor).toEqual({ minIds: { [KEY]: ID.s7 } });
  });

  it("stops instead of looping when a server answers min_id with a page it already gave", async () => {
    const { pages, server } = await scan({ [TAG]: { fixture: "mastodon/tag-nordvik" } }, {}, { minIds: { [KEY]: ID.s5 } });
    expect(server.requests).toHaveLength(1);
    expect(pages).toEqual([]);
  });

  it("backfills with max_id back to ctx.since even when a cursor exists, never moving the cursor back", async () => {
    const routes = { [TAG]: { fixture: "mastodon/tag-nordvik" } };
    const { pages, server } = await scan(routes, {}, { minIds: { [KEY]: ID.s7 } }, new Date("2026-11-22T00:00:00Z"));
    expect(server.requests).toHaveLength(1);
    expect(pages.flatMap((p) => p.mentions).map((m) => m.lang)).toEqual(["en", "fi", "lt"]);
    expect(pages.at(-1)?.cursor).toEqual({ minIds: { [KEY]: ID.s7 } });
    expect(pages.at(-1)?.notice).toBeUndefined();
  });

  it("says where maxPages stopped a backfill", async () => {
    const routes = { [TAG]: { fixture: "mastodon/tag-nordvik" } };
    const { pages } = await scan(routes, { maxPages: 1 }, null, new Date("2026-01-01T00:00:00Z"));
    expect(pages.at(-1)?.notice).toBe(
      "mastodon 127.0.0.1 #nordvik: stopped after 1 pages (maxPages); statuses between 2026-01-01T00:00:00.000Z and 2026-11-21T08:00:41.000Z were not reached",
    );
  });

  it("searches statuses with the token from tokenEnv, keeps only real term matches, and takes a status once", async () => {
    process.env[TOKEN_ENV] = "tok-123-secret";
    const routes = {
      [TAG]: { fixture: "mastodon/tag-nordvik" },
      [`${TAG}?limit=40&max_id=${ID.s1}`]: { fixture: "mastodon/empty-timeline" },
      "/api/v2/search": { fixture: "mastodon/search-nordvik" },
      "/api/v2/search?q=Nordvik&type=statuses&resolve=false&limit=40&max_id=117653375614976097": { fixture: "mastodon/empty-timeline" },
    };
    const { pages, server } = await scan(routes, { tags: ["nordvik"], search: true, tokenEnv: TOKEN_ENV });
    const searchRequest = server.requests.find((r) => r.path.startsWith("/api/v2/search"));
    expect(searchRequest?.path).toBe("/api/v2/search?q=Nordvik&type=statuses&resolve=false&limit=40");
    expect(server.requests.every((r) => r.headers.authorization === "Bearer tok-123-secret")).toBe(true);
    const mentions = pages.flatMap((p) => p.mentions);
    // 5 tagged + the Finnish search hit; the monitor post (already taken from the tag) and "Nordviksstrand" (a place, not the brand) are not repeated/kept.
    expect(mentions).toHaveLength(6);
    expect(mentions.at(-1)).toMatchObject({ lang: "fi", author: "mikko@suomi.example", matchedTerm: "Nordvik" });
    const cursor = pages.at(-1)?.cursor as { minIds: Record<string, string> };
    expect(Object.keys(cursor.minIds)).toEqual([KEY, "127.0.0.1 search Nordvik"]);
    expect(JSON.stringify(pages)).not.toContain("tok-123-secret");
  });

  it("fails clearly, before any request, when tokenEnv names an unset variable", async () => {
    const error = await failure(scan({}, { tokenEnv: TOKEN_ENV }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe("test.sources[1].tokenEnv");
    expect((error as ConfigError).message).toContain(`environment variable ${TOKEN_ENV} is not set`);
  });

  it("explains a 401/422 from an instance that wants a token, without leaking it", async () => {
    process.env[TOKEN_ENV] = "tok-123-secret";
    const error = await failure(scan({ [TAG]: { status: 401, body: '{"error":"The access token is invalid"}' } }, { tokenEnv: TOKEN_ENV }));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toMatch(/401 Unauthorized: mastodon 127\.0\.0\.1 #nordvik: the token from EARSHOT_TEST_MASTODON_TOKEN was refused/u);
    expect((error as HttpError).message).not.toContain("tok-123-secret");
    const anonymous = await failure(scan({ [TAG]: { status: 422, body: '{"error":"This method requires an authenticated user"}' } }, {}));
    expect((anonymous as HttpError).message).toMatch(/422 Unprocessable Entity: .*requires an access token.*set tokenEnv/u);
  });

  it("records unreadable statuses as item errors and still advances past them", async () => {
    const routes = { [TAG]: { fixture: "mastodon/bad-status" }, [`${TAG}?limit=40&max_id=117653375614976097`]: { fixture: "mastodon/empty-timeline" } };
    const { pages } = await scan(routes, { maxPages: 1 });
    expect(pages.flatMap((p) => p.mentions)).toHaveLength(1);
    expect(pages.flatMap((p) => p.itemErrors ?? []).map((e) => e.item)).toEqual(["status 117655379116032194", "status 117661787947008388"]);
    expect(pages.at(-1)?.cursor).toEqual({ minIds: { [KEY]: ID.s5 } });
  });

  it("raises a ParseError naming the stream for a truncated timeline", async () => {
    const error = await failure(scan({ [TAG]: { fixture: "mastodon/truncated-timeline" } }, {}));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^mastodon 127\.0\.0\.1 #nordvik: invalid JSON/u);
  });
});

describe("parseMastodonConfig", () => {
  it("derives hashtags from terms and fills defaults", () => {
    expect(mastodon.parseConfig({ terms: ["Nordvik", "nordvik.lt", "Nordvik Pay"] }, "s")).toEqual({
      instance: "https://mastodon.social",
      terms: ["Nordvik", "nordvik.lt", "Nordvik Pay"],
      tags: ["nordvik", "nordvikpay"],
      search: false,
      limit: 40,
      maxPages: 10,
      channel: "social",
      path: "s",
    });
  });

  it.each([
    ["a bare host", { instance: "mastodon.example", tags: ["a"] }, "https://mastodon.example"],
    ["a proxy path", { instance: "https://proxy.example/mastodon/", tags: ["a"] }, "https://proxy.example/mastodon"],
  ])("accepts %s as instance", (_name, raw, instance) => {
    expect(mastodon.parseConfig(raw, "s").instance).toBe(instance);
  });

  it.each([
    ["not an object", [], "s"],
    ["no tags and no usable terms", { terms: ["nordvik.lt"] }, "s.tags"],
    ["a tag with punctuation", { tags: ["nordvik.lt"] }, "s.tags[0]"],
    ["search without a token", { terms: ["Nordvik"], search: true }, "s.tokenEnv"],
    ["search without terms", { search: true, tokenEnv: "T" }, "s.terms"],
    ["a token instead of a variable name", { tags: ["a"], tokenEnv: "abc-123 secret" }, "s.tokenEnv"],
    ["limit above 40", { tags: ["a"], limit: 80 }, "s.limit"],
    ["search not boolean", { tags: ["a"], search: "yes" }, "s.search"],
    ["an ftp instance", { tags: ["a"], instance: "ftp://mastodon.example" }, "s.instance"],
  ])("refuses %s with a ConfigError at the field", (_name, raw, path) => {
    const error = (() => {
      try {
        mastodon.parseConfig(raw, "s");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });
});
