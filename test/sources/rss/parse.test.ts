import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { MAX_RAW_CHARS } from "../../../src/sources/raw-payload.js";
import { MAX_FEED_CHARS, parseDate, parseFeed, toLangCode, toMention, type ParsedFeed } from "../../../src/sources/rss/parse.js";

const SOURCE = "rss https://shop.example/feed.xml";

const rss20 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Acme &amp; Co reviews</title>
  <link>https://shop.example/</link>
  <atom:link rel="self" href="https://shop.example/feed.xml" type="application/rss+xml"/>
  <language>lt-LT</language>
  <ttl>45</ttl>
  <item>
    <title>Siunta vėluoja</title>
    <link>https://shop.example/r/1</link>
    <guid isPermaLink="false">review-1</guid>
    <pubDate>Tue, 03 Jun 2025 09:39:21 +0300</pubDate>
    <dc:creator>Jonas</dc:creator>
    <description>&lt;p&gt;Short &lt;b&gt;summary&lt;/b&gt;&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Siunta vėluoja jau savaitę.</p><script>alert(1)</script><p>Never again &amp; again</p>]]></content:encoded>
  </item>
  <item>
    <title>Second</title>
    <link>https://shop.example/r/2</link>
    <pubDate>not a date at all</pubDate>
    <description>Plain text description</description>
  </item>
</channel>
</rss>`;

const rss10 = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example/rss">
    <title>News</title>
    <link>https://news.example/</link>
    <dc:language>fi</dc:language>
  </channel>
  <item rdf:about="https://news.example/a">
    <title>Uutinen</title>
    <link>https://news.example/a</link>
    <dc:date>2025-06-01T08:00:00+03:00</dc:date>
    <dc:creator>Toimittaja</dc:creator>
    <description>Asiakaspalvelu ei vastaa</description>
  </item>
</rdf:RDF>`;

const atom10 = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
  <title type="text">Acme forum</title>
  <link rel="self" href="https://forum.example/atom"/>
  <link rel="alternate" type="text/html" href="https://forum.example/"/>
  <updated>2025-06-02T10:00:00Z</updated>
  <entry>
    <id>tag:forum.example,2025:post-7</id>
    <title type="html">Refund &lt;em&gt;never&lt;/em&gt; arrived</title>
    <link href="https://forum.example/t/7"/>
    <published>2025-06-02T09:00:00.123+02:00</published>
    <updated>2025-06-02T10:00:00Z</updated>
    <author><name>Alice</name><email>alice@example.com</email></author>
    <summary>Short</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>I asked for a <b>refund</b> twice.</p><p>Nothing.</p></div></content>
  </entry>
  <entry xml:lang="de">
    <id>tag:forum.example,2025:post-8</id>
    <title>Zweiter</title>
    <content type="html">&lt;p&gt;Gut &amp;amp; schnell&lt;/p&gt;</content>
  </entry>
</feed>`;

const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title mode="escaped" type="text/html">Old &lt;b&gt;Atom&lt;/b&gt;</title>
  <link rel="alternate" type="text/html" href="http://old.example/"/>
  <entry>
    <id>urn:old:1</id>
    <title>Entry</title>
    <issued>2003-12-31T10:14:55Z</issued>
    <modified>2004-01-01T00:00:00Z</modified>
    <content type="text/html" mode="base64">PHA+QmFzZTY0IDxiPmNvbnRlbnQ8L2I+PC9wPg==</content>
  </entry>
</feed>`;

const jsonFeed11 = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "JSON reviews",
  home_page_url: "https://json.example/",
  language: "ru-RU",
  authors: [{ name: "Feed author" }],
  items: [
    { id: 42, url: "https://json.example/42", title: "Доставка", content_html: "<p>Курьер <b>опоздал</b></p>", date_published: "2025-06-01T12:00:00Z" },
    { id: "43", content_text: "Plain text body", summary: "S", authors: [{ name: "Ivan" }], language: "en", date_modified: "2025-06-03T00:00:00Z" },
    "not an item",
  ],
});

