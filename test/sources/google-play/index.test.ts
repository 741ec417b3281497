import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, ParseError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { HttpClient } from "../../../src/http/types.js";
import { startReplay, type ReplayRoutes, type ReplayServer } from "../../../src/replay/server.js";
import { googlePlay, parseGooglePlayConfig, type GooglePlayConfig } from "../../../src/sources/google-play/index.js";
import type { FetchContext, Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";
import { sourceContract } from "../contract.js";

const RPC = "/_/PlayStoreUi/data/batchexecute";
const APP = "lt.nordvik.shop";

sourceContract(googlePlay, {
  routes: { [RPC]: { fixture: "google-play/lt-newest" } },
  config: (replay) => ({ appId: APP, languages: ["lt"], baseUrl: replay.origin }),
  expectedMentions: 4,
  malformed: { routes: { [RPC]: { fixture: "google-play/lt-truncated" } }, item: "page 1" },
  nothingNew: {
    routes: { [RPC]: { fixture: "google-play/no-reviews" } },
    cursor: { languages: { lt: { since: "2026-11-22T19:41:07.512Z", ids: ["4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01"] } } },
  },
});

/** The `f.req` batch of a recorded request, with its inner request parsed too. */
function decodeBatch(body: string): { rpcId: unknown; inner: unknown } {
  const fReq = new URLSearchParams(body).get("f.req");
  const batch = JSON.parse(fReq ?? "null") as [[[string, string, null, string]]];
  const [rpcId, inner] = batch[0][0];
  return { rpcId, inner: JSON.parse(inner) };
}

describe("google-play pages", () => {
  const clients: HttpClient[] = [];
  const servers: ReplayServer[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
  });

  async function serve(routes: ReplayRoutes): Promise<ReplayServer> {
    const server = await startReplay(routes);
    servers.push(server);
    return server;
  }

  function context(since?: string): FetchContext {
    const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test" });
    clients.push(http);
    return { http, signal: new AbortController().signal, now: createTestClock().now, ...(since ? { since: new Date(since) } : {}) };
  }

  const config = (replay: ReplayServer, extra: Record<string, unknown> = {}): GooglePlayConfig =>
    parseGooglePlayConfig({ appId: APP, languages: ["lt"], baseUrl: replay.origin, ...extra }, "test");

  async function collect(ctx: FetchContext, cfg: GooglePlayConfig, cursor: Cursor | null = null): Promise<Page[]> {
    const pages: Page[] = [];
    for await (const page of googlePlay.pages(ctx, cfg, cursor)) pages.push(page);
    return pages;
  }

  it("POSTs one newest-first UsvDTd call on a first scan and yields its reviews oldest-first", async () => {
    const replay = await serve({ [RPC]: { fixture: "google-play/lt-newest" } });
    const pages = await collect(context(), config(replay));
    expect(replay.requests).toHaveLength(1);
    const [request] = replay.requests;
    expect(request).toMatchObject({ method: "POST", path: `${RPC}?rpcids=UsvDTd&hl=lt` });
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(decodeBatch(request!.body)).toEqual({ rpcId: "UsvDTd", inner: [null, null, [2, 2, [100, null, null], null, []], [APP, 7]] });

    const mentions = pages.flatMap((p) => p.mentions);
    expect(mentions.map((m) => m.rating)).toEqual([2, 5, 2, 1]);
    expect(mentions[3]).toMatchObject({
      externalId: "4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01",
      author: "Jonas Petrauskas",
      lang: "lt",
      channel: "app_store",
      ratingScale: 5,
      url: "https://play.google.com/store/apps/details?id=lt.nordvik.shop&reviewId=4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01",
      publishedAt: new Date("2026-11-22T19:41:07.512Z"),
    });
    expect(mentions[3]!.appVersion).toMatch(/^\d+\.\d+/u);
    expect(mentions[3]!.text).toMatch(/^Programa užstringa mokant kortele – pinigai nuskaičiuoti/u);
    // A star rating without words is still a mention.
    expect(mentions[1]).toMatchObject({ externalId: "e17d2c90-3b6a-4f5e-a1c8-2b7e9f0d4a03", text: "", rating: 5 });
    expect(pages[0]!.minNextCheckMs).toBe(3_600_000);
    expect(pages.at(-1)!.cursor).toEqual({ languages: { lt: { since: "2026-11-22T19:41:07.512Z", ids: ["4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01"] } } });
  });

  it("follows the pagination token back to the cursor, reading the chunked (rt=c) framing too", async () => {
    const replay = await serve({ [RPC]: [{ fixture: "google-play/lt-newest" }, { fixture: "google-play/lt-older-chunked" }] });
    const cursor = { languages: { lt: { since: "2026-11-01T00:00:00.000Z", ids: [] } } };
    const pages = await collect(context(), config(replay, { pageSize: 4 }), cursor);
    expect(replay.requests).toHaveLength(2);
    const second = decodeBatch(replay.requests[1]!.body).inner as [null, null, [number, number, [number, null, string]]];
    expect(second[2][2]).toEqual([4, null, expect.stringMatching(/^CpEBCo4B/u)]);
    const ids = pages.flatMap((p) => p.mentions.map((m) => m.externalId));
    expect(ids).toHaveLength(6);
    expect(ids[0]).toBe("9b2e6d4f-1a3c-4e8b-b5d7-0f9a2c4e6b05");
    expect(ids[1]).toMatch(/^gp:AOqpTO/u);
    expect(pages.some((p) => p.notice)).toBe(false);
  });

  it("says where maxPages stopped a backfill", async () => {
    const replay = await serve({ [RPC]: { fixture: "google-play/lt-newest" } });
    const pages = await collect(context("2026-01-01T00:00:00Z"), config(replay, { maxPages: 1 }));
    expect(pages[0]!.notice).toBe(
      "google-play lt.nordvik.shop/lt: stopped after maxPages (1) requests; reviews between 2026-01-01T00:00:00.000Z and 2026-11-20T09:27:40.880Z were not fetched (raise maxPages for a deeper backfill)",
    );
  });

  it("keeps one cursor key per language and sends gl when a country is set", async () => {
    const replay = await serve({
      [`${RPC}?rpcids=UsvDTd&hl=lt&gl=lt`]: { fixture: "google-play/lt-newest" },
      [`${RPC}?rpcids=UsvDTd&hl=en&gl=lt`]: { fixture: "google-play/en-newest" },
    });
    const pages = await collect(context(), config(replay, { languages: ["lt", "en"], country: "LT" }));
    expect(Object.keys(pages.at(-1)!.cursor.languages as object)).toEqual(["lt", "en"]);
    expect(pages.flatMap((p) => p.mentions).filter((m) => m.lang === "en")).toHaveLength(2);
  });

  it("yields an empty page carrying the minimum interval when nothing is new", async () => {
    const replay = await serve({ [RPC]: { fixture: "google-play/no-reviews" } });
    const pages = await collect(context(), config(replay, { minIntervalMs: 7_200_000 }));
    expect(pages).toEqual([{ mentions: [], cursor: { languages: {} }, minNextCheckMs: 7_200_000 }]);
  });

  it.each([
    ["an RPC error slot (unknown app)", "google-play/error-unknown-app", /cannot parse page 1: UsvDTd failed with error \[3\]/u],
    ["an HTML consent page", "rss/html-instead-of-feed", /cannot parse page 1: not a batchexecute answer: it does not start with \)\]\}' \(an HTML consent/u],
  ])("raises a ParseError naming app, language and page for %s", async (_name, fixture, message) => {
    const replay = await serve({ [RPC]: { fixture } });
    const error = await collect(context(), config(replay)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^google-play lt\.nordvik\.shop\/lt: /u);
    expect((error as ParseError).message).toMatch(message);
  });
});

