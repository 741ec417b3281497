import { readFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConfigError, HttpError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { HttpClient } from "../../../src/http/types.js";
import { startReplay, type ReplayRoutes, type ReplayServer } from "../../../src/replay/server.js";
import { bluesky } from "../../../src/sources/bluesky/index.js";
import type { Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";

const SEARCH = "/xrpc/app.bsky.feed.searchPosts";
const SESSION = "/xrpc/com.atproto.server.createSession";
const ENV = { jwt: "EARSHOT_TEST_BSKY_JWT", id: "EARSHOT_TEST_BSKY_ID", password: "EARSHOT_TEST_BSKY_PASSWORD" };
const SECRET_PASSWORD = "abcd-efgh-ijkl-mnop";
const SESSION_JWT = (JSON.parse(readFileSync(new URL("../../../fixtures/bluesky/session.json", import.meta.url), "utf8")) as { accessJwt: string }).accessJwt;
const P1 = "at://did:plc:uuqpslmpgfwp375rzcahljhh/app.bsky.feed.post/3n2xnco4pb22w";

const search = (params: Record<string, string>) => `${SEARCH}?${new URLSearchParams({ q: '"Nordvik"', sort: "latest", limit: "100", ...params }).toString()}`;
const ROUTES: ReplayRoutes = { [SEARCH]: { fixture: "bluesky/search-nordvik-1" }, [search({ cursor: "5" })]: { fixture: "bluesky/search-nordvik-2" } };

const servers: ReplayServer[] = [];
const clients: HttpClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});
afterEach(() => {
  for (const name of Object.values(ENV)) delete process.env[name];
});

