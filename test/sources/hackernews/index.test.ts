import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, ParseError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { HttpClient } from "../../../src/http/types.js";
import { startReplay, type ReplayServer } from "../../../src/replay/server.js";
import { hackernews, parseHackerNewsConfig, toSearchUrl, type HackerNewsConfig } from "../../../src/sources/hackernews/index.js";
import type { FetchContext, Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";
import { sourceContract } from "../contract.js";

const SEARCH = "/api/v1/search_by_date";
/** The test clock's 2026-11-23T08:00:00Z in epoch seconds. */
const NOW = 1795420800;
/** 2026-11-01T00:00:00Z */
const NOV_1 = 1793491200;

sourceContract(hackernews, {
  routes: { [SEARCH]: { fixture: "hackernews/newest-nordvik" } },
  config: (replay) => ({ terms: ["Nordvik"], baseUrl: replay.origin }),
  // Six hits, one of them a typo-tolerant match ("Nordvick") the relevance filter drops.
  expectedMentions: 5,
  malformed: { routes: { [SEARCH]: { fixture: "hackernews/truncated" } }, item: "page 0" },
  nothingNew: {
    routes: { [SEARCH]: { fixture: "hackernews/empty" } },
    cursor: { terms: { Nordvik: { createdAtI: 1795418110, ids: ["46012247"] } } },
  },
  replies: {
    routes: { "/api/v1/items/46010001": { fixture: "hackernews/item-answered" } },
    thread: { externalId: "46010001", url: null, raw: null },
    // mlind, the brand's answer nested under it, and a deleted comment (author and text null).
    expectedReplies: 3,
    authors: ["mlind", "nordvik_cx"],
    malformed: { "/api/v1/items/46010001": { fixture: "hackernews/truncated" } },
  },
});

describe("hackernews pages", () => {
  const clients: HttpClient[] = [];
  const servers: ReplayServer[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
  });

  function context(since?: string): FetchContext {
    const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test" });
    clients.push(http);
    return { http, signal: new AbortController().signal, now: createTestClock().now, ...(since ? { since: new Date(since) } : {}) };
  }

  async function collect(ctx: FetchContext, cfg: HackerNewsConfig, cursor: Cursor | null = null): Promise<Page[]> {
    const pages: Page[] = [];
    for await (const page of hackernews.pages(ctx, cfg, cursor)) pages.push(page);
    return pages;
  }

  /** Path + query of a windowed search, as the replay server sees it. */
  const windowRoute = (from: number, to: number, page: number) => {
    const url = new URL(toSearchUrl({ baseUrl: "http://x", hitsPerPage: 2, types: ["story", "comment"] }, "Nordvik", { from, to }, page));
    return `${url.pathname}${url.search}`;
  };

  describe("first scan", () => {
    let replay: ReplayServer;
    beforeAll(async () => {
      replay = await startReplay({ [SEARCH]: { fixture: "hackernews/newest-nordvik" } });
      servers.push(replay);
    });

    it("takes the newest page, oldest-first, as forum mentions linking to the HN item", async () => {
      const cfg = parseHackerNewsConfig({ terms: ["Nordvik"], baseUrl: replay.origin }, "s");
      const pages = await collect(context(), cfg);
      expect(pages).toHaveLength(1);
      const mentions = pages[0]!.mentions;
      expect(mentions.map((m) => m.externalId)).toEqual(["46004455", "46010001", "46011870", "46012101", "46012247"]);
      expect(mentions[1]).toMatchObject({
        title: "Ask HN: Has anyone actually got a refund out of Nordvik?",
        author: "vilnius_dev",
        url: "https://news.ycombinator.com/item?id=46010001",
        channel: "forum",
        matchedTerm: "Nordvik",
        publishedAt: new Date(1795401200 * 1000),
      });
      // story_text / comment_text are HTML: entities decoded, <p> starts a new line, links become their text.
      expect(mentions[1]!.text).toContain('support chat closes the ticket with "processing".\nIs there any escalation path');
      expect(mentions[2]!.text).toBe('Tilasin Nordvikilta näytön Helsinkiin, toimitus kesti kolme viikkoa eikä kukaan vastannut sähköposteihin. Seuranta näytti koko ajan "käsittelyssä".');
      expect(mentions[2]!.matchedTerm).toBe("Nordvik");
      expect(mentions.every((m) => !m.raw!.includes("_highlightResult"))).toBe(true);
      expect(pages[0]!.cursor).toEqual({ terms: { Nordvik: { createdAtI: 1795418110, ids: ["46012247"] } }, since: "2026-11-23T07:15:10.000Z" });
      expect(replay.requests.at(-1)!.path).toBe(`${SEARCH}?query=Nordvik&tags=%28story%2Ccomment%29&hitsPerPage=100&page=0`);
    });

    it("resumes from the cursor with a created_at_i window and skips items already stored at its second", async () => {
      const cfg = parseHackerNewsConfig({ terms: ["Nordvik"], baseUrl: replay.origin }, "s");
      const cursor = { terms: { Nordvik: { createdAtI: 1795413322, ids: ["46011870"] } } };
      const pages = await collect(context(), cfg, cursor);
      expect(pages.flatMap((p) => p.mentions.map((m) => m.externalId))).toEqual(["46012101", "46012247"]);
      expect(new URL(replay.url(replay.requests.at(-1)!.path)).searchParams.get("numericFilters")).toBe(`created_at_i>=1795413322,created_at_i<=${NOW}`);
    });

    it("searches once per term, yields an item found by two terms once, and records the first matching term", async () => {
      const cfg = parseHackerNewsConfig({ terms: ["Nordvik", "nordvik.lt"], baseUrl: replay.origin }, "s");
      const pages = await collect(context(), cfg);
      expect(pages).toHaveLength(2);
      expect(pages[1]!.mentions).toEqual([]);
      expect(Object.keys(pages[1]!.cursor.terms as object)).toEqual(["Nordvik", "nordvik.lt"]);
      expect(replay.requests.slice(-2).map((r) => new URL(replay.url(r.path)).searchParams.get("query"))).toEqual(["Nordvik", "nordvik.lt"]);
    });
  });

  describe("backfill over Algolia's 1,000-hit cap", () => {
    let replay: ReplayServer;
    const mid = Math.floor((NOV_1 + NOW) / 2);
    beforeAll(async () => {
      replay = await startReplay({
        [windowRoute(NOV_1, NOW, 0)]: { fixture: "hackernews/window-over-cap" },
        [windowRoute(NOV_1, mid, 0)]: { fixture: "hackernews/window-older-p0" },
        [windowRoute(NOV_1, mid, 1)]: { fixture: "hackernews/window-older-p1" },
        [windowRoute(mid + 1, NOW, 0)]: { fixture: "hackernews/window-newer" },
      });
      servers.push(replay);
    });

    it("splits a window with more than 1,000 hits in time and walks the halves oldest-first, page by page", async () => {
      const cfg = parseHackerNewsConfig({ terms: ["Nordvik"], baseUrl: replay.origin, hitsPerPage: 2 }, "s");
      const pages = await collect(context("2026-11-01T00:00:00Z"), cfg);
      expect(replay.requests.map((r) => r.path)).toEqual([windowRoute(NOV_1, NOW, 0), windowRoute(NOV_1, mid, 0), windowRoute(NOV_1, mid, 1), windowRoute(mid + 1, NOW, 0)]);
      expect(pages.map((p) => p.mentions.map((m) => m.externalId))).toEqual([
        ["45880031", "45902211", "45931220"],
        ["45990412", "46012247"],
      ]);
      expect(pages[0]!.cursor.terms).toEqual({ Nordvik: { createdAtI: 1794401000, ids: ["45931220"] } });
      expect(pages[1]!.cursor.terms).toEqual({ Nordvik: { createdAtI: 1795418110, ids: ["46012247"] } });
      expect(pages.some((p) => p.notice)).toBe(false);
      expect(pages[0]!.mentions[1]!.text).toMatch(/^Купил у Nordvik ноутбук/u);
    });
  });

  describe("broken answers", () => {
    let replay: ReplayServer;
    beforeAll(async () => {
      replay = await startReplay({ [SEARCH]: { fixture: "rss/html-instead-of-feed" } });
      servers.push(replay);
    });

    it("raises a ParseError naming the term and page when an HTML page comes back", async () => {
      const cfg = parseHackerNewsConfig({ terms: ["Nordvik"], baseUrl: replay.origin }, "s");
      const error = await collect(context(), cfg).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).message).toMatch(/^hackernews "Nordvik": cannot parse page 0: expected JSON but got HTML/u);
    });
  });
});