describe("parseGooglePlayConfig", () => {
  it("fills conservative defaults", () => {
    expect(parseGooglePlayConfig({ appId: APP }, "s")).toEqual({
      appId: APP,
      languages: ["en"],
      baseUrl: "https://play.google.com",
      pageSize: 100,
      maxPages: 5,
      minIntervalMs: 3_600_000,
    });
    expect(parseGooglePlayConfig({ appId: APP, languages: ["LT", "pt_br"] }, "s").languages).toEqual(["lt", "pt-BR"]);
  });

  it.each([
    ["missing appId", {}, "s.appId"],
    ["an appId that is a URL", { appId: "https://play.google.com/store/apps/details?id=lt.nordvik.shop" }, "s.appId"],
    ["a one-segment appId", { appId: "nordvik" }, "s.appId"],
    ["empty languages", { appId: APP, languages: [] }, "s.languages"],
    ["a language name", { appId: APP, languages: ["lt", "Lithuanian"] }, "s.languages[1]"],
    // Play refuses more than 199 reviews per call.
    ["pageSize 200", { appId: APP, pageSize: 200 }, "s.pageSize"],
    ["maxPages 0", { appId: APP, maxPages: 0 }, "s.maxPages"],
    ["a negative minIntervalMs", { appId: APP, minIntervalMs: -1 }, "s.minIntervalMs"],
    ["minIntervalMs in seconds by mistake (fractional)", { appId: APP, minIntervalMs: 0.5 }, "s.minIntervalMs"],
    ["a three-letter country", { appId: APP, country: "LTU" }, "s.country"],
    ["a blank term", { appId: APP, terms: [""] }, "s.terms[0]"],
  ])("rejects %s", (_name, raw, path) => {
    const error = (() => {
      try {
        parseGooglePlayConfig(raw, "s");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });
});
