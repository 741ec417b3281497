import { afterAll, describe, expect, it } from "vitest";
import { EarshotError, HttpError, ParseError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import { startReplay, type ReplayRoutes, type ReplayServer } from "../../../src/replay/server.js";
import { reviewPage, type ReviewPageConfig } from "../../../src/sources/review-page/index.js";
import type { FetchContext, Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";
import { sourceContract } from "../contract.js";

const PRODUCT = "/p/nordvik-x200-headphones";
const PRODUCT_ROUTES: ReplayRoutes = {
  "/robots.txt": { fixture: "review-page/robots" },
  [PRODUCT]: { fixture: "review-page/product-x200-page1" },
  [`${PRODUCT}?page=2`]: { fixture: "review-page/product-x200-page2" },
};

sourceContract(reviewPage, {
  routes: PRODUCT_ROUTES,
  config: (replay) => ({ url: replay.url(PRODUCT), terms: ["Nordvik"] }),
  expectedMentions: 6,
  malformed: { routes: { "/robots.txt": { fixture: "review-page/robots" }, [PRODUCT]: { fixture: "review-page/broken-jsonld" } }, item: "json-ld block #1" },
  nothingNew: { routes: PRODUCT_ROUTES, cursor: { etag: '"x200-p1-v7"', since: "2026-11-18T00:00:00.000Z" } },
});

describe("review-page source", () => {
  const servers: ReplayServer[] = [];
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test" });
  const clock = createTestClock();
  const ctx = (since?: Date): FetchContext => ({ http, signal: new AbortController().signal, now: clock.now, ...(since ? { since } : {}) });

  afterAll(async () => {
    await http.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function serve(routes: ReplayRoutes): Promise<ReplayServer> {
    const server = await startReplay(routes);
    servers.push(server);
    return server;
  }

  async function collect(config: ReviewPageConfig, cursor: Cursor | null = null, since?: Date): Promise<Page[]> {
    const pages: Page[] = [];
    for await (const page of reviewPage.pages(ctx(since), config, cursor)) pages.push(page);
    return pages;
  }

  it("reads JSON-LD @graph reviews, a stand-alone Review and microdata on the next page", async () => {
    const replay = await serve(PRODUCT_ROUTES);
    const config = reviewPage.parseConfig({ url: replay.url(PRODUCT) }, "t");
    const pages = await collect(config);
    expect(pages).toHaveLength(2);
    const [first, second] = pages.map((p) => p.mentions);
    // Oldest first within each page.
    expect(first!.map((m) => m.author)).toEqual(["Mikko L.", "Oliver Grant", "Rasa V."]);
    expect(first![0]).toMatchObject({ rating: 3.4, ratingScale: 5, lang: "fi", externalId: expect.stringMatching(/^sha256:/u) });
    expect(first![0]!.publishedAt?.toISOString()).toBe("2026-11-10T16:20:00.000Z");
    // "4,5" with the default best 5; a fragment @id resolves against the page without its query.
    expect(first![1]).toMatchObject({ rating: 4.5, externalId: replay.url(`${PRODUCT}#review-9807`), title: "Great sound, clumsy app" });
    expect(JSON.parse(first![1]!.raw!)).toMatchObject({ reviewRating: { ratingValue: "4,5" } });
    expect(second!.map((m) => [m.author, m.rating, m.lang])).toEqual([
      ["Lukas P.", 5, "lt"],
      ["Grace H.", 2.5, "en"],
      ["Ирина С.", 1, "ru"],
    ]);
    expect(second![2]!.text).toBe("В коробке не было кабеля. Поддержка Nordvik обещала выслать его, но прошло уже две недели.");
    expect(second![2]!.externalId).toBe(replay.url(`${PRODUCT}#review-9790`));
    expect(pages[0]!.cursor).toMatchObject({ etag: '"x200-p1-v7"', pageUrl: replay.url(`${PRODUCT}?page=2`), pageNumber: 2 });
    expect(pages[1]!.cursor).toEqual({ etag: '"x200-p1-v7"', lastModified: "Wed, 18 Nov 2026 12:00:00 GMT", since: "2026-11-18T00:00:00.000Z" });
    expect(replay.requests.filter((r) => r.path === "/robots.txt")).toHaveLength(1);
  });

  it("stops a later walk at the first page holding only reviews it already has", async () => {
    const replay = await serve(PRODUCT_ROUTES);
    const config = reviewPage.parseConfig({ url: replay.url(PRODUCT) }, "t");
    // The first page changed (no ETag match) but its newest review is already stored.
    const pages = await collect(config, { etag: '"old"', since: "2026-11-18T00:00:00.000Z" });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.cursor).not.toHaveProperty("pageUrl");
  });

  it("keeps only reviews that name a brand term (review, item or page title) and records the term", async () => {
    const replay = await serve(PRODUCT_ROUTES);
    const [page] = await collect(reviewPage.parseConfig({ url: replay.url(PRODUCT), terms: ["X200"], maxPages: 1 }, "t"));
    expect(page!.mentions.map((m) => m.matchedTerm)).toEqual(["X200", "X200", "X200"]);
    const [none] = await collect(reviewPage.parseConfig({ url: replay.url(PRODUCT), terms: ["Acmevik"], maxPages: 1 }, "t"));
    expect(none!.mentions).toEqual([]);
  });

  it("follows a {page} URL template and ends on the first 404", async () => {
    const replay = await serve({
      "/robots.txt": { status: 404, body: "not here" },
      "/reviews?page=1": { fixture: "review-page/product-x200-page1" },
      "/reviews?page=2": { fixture: "review-page/product-x200-page2" },
    });
    const pages = await collect(reviewPage.parseConfig({ urlTemplate: replay.url("/reviews?page={page}") }, "t"));
    expect(pages.map((p) => p.mentions.length)).toEqual([3, 3, 0]);
    expect(replay.requests.map((r) => r.path)).toEqual(["/robots.txt", "/reviews?page=1", "/reviews?page=2", "/reviews?page=3"]);
  });

  it("bounds a walk by maxPages and says where it stopped during a backfill", async () => {
    const replay = await serve(PRODUCT_ROUTES);
    const pages = await collect(reviewPage.parseConfig({ url: replay.url(PRODUCT), maxPages: 1 }, "t"), null, new Date("2026-01-01T00:00:00Z"));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.notice).toMatch(/stopped after maxPages \(1\); reviews older than 2026-11-10 \(back to --since 2026-01-01\) were not reached/u);
  });

  it("fetches one page per scan under a Crawl-delay, exposes it as minNextCheckMs and resumes from the cursor", async () => {
    const replay = await serve({ ...PRODUCT_ROUTES, "/robots.txt": { fixture: "review-page/robots-crawl-delay" } });
    const config = reviewPage.parseConfig({ url: replay.url(PRODUCT) }, "t");
    const first = await collect(config);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ minNextCheckMs: 30_000, cursor: { pageUrl: replay.url(`${PRODUCT}?page=2`), pageNumber: 2, walkNewest: "2026-11-18T00:00:00.000Z" } });
    const second = await collect(config, first[0]!.cursor);
    expect(second).toHaveLength(1);
    expect(second[0]!.mentions).toHaveLength(3);
    expect(second[0]!.cursor).toEqual({ etag: '"x200-p1-v7"', lastModified: "Wed, 18 Nov 2026 12:00:00 GMT", since: "2026-11-18T00:00:00.000Z" });
    // The resumed page is read unconditionally; the finished walk's next scan revalidates page 1.
    const third = await collect(config, second[0]!.cursor);
    expect(third).toEqual([{ mentions: [], cursor: second[0]!.cursor, notModified: true }]);
  });

  it("refuses a URL robots.txt disallows, naming it", async () => {
    const replay = await serve({ ...PRODUCT_ROUTES, "/robots.txt": { fixture: "review-page/robots-disallow-reviews" } });
    const error = await collect(reviewPage.parseConfig({ url: replay.url(PRODUCT) }, "t")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EarshotError);
    expect((error as EarshotError).code).toBe("ES_ERR_ROBOTS_DISALLOWED");
    expect((error as Error).message).toContain(`disallows ${replay.url(PRODUCT)} for user-agent "earshot"`);
    expect(replay.requests.map((r) => r.path)).toEqual(["/robots.txt"]);
  });

  it("treats a 5xx robots.txt as a failure, not as permission", async () => {
    const replay = await serve({ ...PRODUCT_ROUTES, "/robots.txt": { status: 500, body: "oops" } });
    await expect(collect(reviewPage.parseConfig({ url: replay.url(PRODUCT) }, "t"))).rejects.toBeInstanceOf(HttpError);
    expect(replay.requests.some((r) => r.path === PRODUCT)).toBe(false);
  });

  it("reads RDFa reviews nested in a LocalBusiness", async () => {
    const replay = await serve({ "/stores/vilnius": { fixture: "review-page/store-vilnius-rdfa" } });
    const [page] = await collect(reviewPage.parseConfig({ url: replay.url("/stores/vilnius"), aggregates: true }, "t"));
    expect(page!.mentions.map((m) => [m.author, m.rating, m.lang])).toEqual([
      ["Aino L.", 5, "fi"],
      ["Олег Н.", 2, "ru"],
      [undefined, 3.1, undefined],
    ]);
    expect(page!.mentions[2]).toMatchObject({ title: "Nordvik Vilnius", text: "Nordvik Vilnius: 3.1/5 from 212 ratings", externalId: expect.stringMatching(/^aggregate:/u) });
  });

  it("maps __NEXT_DATA__ reviews through the configured paths", async () => {
    const replay = await serve({ "/tuote/nordvik-k5": { fixture: "review-page/next-data-k5" } });
    const config = reviewPage.parseConfig(
      {
        url: replay.url("/tuote/nordvik-k5"),
        embedded: { selector: "script#__NEXT_DATA__", path: "props.pageProps.reviews.items", fields: { id: "id", text: "body", title: "title", author: "author.displayName", date: "createdAt", rating: "rating", lang: "locale" } },
      },
      "t",
    );
    const [page] = await collect(config);
    expect(page!.mentions.map((m) => [m.externalId, m.author, m.rating, m.lang, m.publishedAt?.toISOString()])).toEqual([
      ["rv_5502", "J. Smith", 1, "en", "2026-11-01T02:26:40.000Z"],
      ["rv_5519", "Pekka S.", 4, "fi", "2026-11-05T12:00:00.000Z"],
      ["rv_5521", "Aino K.", 2, "fi", "2026-11-07T07:20:00.000Z"],
    ]);
    expect(JSON.parse(page!.mentions[0]!.raw!)).toMatchObject({ id: "rv_5502", createdAt: 1793500000000 });
  });

  it("raises a ParseError naming the embedded path when the app JSON moved", async () => {
    const replay = await serve({ "/tuote/nordvik-k5": { fixture: "review-page/next-data-k5" } });
    const config = reviewPage.parseConfig({ url: replay.url("/tuote/nordvik-k5"), embedded: { selector: "script#__NEXT_DATA__", path: "props.pageProps.reviewList", fields: { text: "body" } } }, "t");
    const error = await collect(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toContain("embedded JSON script#__NEXT_DATA__ props.pageProps.reviewList: is missing, not an array of reviews");
  });

  it("says so when a page has no review markup at all", async () => {
    const replay = await serve({ "/blocked": { status: 200, headers: { "content-type": "text/html" }, body: "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>" } });
    const [page] = await collect(reviewPage.parseConfig({ url: replay.url("/blocked") }, "t"));
    expect(page!.mentions).toEqual([]);
    expect(page!.notice).toMatch(/no schema\.org Review or AggregateRating on http:\/\/127\.0\.0\.1:\d+\/blocked/u);
  });
});