describe("toSearchUrl", () => {
  it.each([
    ["both item types in Algolia's OR syntax, no window", ["story", "comment"], "Nordvik", undefined, "query=Nordvik&tags=%28story%2Ccomment%29&hitsPerPage=100&page=0"],
    ["a single type without parentheses", ["comment"], "Nordvik", undefined, "query=Nordvik&tags=comment&hitsPerPage=100&page=0"],
    // Multi-word terms are quoted: with advancedSyntax Algolia matches the phrase, not each word anywhere.
    ["a phrase term quoted", ["story"], "Nordvik Pay", undefined, "query=%22Nordvik+Pay%22&tags=story&hitsPerPage=100&page=0"],
    ["a created_at_i window, both ends inclusive", ["story"], "Nordvik", { from: 10, to: 20 }, "query=Nordvik&tags=story&numericFilters=created_at_i%3E%3D10%2Ccreated_at_i%3C%3D20&hitsPerPage=100&page=0"],
  ] as const)("encodes %s", (_name, types, term, window, query) => {
    expect(toSearchUrl({ baseUrl: "https://hn.algolia.com", hitsPerPage: 100, types: [...types] }, term, window, 0)).toBe(`https://hn.algolia.com/api/v1/search_by_date?${query}`);
  });
});

describe("parseHackerNewsConfig", () => {
  it("fills defaults", () => {
    expect(parseHackerNewsConfig({ terms: [" Nordvik ", "Nordvik"] }, "s")).toEqual({ terms: ["Nordvik"], baseUrl: "https://hn.algolia.com", hitsPerPage: 100, types: ["story", "comment"] });
  });

  it.each([
    ["missing terms", {}, "s.terms"],
    ["empty terms", { terms: [] }, "s.terms"],
    ["a blank term", { terms: ["Nordvik", ""] }, "s.terms[1]"],
    ["a term with a double quote", { terms: ['say "Nordvik"'] }, "s.terms[0]"],
    ["hitsPerPage above Algolia's cap", { terms: ["Nordvik"], hitsPerPage: 1001 }, "s.hitsPerPage"],
    ["hitsPerPage zero", { terms: ["Nordvik"], hitsPerPage: 0 }, "s.hitsPerPage"],
    ["an unknown item type", { terms: ["Nordvik"], types: ["story", "job"] }, "s.types[1]"],
    ["a baseUrl with a query", { terms: ["Nordvik"], baseUrl: "https://hn.algolia.com/?x=1" }, "s.baseUrl"],
  ])("rejects %s", (_name, raw, path) => {
    const error = (() => {
      try {
        parseHackerNewsConfig(raw, "s");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });
});