describe("parseFeed: formats", () => {
  it("reads RSS 2.0 channel fields, items, content:encoded and dates", () => {
    const feed = parseFeed(rss20, SOURCE);
    expect(feed).toMatchObject({ format: "rss", title: "Acme & Co reviews", link: "https://shop.example/", language: "lt-LT", ttlMinutes: 45 });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      externalId: "review-1",
      id: "review-1",
      link: "https://shop.example/r/1",
      title: "Siunta vėluoja",
      author: "Jonas",
      summary: "Short summary",
      content: "Siunta vėluoja jau savaitę.\nNever again & again",
      published: new Date("2025-06-03T06:39:21Z"),
    });
    expect(feed.itemErrors).toEqual([]);
  });

  it("keeps an item whose date does not parse, without a date", () => {
    const item = parseFeed(rss20, SOURCE).items[1]!;
    expect(item.published).toBeUndefined();
    expect(item).toMatchObject({ externalId: "https://shop.example/r/2", summary: "Plain text description" });
  });

  it("reads RSS 1.0 (RDF): items beside the channel, rdf:about as id, dc:date", () => {
    const feed = parseFeed(rss10, SOURCE);
    expect(feed).toMatchObject({ format: "rdf", title: "News", link: "https://news.example/", language: "fi" });
    expect(feed.items[0]).toMatchObject({
      id: "https://news.example/a",
      title: "Uutinen",
      author: "Toimittaja",
      summary: "Asiakaspalvelu ei vastaa",
      updated: new Date("2025-06-01T05:00:00Z"),
    });
  });

  it("reads Atom 1.0: alternate link over self, text constructs, xhtml content, xml:lang", () => {
    const feed = parseFeed(atom10, SOURCE);
    expect(feed).toMatchObject({ format: "atom", title: "Acme forum", link: "https://forum.example/", language: "en-GB", updatedAt: new Date("2025-06-02T10:00:00Z") });
    expect(feed.items[0]).toMatchObject({
      externalId: "tag:forum.example,2025:post-7",
      title: "Refund never arrived",
      link: "https://forum.example/t/7",
      author: "Alice",
      summary: "Short",
      content: "I asked for a refund twice.\nNothing.",
      published: new Date("2025-06-02T07:00:00.123Z"),
      updated: new Date("2025-06-02T10:00:00Z"),
      language: "en-GB",
    });
        // type="html": XML-unescaping gives "<p>Gut &amp; schnell</p>", which as HTML reads "Gut & schnell".
    expect(feed.items[1]).toMatchObject({ content: "Gut & schnell", language: "de" });
  });

  it("reads Atom 0.3: escaped mode, issued/modified, base64 content", () => {
    const feed = parseFeed(atom03, SOURCE);
    expect(feed).toMatchObject({ format: "atom", title: "Old Atom", link: "http://old.example/" });
    expect(feed.items[0]).toMatchObject({
      id: "urn:old:1",
      content: "Base64 content",
      published: new Date("2003-12-31T10:14:55Z"),
      updated: new Date("2004-01-01T00:00:00Z"),
    });
  });

  it("reads JSON Feed 1.1: numeric ids, content_html, authors, item language; bad items become item errors", () => {
    const feed = parseFeed(jsonFeed11, SOURCE);
    expect(feed).toMatchObject({ format: "json", title: "JSON reviews", link: "https://json.example/", language: "ru-RU" });
    expect(feed.items[0]).toMatchObject({ externalId: "42", title: "Доставка", content: "Курьер опоздал", author: "Feed author", published: new Date("2025-06-01T12:00:00Z") });
    expect(feed.items[1]).toMatchObject({ externalId: "43", content: "Plain text body", summary: "S", author: "Ivan", language: "en" });
    expect(feed.itemErrors).toEqual([expect.objectContaining({ item: "item #3", message: "item is string, not an object" })]);
  });

  it("reads JSON Feed 1.0's single author", () => {
    const feed = parseFeed(JSON.stringify({ version: "https://jsonfeed.org/version/1", items: [{ id: "1", content_text: "x", author: { name: "me" } }] }), SOURCE);
    expect(feed.items[0]?.author).toBe("me");
  });
});

