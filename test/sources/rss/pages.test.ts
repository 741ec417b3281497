import { describe, expect, it } from "vitest";
import { ConfigError, ParseError } from "../../../src/core/errors.js";
import type { Cursor } from "../../../src/core/mention.js";
import type { GetOptions, HttpClient, HttpResponse } from "../../../src/http/types.js";
import { parseRssConfig, rss, type RssConfig } from "../../../src/sources/rss/index.js";
import type { FetchContext, Page } from "../../../src/sources/types.js";

/**
 * A scripted HttpClient (an object implementing the interface, not a module mock): it answers
 * each get() with the next scripted response and records the options it was called with.
 * The real HTTP path is exercised by the lead's contract and pipeline suites.
 */
interface Scripted {
  body?: string;
  headers?: Record<string, string>;
  notModified?: boolean;
}

function scriptedHttp(responses: Scripted[]) {
  const calls: Array<{ url: string; options: GetOptions | undefined }> = [];
  // The rss source only calls get(); the other methods stay out so this fake cannot drift into
  // pretending to be a full client.
  const client: Pick<HttpClient, "get"> = {
    async get(url, options): Promise<HttpResponse> {
      calls.push({ url: String(url), options });
      const next = responses.shift();
      if (!next) throw new Error("no scripted response left");
      const text = next.body ?? "";
      return {
        url: String(url),
        status: next.notModified ? 304 : 200,
        headers: next.headers ?? {},
        body: Buffer.from(text),
        notModified: next.notModified ?? false,
        text: () => text,
      };
    },
  };
  return { http: client as HttpClient, calls };
}

function context(http: HttpClient): FetchContext {
  return { http, signal: new AbortController().signal, now: () => new Date("2025-06-10T00:00:00Z") };
}

async function collect(config: RssConfig, http: HttpClient, cursor: Cursor | null = null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of rss.pages(context(http), config, cursor)) pages.push(page);
  return pages;
}

const URL_ = "https://shop.example/feed.xml";

const feed = `<rss version="2.0"><channel><title>Reviews</title><language>lt</language><ttl>30</ttl>
<item><guid>c</guid><title>Newest</title><description>ACME siunta vėluoja</description><pubDate>Mon, 09 Jun 2025 10:00:00 GMT</pubDate></item>
<item><guid>u</guid><title>Undated</title><description>Apie kitą įmonę</description></item>
<item><guid>a</guid><title>Oldest</title><description>Ačiū, ąčmė? no: acme rocks</description><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate></item>
<item><guid>b</guid><title>Middle</title><description>Acmetools is another brand</description><pubDate>Thu, 05 Jun 2025 10:00:00 GMT</pubDate></item>
<item><guid>f</guid><title>Future</title><description>bad clock</description><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
<item><category>nothing</category></item>
</channel></rss>`;