async function scan(routes: ReplayRoutes, raw: Record<string, unknown>, cursor: Cursor | null = null, since?: Date): Promise<{ pages: Page[]; server: ReplayServer }> {
  const server = await startReplay(routes);
  servers.push(server);
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test" });
  clients.push(http);
  const config = bluesky.parseConfig({ service: server.origin, terms: ["Nordvik"], ...raw }, "test.sources[2]");
  const pages: Page[] = [];
  const ctx = { http, signal: new AbortController().signal, now: createTestClock().now, ...(since ? { since } : {}) };
  for await (const page of bluesky.pages(ctx, config, cursor)) pages.push(page);
  return { pages, server };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("bluesky pages", () => {
  it("searches with the access JWT, follows the cursor, and yields brand mentions oldest-first", async () => {
    process.env[ENV.jwt] = "jwt-from-env";
    const { pages, server } = await scan(ROUTES, { accessJwtEnv: ENV.jwt });
    expect(server.requests.map((r) => r.path)).toEqual([search({}), search({ cursor: "5" })]);
    expect(server.requests.every((r) => r.headers.authorization === "Bearer jwt-from-env")).toBe(true);
    const mentions = pages.flatMap((p) => p.mentions);
    expect(mentions.map((m) => m.lang)).toEqual(["en", "lt", "en", "fi", "ru", "lt", "en"]);
    const times = mentions.map((m) => m.publishedAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(mentions.at(-1)).toMatchObject({ externalId: P1, author: "laura-vil.bsky.social", url: "https://bsky.app/profile/laura-vil.bsky.social/post/3n2xnco4pb22w", matchedTerm: "Nordvik" });
    expect(mentions.some((m) => m.text.includes("Nordvikshamnen"))).toBe(false);
    expect(pages.at(-1)?.cursor).toEqual({ since: "2026-11-23T07:48:19.532Z", queries: { '"Nordvik"': { since: "2026-11-23T07:48:19.532Z", uris: [P1] } } });
    expect(JSON.stringify(pages)).not.toContain("jwt-from-env");
  });

  it("passes lang through and resumes with since = the stored sortAt, skipping posts already taken", async () => {
    process.env[ENV.jwt] = "jwt-from-env";
    const cursor = { queries: { '"Nordvik"': { since: "2026-11-22T20:30:02.876Z", uris: ["at://did:plc:x/app.bsky.feed.post/other"] } } };
    const routes = { [SEARCH]: { fixture: "bluesky/search-nordvik-1" } };
    const { pages, server } = await scan(routes, { accessJwtEnv: ENV.jwt, lang: "RU" }, cursor);
    expect(server.requests.map((r) => r.path)).toEqual([search({ since: "2026-11-22T20:30:02.876Z", lang: "ru" })]);
    // p3 shares the boundary time but is a different post: it is taken; p4 and p5 are older.
    expect(pages.flatMap((p) => p.mentions).map((m) => m.lang)).toEqual(["ru", "lt", "en"]);
  });

  it("backfills to ctx.since and says when the search cursor ends before hitsTotal", async () => {
    process.env[ENV.jwt] = "jwt-from-env";
    const { pages, server } = await scan({ [SEARCH]: { fixture: "bluesky/search-nordvik-2" } }, { accessJwtEnv: ENV.jwt }, null, new Date("2026-11-01T00:00:00Z"));
    expect(server.requests[0]?.path).toBe(search({ since: "2026-11-01T00:00:00.000Z" }));
    expect(pages.flatMap((p) => p.mentions)).toHaveLength(3);
    expect(pages.at(-1)?.notice).toBe('bluesky search "Nordvik": the search cursor ended after 3 of about 8 hits; posts between 2026-11-01T00:00:00.000Z and 2026-11-20T22:03:40.050Z may be out of reach');
  });

  it("says where maxPages stopped a backfill", async () => {
    process.env[ENV.jwt] = "jwt-from-env";
    const { pages, server } = await scan(ROUTES, { accessJwtEnv: ENV.jwt, maxPages: 1 }, null, new Date("2026-11-01T00:00:00Z"));
    expect(server.requests).toHaveLength(1);
    expect(pages.at(-1)?.notice).toMatch(/^bluesky search "Nordvik": stopped after 1 pages \(maxPages\); posts between 2026-11-01T00:00:00.000Z and 2026-11-22T10:00:31.000Z were not reached$/u);
  });

  it("logs in with the app password from the environment and never lets it out", async () => {
    process.env[ENV.id] = "nordvik-monitor.bsky.social";
    process.env[ENV.password] = SECRET_PASSWORD;
    const { pages, server } = await scan({ ...ROUTES, [SESSION]: { fixture: "bluesky/session" } }, { identifierEnv: ENV.id, passwordEnv: ENV.password });
    expect(server.requests[0]).toMatchObject({ method: "POST", path: SESSION });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(server.requests.slice(1).every((r) => r.method === "GET" && r.headers.authorization === `Bearer ${SESSION_JWT}`)).toBe(true);
    expect(pages.flatMap((p) => p.mentions)).toHaveLength(7);
    const stored = JSON.stringify(pages);
    expect(stored).not.toContain(SECRET_PASSWORD);
    expect(stored).not.toContain(SESSION_JWT);
  });

  it.each([
    ["no identifier", {}, {}, "test.sources[2].identifierEnv", /environment variable EARSHOT_TEST_BSKY_ID is not set/u],
    ["an identifier but no app password", { [ENV.id]: "nordvik-monitor.bsky.social" }, {}, "test.sources[2].passwordEnv", /EARSHOT_TEST_BSKY_PASSWORD is not set: create an app password/u],
    ["accessJwtEnv naming an unset variable", {}, { accessJwtEnv: ENV.jwt }, "test.sources[2].accessJwtEnv", /EARSHOT_TEST_BSKY_JWT is not set/u],
  ])("fails clearly, before any request, with %s", async (_name, env, raw, path, message) => {
    Object.assign(process.env, env);
    const server = await startReplay({});
    servers.push(server);
    const error = await failure(scan({}, { identifierEnv: ENV.id, passwordEnv: ENV.password, ...raw }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
    expect((error as ConfigError).message).toMatch(message);
  });

  it("explains a refused login by naming the variables, not the password", async () => {
    process.env[ENV.id] = "nordvik-monitor.bsky.social";
    process.env[ENV.password] = SECRET_PASSWORD;
    const routes = { [SESSION]: { status: 401, body: '{"error":"AuthenticationRequired","message":"Invalid identifier or password"}' } };
    const error = await failure(scan(routes, { identifierEnv: ENV.id, passwordEnv: ENV.password }));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toMatch(/^\[POST\] ".*createSession": 401 Unauthorized: bluesky createSession refused the credentials in EARSHOT_TEST_BSKY_ID \/ EARSHOT_TEST_BSKY_PASSWORD/u);
    expect((error as HttpError).message).not.toContain(SECRET_PASSWORD);
  });

  it("explains a 401 from searchPosts by naming the token's variable, not the token", async () => {
    process.env[ENV.jwt] = "expired-jwt-value";
    const error = await failure(scan({ [SEARCH]: { fixture: "bluesky/auth-missing-401" } }, { accessJwtEnv: ENV.jwt }));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toMatch(/401 Unauthorized: bluesky search "Nordvik": searchPosts refused the request \(a bad query, or the access JWT from EARSHOT_TEST_BSKY_JWT expired or is invalid\)/u);
    expect((error as HttpError).message).not.toContain("expired-jwt-value");
  });

  it("lets a 429 from createSession through with retryAfterMs", async () => {
    process.env[ENV.id] = "nordvik-monitor.bsky.social";
    process.env[ENV.password] = SECRET_PASSWORD;
    const error = await failure(scan({ [SESSION]: { status: 429, headers: { "retry-after": "300" }, body: "" } }, { identifierEnv: ENV.id, passwordEnv: ENV.password }));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 300_000 });
  });

  it("records unusable posts as item errors and keeps the rest", async () => {
    process.env[ENV.jwt] = "jwt-from-env";
    const { pages } = await scan({ [SEARCH]: { fixture: "bluesky/bad-post" } }, { accessJwtEnv: ENV.jwt });
    expect(pages.flatMap((p) => p.mentions).map((m) => m.externalId)).toEqual([P1]);
    expect(pages.flatMap((p) => p.itemErrors ?? []).map((e) => e.message)).toEqual([
      expect.stringMatching(/"record\.text" is missing/u),
      expect.stringMatching(/app\.bsky\.feed\.like record, not a post/u),
    ]);
  });
});

describe("parseBlueskyConfig", () => {
  it("fills defaults and never reads the environment", () => {
    expect(bluesky.parseConfig({ terms: ["Nordvik"] }, "s")).toEqual({
      service: "https://bsky.social",
      terms: ["Nordvik"],
      limit: 100,
      maxPages: 10,
      identifierEnv: "BLUESKY_IDENTIFIER",
      passwordEnv: "BLUESKY_APP_PASSWORD",
      channel: "social",
      path: "s",
    });
  });

  it.each([
    ["not an object", 3, "s"],
    ["no terms and no query", {}, "s.terms"],
    ["an app password pasted into passwordEnv", { terms: ["a"], passwordEnv: "abcd-efgh-ijkl-mnop" }, "s.passwordEnv"],
    ["a JWT pasted into accessJwtEnv", { terms: ["a"], accessJwtEnv: "eyJ0eXAi.eyJzY29wZ.sig" }, "s.accessJwtEnv"],
    ["a three-letter lang", { terms: ["a"], lang: "lit" }, "s.lang"],
    ["limit above 100", { terms: ["a"], limit: 101 }, "s.limit"],
    ["a non-URL service", { terms: ["a"], service: "bsky social" }, "s.service"],
  ])("refuses %s with a ConfigError at the field", (_name, raw, path) => {
    const error = (() => {
      try {
        bluesky.parseConfig(raw, "s");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });
});