describe("parseFeed: text, ids and quirks", () => {
  const wrap = (item: string, channel = "") => `<rss version="2.0"><channel><title>t</title>${channel}<item>${item}</item></channel></rss>`;
  const first = (xml: string) => parseFeed(xml, SOURCE).items[0];

  it.each([
    // CDATA is literal: the entity inside it stays as written, the HTML around it is stripped.
    ["CDATA title", wrap("<title><![CDATA[Fish &amp; <i>chips</i>]]></title>"), { title: "Fish & chips" }],
    // Undeclared HTML entities are common in feeds (feedparser-tests entities/).
    ["HTML entity XML never declared", wrap("<title>Caf&eacute; &hellip;&nbsp;x</title>"), { title: "Café … x" }],
    ["numeric entities", wrap("<title>&#8220;quoted&#8221; &#x2014; ok</title>"), { title: "“quoted” — ok" }],
    // The title's HTML is "&lt;b&gt;": a reader sees the literal "<b>".
    ["double-escaped markup reads as literal brackets", wrap("<title>&amp;lt;b&amp;gt; tag</title>"), { title: "<b> tag" }],
    ["unescaped inline markup in a description", wrap("<title>t</title><description><p>one</p><p>two <b>2</b></p></description>"), { summary: "one\ntwo 2" }],
    ["guid used as link when it is a permalink", wrap("<guid>https://x.example/p/1</guid>"), { externalId: "https://x.example/p/1", link: "https://x.example/p/1" }],
    ["link when there is no guid", wrap("<link>https://x.example/p/2</link>"), { externalId: "https://x.example/p/2" }],
    ["atom:link inside RSS", wrap('<atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="https://x.example/a"/><title>t</title>'), { link: "https://x.example/a" }],
    ["undeclared dc: prefix still means Dublin Core", wrap("<title>t</title><dc:creator>Undeclared</dc:creator>"), { author: "Undeclared" }],
    ["RSS author", wrap("<title>t</title><author>me@example.com (Me)</author>"), { author: "me@example.com (Me)" }],
    ["itunes:author", wrap('<title>t</title><itunes:author xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">Pod</itunes:author>'), { author: "Pod" }],
    ["xml:base resolves a relative link", `<rss version="2.0"><channel xml:base="https://b.example/dir/"><item><link>p/3</link></item></channel></rss>`, { link: "https://b.example/dir/p/3" }],
    ["a description of markup only is kept as empty text", wrap('<description>&lt;img src="x.jpg"&gt;</description>'), { summary: "" }],
  ])("%s", (_name, xml, expected) => {
    expect(first(xml)).toMatchObject(expected);
  });

  it("does not use a guid marked isPermaLink=false as the link", () => {
    const item = first(wrap('<guid isPermaLink="false">https://x.example/p/1</guid><title>t</title>'))!;
    expect(item.externalId).toBe("https://x.example/p/1");
    expect(item.link).toBeUndefined();
  });

  it("hashes title, date and content into the id when there is no guid or link", () => {
    const xml = wrap("<title>Only a title</title><pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate>");
    const a = first(xml)!;
    expect(a.externalId).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(first(xml)!.externalId).toBe(a.externalId);
    expect(first(wrap("<title>Another title</title>"))!.externalId).not.toBe(a.externalId);
  });

  it("turns an item with no id, link, title or content into an item error and keeps the others", () => {
    const xml = `<rss version="2.0"><channel><item><category>x</category></item><item><title>ok</title></item></channel></rss>`;
    const feed = parseFeed(xml, SOURCE);
    expect(feed.items.map((i) => i.title)).toEqual(["ok"]);
    expect(feed.items[0]?.position).toBe(1);
    expect(feed.itemErrors).toEqual([{ item: "item #1", message: "item has no id, link, title or content", raw: "<item><category>x</category></item>" }]);
  });

  it("keeps the item's XML as raw, cut to MAX_RAW_CHARS", () => {
    const long = "x".repeat(MAX_RAW_CHARS + 10);
    const item = first(wrap(`<title>t</title><description>${long}</description>`))!;
    expect(item.raw.startsWith("<item><title>t</title>")).toBe(true);
    expect(item.raw).toHaveLength(MAX_RAW_CHARS);
  });

  it("resolves relative links against the fetched URL", () => {
    const feed = parseFeed(wrap("<link>/p/4</link>", "<link>/</link>"), SOURCE, { baseUrl: "https://final.example/feeds/x.xml" });
    expect(feed.link).toBe("https://final.example/");
    expect(feed.items[0]?.link).toBe("https://final.example/p/4");
  });

  it("reads items directly under <rss> when there is no channel", () => {
    expect(parseFeed("<rss><item><title>a</title></item></rss>", SOURCE).items).toHaveLength(1);
  });

  it("accepts a byte-order mark and leading whitespace", () => {
    expect(parseFeed(`\uFEFF\n  ${rss10}`, SOURCE).title).toBe("News");
  });
});