describe("rss.pages", () => {
  it("yields one page oldest-first with undated items last, the cursor from the response, ttl and item errors", async () => {
    const { http, calls } = scriptedHttp([{ body: feed, headers: { etag: '"v1"', "last-modified": "Mon, 09 Jun 2025 10:00:00 GMT" } }]);
    const pages = await collect(parseRssConfig({ url: URL_ }, "source"), http);
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page!.mentions.map((m) => m.externalId)).toEqual(["a", "b", "c", "f", "u"]);
    expect(page!.mentions[0]).toMatchObject({ channel: "review", lang: "lt", title: "Oldest" });
    // The 2100 item does not move `since`: a publisher clock error must not hide later items.
    expect(page!.cursor).toEqual({ etag: '"v1"', lastModified: "Mon, 09 Jun 2025 10:00:00 GMT", since: "2025-06-09T10:00:00.000Z" });
    expect(page!.minNextCheckMs).toBe(30 * 60_000);
    expect(page!.itemErrors).toEqual([expect.objectContaining({ item: "item #6" })]);
    expect(calls[0]!.options).toEqual({ signal: expect.any(AbortSignal) });
  });

  it("sends the stored ETag and Last-Modified and yields no mentions on 304", async () => {
    const cursor: Cursor = { etag: '"v1"', lastModified: "Mon, 09 Jun 2025 10:00:00 GMT", since: "2025-06-09T10:00:00.000Z" };
    const { http, calls } = scriptedHttp([{ notModified: true }]);
    const pages = await collect(parseRssConfig({ url: URL_ }, "source"), http, cursor);
    expect(pages).toEqual([{ mentions: [], cursor, notModified: true }]);
    expect(calls[0]!.options).toMatchObject({ etag: '"v1"', lastModified: "Mon, 09 Jun 2025 10:00:00 GMT" });
  });

  it("keeps only items naming a term, case- and diacritic-insensitively on word boundaries", async () => {
    const { http } = scriptedHttp([{ body: feed }]);
    const [page] = await collect(parseRssConfig({ url: URL_, terms: ["Ačme"] }, "source"), http);
    // "Acmetools" (b) is another word; "ACME" (c) and "acme" (a) fold to the term.
    expect(page!.mentions.map((m) => [m.externalId, m.matchedTerm])).toEqual([
      ["a", "Ačme"],
      ["c", "Ačme"],
    ]);
  });

  it("keeps the newest maxItems, forces the configured language and channel", async () => {
    const { http } = scriptedHttp([{ body: feed }]);
    const [page] = await collect(parseRssConfig({ url: URL_, maxItems: 2, lang: "EN", channel: "news" }, "source"), http);
    expect(page!.mentions.map((m) => m.externalId)).toEqual(["f", "u"]);
    expect(page!.mentions.every((m) => m.lang === "en" && m.channel === "news")).toBe(true);
  });

  it("keeps `since` from the previous cursor when the feed has nothing newer", async () => {
    const { http } = scriptedHttp([{ body: "<rss><channel><item><title>undated</title></item></channel></rss>" }]);
    const [page] = await collect(parseRssConfig({ url: URL_ }, "source"), http, { etag: '"old"', since: "2025-06-01T00:00:00.000Z" });
    // No ETag in this response: the old one must not be sent again.
    expect(page!.cursor).toEqual({ since: "2025-06-01T00:00:00.000Z" });
  });

  it("throws a ParseError naming the source for a body that is not a feed", async () => {
    const { http } = scriptedHttp([{ body: "<html><body>Moved</body></html>" }]);
    await expect(collect(parseRssConfig({ url: URL_ }, "source"), http)).rejects.toThrow(ParseError);
    const { http: again } = scriptedHttp([{ body: "<html><body>Moved</body></html>" }]);
    await expect(collect(parseRssConfig({ url: URL_ }, "source"), again)).rejects.toThrow(`rss ${URL_}: not an RSS, Atom or JSON feed: root element <html>`);
  });
});

describe("parseRssConfig", () => {
  it("applies defaults and normalises values", () => {
    expect(parseRssConfig({ url: " https://Shop.example/feed ", terms: [" acme "], lang: "LT", name: "ignored", schedule: "* * * * *" }, "sources[0]")).toEqual({
      url: "https://shop.example/feed",
      channel: "review",
      terms: ["acme"],
      lang: "lt",
    });
  });

  it.each([
    ["not an object", "x", "sources[0]"],
    ["missing url", {}, "sources[0].url"],
    ["url not a URL", { url: "feed.xml" }, "sources[0].url"],
    ["url not http", { url: "file:///etc/passwd" }, "sources[0].url"],
    ["terms not a list", { url: URL_, terms: "acme" }, "sources[0].terms"],
    ["empty term", { url: URL_, terms: ["acme", " "] }, "sources[0].terms[1]"],
    ["unknown channel", { url: URL_, channel: "blog" }, "sources[0].channel"],
    ["lang not ISO 639-1", { url: URL_, lang: "lit" }, "sources[0].lang"],
    ["maxItems zero", { url: URL_, maxItems: 0 }, "sources[0].maxItems"],
    ["maxItems fractional", { url: URL_, maxItems: 1.5 }, "sources[0].maxItems"],
  ])("rejects %s with a ConfigError naming the field", (_name, raw, path) => {
    let error: unknown;
    try {
      parseRssConfig(raw, "sources[0]");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });
});
