import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, ParseError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { HttpClient } from "../../../src/http/types.js";
import { startReplay, type ReplayServer } from "../../../src/replay/server.js";
import { appStore, parseAppStoreConfig, type AppStoreConfig } from "../../../src/sources/app-store/index.js";
import type { FetchContext, Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";
import { sourceContract } from "../contract.js";

const APP = "6447712345";
const route = (cc: string, page: number) => `/${cc}/rss/customerreviews/page=${page}/id=${APP}/sortby=mostrecent/json`;
const ltRoutes = {
  [route("lt", 1)]: { fixture: "app-store/lt-page1" },
  [route("lt", 2)]: { fixture: "app-store/lt-page2" },
  [route("lt", 3)]: { fixture: "app-store/lt-empty" },
};

sourceContract(appStore, {
  routes: ltRoutes,
  config: (replay) => ({ appId: APP, countries: ["lt"], baseUrl: replay.origin }),
  expectedMentions: 8,
  malformed: { routes: { [route("lt", 1)]: { fixture: "app-store/lt-truncated" } }, item: "page 1" },
  nothingNew: {
    routes: ltRoutes,
    // The newest review of lt-page1.json is already stored.
    cursor: { countries: { lt: { since: "2026-11-23T04:14:09.000Z", ids: ["11873400125"] } } },
  },
});

describe("app-store pages", () => {
  let replay: ReplayServer;
  const clients: HttpClient[] = [];

  beforeAll(async () => {
    replay = await startReplay({
      ...ltRoutes,
      [route("fi", 1)]: { fixture: "app-store/fi-single" },
      [route("fi", 2)]: { fixture: "app-store/lt-empty" },
      [route("gb", 1)]: { fixture: "app-store/gb-legacy-metadata" },
      [route("gb", 2)]: { fixture: "app-store/lt-empty" },
      [route("us", 1)]: { fixture: "rss/html-instead-of-feed" },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await replay.close();
  });

  function context(since?: string): FetchContext {
    const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test" });
    clients.push(http);
    return { http, signal: new AbortController().signal, now: createTestClock().now, ...(since ? { since: new Date(since) } : {}) };
  }

  function config(extra: Record<string, unknown> = {}): AppStoreConfig {
    return parseAppStoreConfig({ appId: APP, countries: ["lt"], baseUrl: replay.origin, ...extra }, "test");
  }

  async function collect(ctx: FetchContext, cfg: AppStoreConfig, cursor: Cursor | null = null): Promise<Page[]> {
    const pages: Page[] = [];
    for await (const page of appStore.pages(ctx, cfg, cursor)) pages.push(page);
    return pages;
  }

  const requestsFor = (cc: string) => replay.requests.filter((r) => r.path.startsWith(`/${cc}/`)).map((r) => r.path);

  it("reads pages until an empty one and yields reviews oldest-first with rating, version-bearing raw and store link", async () => {
    const pages = await collect(context(), config());
    const mentions = pages.flatMap((p) => p.mentions);
    expect(mentions.map((m) => m.externalId)).toEqual(["11855412098", "11859027731", "11866310452", "11871998217", "11872551904", "11872960733", "11873188410", "11873400125"]);
    expect(mentions.at(-1)).toMatchObject({
      title: "Užsakymas vėluoja jau savaitę",
      author: "Gintarė_K",
      rating: 1,
      ratingScale: 5,
      channel: "app_store",
      url: `https://itunes.apple.com/lt/review?id=${APP}&type=Purple%20Software`,
      publishedAt: new Date("2026-11-23T04:14:09Z"),
    });
    expect(JSON.parse(mentions.at(-1)!.raw!)["im:version"]).toEqual({ label: "4.12.0" });
    expect(mentions.at(-1)!.appVersion).toBe("4.12.0");
    expect(mentions[6]!.text).toContain("Деньги списали дважды");
    expect(pages.at(-1)!.cursor).toEqual({ countries: { lt: { since: "2026-11-23T04:14:09.000Z", ids: ["11873400125"] } } });
  });

  it("stops at the first page that reaches the cursor and yields only newer reviews", async () => {
    const before = requestsFor("lt").length;
    const cursor = { countries: { lt: { since: "2026-11-22T01:45:30.000Z", ids: ["11872960733"] } } };
    const pages = await collect(context(), config(), cursor);
    expect(pages.flatMap((p) => p.mentions.map((m) => m.externalId))).toEqual(["11873188410", "11873400125"]);
    expect(requestsFor("lt").slice(before)).toEqual([route("lt", 1)]);
  });

  it("keeps one cursor key per country and accepts a feed whose lone entry is an object", async () => {
    const pages = await collect(context(), config({ countries: ["lt", "fi"] }));
    const last = pages.at(-1)!;
    expect(Object.keys(last.cursor.countries as object)).toEqual(["lt", "fi"]);
    const fi = pages.flatMap((p) => p.mentions).filter((m) => m.externalId === "11872700001");
    expect(fi).toHaveLength(1);
    expect(fi[0]!.text).toMatch(/^Palautin kuulokkeet/);
  });

  it("skips the app-metadata entry of older feeds and records an unreadable review as an item error", async () => {
    const pages = await collect(context(), config({ countries: ["gb"] }));
    expect(pages.flatMap((p) => p.mentions.map((m) => m.externalId))).toEqual(["11869924180", "11873055519"]);
    const errors = pages.flatMap((p) => p.itemErrors ?? []);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ item: "review 11871000042" });
    expect(errors[0]!.message).toMatch(/app-store 6447712345\/gb: .*im:rating.*"0"/u);
  });

  it("backfills to --since and says where Apple's page cap stops it", async () => {
    const pages = await collect(context("2026-01-01T00:00:00Z"), config({ maxPages: 2 }));
    expect(pages.flatMap((p) => p.mentions)).toHaveLength(8);
    expect(pages[0]!.notice).toBe("app-store 6447712345/lt: maxPages is 2; reviews between 2026-01-01T00:00:00.000Z and 2026-10-29T15:15:00.000Z are out of reach");
  });

  it("needs no notice when the backfill date is inside the reachable pages", async () => {
    const stored = { countries: { lt: { since: "2026-11-23T04:14:09.000Z", ids: ["11873400125"] } } };
    const pages = await collect(context("2026-11-10T00:00:00Z"), config({ maxPages: 2 }), stored);
    expect(pages.flatMap((p) => p.mentions.map((m) => m.externalId))).toHaveLength(6);
    expect(pages.some((p) => p.notice)).toBe(false);
    // A backfill never moves the cursor backwards.
    expect(pages.at(-1)!.cursor).toEqual(stored);
  });

  it("records matched brand terms without dropping reviews that name no term", async () => {
    const pages = await collect(context(), config({ terms: ["Nordvik"] }));
    const mentions = pages.flatMap((p) => p.mentions);
    expect(mentions).toHaveLength(8);
    expect(mentions.filter((m) => m.matchedTerm === "Nordvik").map((m) => m.externalId)).toEqual(["11859027731", "11872551904", "11873400125"]);
  });

  it("stamps the configured language", async () => {
    const pages = await collect(context(), config({ lang: "LT" }));
    expect(new Set(pages.flatMap((p) => p.mentions.map((m) => m.lang)))).toEqual(new Set(["lt"]));
  });

  it("raises a ParseError naming country and page when an HTML page comes back instead of JSON", async () => {
    const error = await collect(context(), config({ countries: ["us"] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^app-store 6447712345\/us: cannot parse page 1: expected the JSON reviews feed but got HTML/u);
  });
});

describe("parseAppStoreConfig", () => {
  it("fills defaults and normalises ids and country codes", () => {
    expect(parseAppStoreConfig({ appId: "id6447712345", countries: ["LT", "fi", "lt"] }, "s")).toEqual({
      appId: APP,
      countries: ["lt", "fi"],
      baseUrl: "https://itunes.apple.com",
      maxPages: 10,
    });
    expect(parseAppStoreConfig({ appId: 6447712345, countries: ["lt"], baseUrl: "http://127.0.0.1:8080/apple/" }, "s").baseUrl).toBe("http://127.0.0.1:8080/apple");
  });

  it.each([
    ["missing appId", { countries: ["lt"] }, "s.appId"],
    ["appId that is a bundle id", { appId: "lt.nordvik.shop", countries: ["lt"] }, "s.appId"],
    ["missing countries", { appId: APP }, "s.countries"],
    ["empty countries", { appId: APP, countries: [] }, "s.countries"],
    ["three-letter country", { appId: APP, countries: ["lt", "ltu"] }, "s.countries[1]"],
    ["language that is not ISO 639-1", { appId: APP, countries: ["lt"], lang: "lithuanian" }, "s.lang"],
    // Apple answers page 11 with an error, so more than 10 is a config mistake.
    ["maxPages above Apple's cap", { appId: APP, countries: ["lt"], maxPages: 11 }, "s.maxPages"],
    ["baseUrl that is not http", { appId: APP, countries: ["lt"], baseUrl: "ftp://itunes.apple.com" }, "s.baseUrl"],
    ["blank term", { appId: APP, countries: ["lt"], terms: ["Nordvik", " "] }, "s.terms[1]"],
  ])("rejects %s", (_name, raw, path) => {
    expect(() => parseAppStoreConfig(raw, "s")).toThrow(ConfigError);
    try {
      parseAppStoreConfig(raw, "s");
    } catch (error) {
      expect((error as ConfigError).path).toBe(path);
    }
  });
});