describe("parseFeed: refusals", () => {
  it.each([
    ["an HTML page", "<!DOCTYPE html><html><head><title>Moved</title></head><body>x</body></html>", "not an RSS, Atom or JSON feed: root element <html>"],
    ["an empty body", "  \n ", "not an RSS, Atom or JSON feed: empty body"],
    ["plain text", "hello world", "not an RSS, Atom or JSON feed: no root element"],
    ["another XML root", '<?xml version="1.0"?><root><a/></root>', "not an RSS, Atom or JSON feed: root element <root>"],
    ["JSON that is not a JSON Feed", '{"data": []}', "not an RSS, Atom or JSON feed: JSON without a jsonfeed.org version"],
    ["a JSON array", "[1, 2]", "not an RSS, Atom or JSON feed: JSON array"],
    ["broken JSON", '{"version": ', "not an RSS, Atom or JSON feed: invalid JSON"],
    ["a JSON Feed without items", '{"version": "https://jsonfeed.org/version/1.1"}', 'JSON Feed has no "items" array'],
    ["UTF-16 decoded as bytes", "<\u0000?\u0000x\u0000m\u0000l\u0000", "NUL characters in the prolog"],
    // Billion laughs: refused before any parsing (defusedxml's EntitiesForbidden).
    [
      "an internal entity declaration",
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><rss><channel><title>&lol2;</title></channel></rss>',
      "DTD entity declarations are not allowed",
    ],
    // XXE: the external entity would read a local file.
    [
      "an external entity declaration",
      '<!DOCTYPE rss [ <!-- c --> <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]><rss><channel><title>&xxe;</title></channel></rss>',
      "DTD entity declarations are not allowed",
    ],
    ["a parameter entity", '<!DOCTYPE rss [<!ENTITY % ext SYSTEM "http://127.0.0.1:1/x.dtd"> %ext;]><rss/>', "DTD entity declarations are not allowed"],
  ])("refuses %s with a ParseError naming the source", (_name, body, detail) => {
    let error: unknown;
    try {
      parseFeed(body, SOURCE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toContain(SOURCE);
    expect((error as ParseError).message).toContain(detail);
    expect((error as ParseError).source).toBe(SOURCE);
  });

  it("parses a document with an external DTD reference without fetching it", () => {
    const body = '<!DOCTYPE rss SYSTEM "http://127.0.0.1:1/evil.dtd"><rss version="2.0"><channel><title>t</title><item><title>&undeclared;</title></item></channel></rss>';
    expect(parseFeed(body, SOURCE).items[0]?.title).toBe("&undeclared;");
  });

  it("does not mistake an entity-like string inside a quoted doctype value for a declaration", () => {
    const body = '<!DOCTYPE rss PUBLIC "-//<!ENTITY-ish//EN" "x.dtd"><rss><channel><title>ok</title></channel></rss>';
    expect(parseFeed(body, SOURCE).title).toBe("ok");
  });

  it("refuses bodies above MAX_FEED_CHARS", () => {
    expect(() => parseFeed(" ".repeat(MAX_FEED_CHARS + 1), SOURCE)).toThrow(/larger than/);
  });
});

describe("parseDate", () => {
  it.each([
    // RFC 822 / 2822 (RSS pubDate)
    ["RFC 822 with GMT", "Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00.000Z"],
    ["RFC 822 numeric zone", "Wed, 31 Dec 2003 10:14:55 -0800", "2003-12-31T18:14:55.000Z"],
    ["RFC 822 US zone name", "Fri, 01 Jan 2010 12:00:00 EST", "2010-01-01T17:00:00.000Z"],
    ["RFC 822 daylight zone", "Fri, 01 Jul 2010 12:00:00 PDT", "2010-07-01T19:00:00.000Z"],
    ["European zone name", "Mon, 02 Jun 2025 10:00:00 EEST", "2025-06-02T07:00:00.000Z"],
    ["Moscow time", "Mon, 02 Jun 2025 10:00:00 MSK", "2025-06-02T07:00:00.000Z"],
    ["zone with a colon", "Mon, 02 Jun 2025 10:00:00 +03:00", "2025-06-02T07:00:00.000Z"],
    ["GMT+offset", "Mon, 02 Jun 2025 10:00:00 GMT+2", "2025-06-02T08:00:00.000Z"],
    ["no weekday, no seconds", "2 Jun 2025 10:00 +0000", "2025-06-02T10:00:00.000Z"],
    ["two-digit year", "Wed, 31 Dec 03 10:14:55 GMT", "2003-12-31T10:14:55.000Z"],
    ["full month name", "31 December 2003 10:14:55 GMT", "2003-12-31T10:14:55.000Z"],
    ["no zone is UTC", "Wed, 31 Dec 2003 10:14:55", "2003-12-31T10:14:55.000Z"],
    ["unknown zone name is UTC", "Wed, 31 Dec 2003 10:14:55 XYZ", "2003-12-31T10:14:55.000Z"],
    ["month before day", "Dec 31, 2003 10:14:55 GMT", "2003-12-31T10:14:55.000Z"],
    ["asctime", "Wed Dec 31 10:14:55 2003", "2003-12-31T10:14:55.000Z"],
    // RFC 3339 / ISO 8601 / W3CDTF (Atom, dc:date)
    ["RFC 3339 Z", "2003-12-31T10:14:55Z", "2003-12-31T10:14:55.000Z"],
    ["RFC 3339 offset and fraction", "2003-12-31T10:14:55.250-08:00", "2003-12-31T18:14:55.250Z"],
    ["lower-case t and z", "2003-12-31t10:14:55z", "2003-12-31T10:14:55.000Z"],
    ["space separator", "2003-12-31 10:14:55", "2003-12-31T10:14:55.000Z"],
    ["W3CDTF minutes only", "2003-12-31T10:14+01:00", "2003-12-31T09:14:00.000Z"],
    ["W3CDTF date", "2003-12-31", "2003-12-31T00:00:00.000Z"],
    ["W3CDTF year-month", "2003-12", "2003-12-01T00:00:00.000Z"],
    ["W3CDTF year", "2003", "2003-01-01T00:00:00.000Z"],
    ["compact ISO", "20031231T101455Z", "2003-12-31T10:14:55.000Z"],
  ])("%s: %s", (_name, input, iso) => {
    expect(parseDate(input)?.toISOString()).toBe(iso);
  });

  it.each([
    ["empty", ""],
    ["words", "yesterday"],
    ["31 February", "2025-02-31"],
    ["month 13", "2025-13-01"],
    ["impossible zone", "2025-06-01T00:00:00+25:00"],
    ["unknown month", "31 Foo 2003"],
  ])("returns undefined for %s", (_name, input) => {
    expect(parseDate(input)).toBeUndefined();
  });
});

describe("toLangCode", () => {
  it.each([
    ["en-us", "en"],
    ["lt-LT", "lt"],
    ["FI", "fi"],
    ["ru_RU", "ru"],
    ["English", undefined],
    ["x-default", undefined],
    ["eng", undefined],
    ["", undefined],
  ])("%s → %s", (tag, code) => {
    expect(toLangCode(tag)).toBe(code);
  });
});

describe("toMention", () => {
  const feed = (): ParsedFeed => parseFeed(rss20, SOURCE);

  it("maps an item to a MentionDraft with the content as text and the feed language", () => {
    const f = feed();
    expect(toMention(f.items[0]!, f, { channel: "review" })).toEqual({
      externalId: "review-1",
      url: "https://shop.example/r/1",
      author: "Jonas",
      title: "Siunta vėluoja",
      text: "Siunta vėluoja jau savaitę.\nNever again & again",
      lang: "lt",
      publishedAt: new Date("2025-06-03T06:39:21Z"),
      channel: "review",
      raw: f.items[0]!.raw,
    });
  });

  it("falls back to the summary, forces the configured language and records the matched term", () => {
    const f = feed();
    const mention = toMention(f.items[1]!, f, { channel: "news", lang: "en", matchedTerm: "acme" });
    expect(mention).toMatchObject({ text: "Plain text description", lang: "en", channel: "news", matchedTerm: "acme" });
    expect(mention.publishedAt).toBeUndefined();
  });

  it("uses the updated date when there is no published date", () => {
    const f = parseFeed(rss10, SOURCE);
    expect(toMention(f.items[0]!, f, { channel: "news" })).toMatchObject({ publishedAt: new Date("2025-06-01T05:00:00Z"), lang: "fi" });
  });
});
