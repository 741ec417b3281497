import { describe, expect, it } from "vitest";
import { ConfigError, ParseError } from "../../../src/core/errors.js";
import { parseReviewPageConfig } from "../../../src/sources/review-page/config.js";
import { loadPage, parseJsonLd } from "../../../src/sources/review-page/extract.js";
import { authorName, findReviews, parseReviewDate, toReviewMention, toStarRating } from "../../../src/sources/review-page/parse.js";
import type { SchemaValue } from "../../../src/sources/review-page/wire.js";

const PAGE = "https://nordvik.invalid/p/x200?page=2";
const context = { source: `review-page ${PAGE}`, pageUrl: PAGE, stableBase: "https://nordvik.invalid/p/x200", channel: "review" as const, index: 1 };

describe("toStarRating", () => {
  it.each([
    ["number", 4, 4],
    ["string", "4", 4],
    // Lithuanian/Finnish/Russian pages write a decimal comma.
    ["decimal comma", "4,5", 4.5],
    ["Rating node, defaults 5/1", { ratingValue: "3.5" }, 3.5],
    ["10-point scale with worst 0", { ratingValue: 6, bestRating: 10, worstRating: 0 }, 3.4],
    // schema.org: worstRating defaults to 1 even on a 100-point scale (Dell example: 87/100).
    ["100-point scale", { ratingValue: "87", bestRating: "100" }, 4.47],
    ["slash gives the scale", "8/10", 4.11],
    ["array of values takes the first", ["5", "4"], 5],
    // Zero-star widgets with no stated worstRating count as the bottom.
    ["zero stars", { ratingValue: 0 }, 1],
  ])("%s", (_name, rating, expected) => {
    expect(toStarRating(rating)?.value).toBe(expected);
  });

  it.each([
    ["absent", undefined],
    ["empty string", ""],
    ["node without a value", { bestRating: 5 }],
  ])("gives no rating when %s", (_name, rating) => {
    expect(toStarRating(rating)).toBeUndefined();
  });

  it.each([
    ["a word", "five", /is not a number/u],
    ["above best", { ratingValue: 6 }, /outside 1–5/u],
    ["best below worst", { ratingValue: 2, bestRating: 1, worstRating: 3 }, /bestRating 1 is not above worstRating 3/u],
  ])("refuses %s", (_name, rating, message) => {
    expect(() => toStarRating(rating)).toThrow(message);
  });
});

describe("authorName", () => {
  it.each([
    ["string", "Rasa V.", "Rasa V."],
    ["Person", { "@type": "Person", name: "Oliver Grant" }, "Oliver Grant"],
    ["Organization with alternateName only", { "@type": "Organization", alternateName: "Nordvik fan club" }, "Nordvik fan club"],
    ["list", [{ "@type": "Person", name: " " }, "Aino"], "Aino"],
    ["name as value object", { "@type": "Person", name: { "@value": "Олег" } }, "Олег"],
    ["nothing usable", { "@type": "Person" }, undefined],
  ])("%s", (_name, value, expected) => {
    expect(authorName(value as SchemaValue)).toBe(expected);
  });
});

describe("parseReviewDate", () => {
  it.each([
    ["date", "2011-04-01", "2011-04-01T00:00:00.000Z"],
    ["date-time with offset", "2026-11-10T18:20:00+02:00", "2026-11-10T16:20:00.000Z"],
    ["epoch ms (app JSON)", 1794036000000, "2026-11-07T07:20:00.000Z"],
    ["epoch s", 1794036000, "2026-11-07T07:20:00.000Z"],
  ])("%s", (_name, value, iso) => {
    expect(parseReviewDate(value)?.toISOString()).toBe(iso);
  });

  it.each([["words", "April 1, 2011"], ["bad day", "2026-02-30"], ["tiny number", 12]])("ignores %s", (_name, value) => {
    expect(parseReviewDate(value)).toBeUndefined();
  });
});

describe("parseJsonLd", () => {
  it.each([
    ["plain", '{"@type":"Review"}'],
    ["HTML comment wrapper", '<!-- {"@type":"Review"} -->'],
    ["CDATA wrapper", '//<![CDATA[\n{"@type":"Review"}\n//]]>'],
    ["JS comments", '{ /* CMS */ "@type": "Review" // trailing\n}'],
    ["raw newline in a string", '{"@type":"Review","reviewBody":"line 1\nline 2"}'],
    ["trailing brace", '{"@type":"Review"}}'],
  ])("reads %s", (_name, text) => {
    expect(parseJsonLd(text)).toMatchObject({ "@type": "Review" });
  });

  it("throws a SyntaxError for a truncated block", () => {
    expect(() => parseJsonLd('{"@type":"Review","reviewBody":"nice')).toThrow(SyntaxError);
  });
});

describe("findReviews + toReviewMention", () => {
  const jsonLd = (value: unknown) => `<html><head><title>Nordvik</title><script type="application/ld+json">${JSON.stringify(value)}</script></head></html>`;

  it.each([
    ["Product.review array", { "@type": "Product", name: "X200", review: [{ "@type": "Review", reviewBody: "a" }, { "@type": "Review", reviewBody: "b" }] }, 2],
    ["top-level array", [{ "@type": "Review", reviewBody: "a" }, { "@type": "Thing" }], 1],
    ["@graph with references", { "@graph": [{ "@type": "Product", "@id": "#p", review: { "@id": "#r" } }, { "@type": "Review", "@id": "#r", reviewBody: "a" }] }, 1],
    ["LocalBusiness.reviews (plural, legacy)", { "@type": "LocalBusiness", reviews: { "@type": "Review", reviewBody: "a" } }, 1],
    ["Review subtype", { "@type": ["CreativeWork", "UserReview"], reviewBody: "a" }, 1],
    ["full type IRI", { "@type": "http://schema.org/Review", reviewBody: "a" }, 1],
  ])("finds reviews in %s", (_name, value, count) => {
    expect(findReviews(loadPage(jsonLd(value)), "review-page t").reviews).toHaveLength(count);
  });

  it("links a referenced review to the product holding the reference", () => {
    const found = findReviews(loadPage(jsonLd({ "@graph": [{ "@type": "Product", name: "X200", review: { "@id": "#r" } }, { "@type": "Review", "@id": "#r", reviewBody: "a" }] })), "t");
    expect(found.reviews[0]!.item).toMatchObject({ name: "X200" });
  });

  it("resolves itemReviewed by @id", () => {
    const found = findReviews(loadPage(jsonLd([{ "@type": "Product", "@id": "#p", name: "K5" }, { "@type": "Review", itemReviewed: { "@id": "#p" }, reviewBody: "a" }])), "t");
    expect(found.reviews[0]!.item).toMatchObject({ name: "K5" });
  });

  it.each([
    ["fragment @id resolves against the stable page URL", { "@id": "#r-1" }, "https://nordvik.invalid/p/x200#r-1"],
    ["absolute @id", { "@id": "https://reviews.invalid/r/9" }, "https://reviews.invalid/r/9"],
    ["bare token id", { "@id": "rv_77" }, "rv_77"],
    ["url when there is no @id", { url: "/p/x200/reviews/5" }, "https://nordvik.invalid/p/x200/reviews/5"],
  ])("%s", (_name, ids, externalId) => {
    const [review] = findReviews(loadPage(jsonLd({ "@type": "Review", reviewBody: "text", ...ids })), "t").reviews;
    expect(toReviewMention(review!, context).externalId).toBe(externalId);
  });

  it("hashes author, date and body when the review has no id, identically across syntaxes", () => {
    const microdata = '<div itemscope itemtype="https://schema.org/Review"><span itemprop="author">Ona</span><meta itemprop="datePublished" content="2026-11-02"><p itemprop="reviewBody">Siunta   vėluoja</p></div>';
    const ld = jsonLd({ "@type": "Review", author: { "@type": "Person", name: "Ona" }, datePublished: "2026-11-02", reviewBody: "Siunta vėluoja" });
    const ids = [microdata, ld].map((html) => toReviewMention(findReviews(loadPage(html), "t").reviews[0]!, context).externalId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toMatch(/^sha256:[0-9a-f]{32}$/u);
  });

  it.each([
    ["no text, title or rating", { "@type": "Review", author: "x" }, /cannot parse json-ld review #1: the review has no text, title or rating/u],
    ["a word as rating", { "@type": "Review", "@id": "#r9", reviewBody: "ok", reviewRating: { ratingValue: "great" } }, /cannot parse review https:\/\/nordvik\.invalid\/p\/x200#r9: ratingValue "great" is not a number/u],
  ])("refuses a review with %s, naming it", (_name, value, message) => {
    const [review] = findReviews(loadPage(jsonLd(value)), "t").reviews;
    expect(() => toReviewMention(review!, context)).toThrow(ParseError);
    expect(() => toReviewMention(review!, context)).toThrow(message);
  });

  it("keeps JSON-LD text verbatim (no HTML stripping or entity decoding)", () => {
    const [review] = findReviews(loadPage(jsonLd({ "@type": "Review", reviewBody: "  <b>5&quot; screen</b> ok  " })), "t").reviews;
    expect(toReviewMention(review!, context).text).toBe("<b>5&quot; screen</b> ok");
  });

  it("turns an invalid JSON-LD block into an item error and keeps the valid one", () => {
    const html = `<script type="application/ld+json">{"@type":"Review",</script><script type="application/ld+json">{"@type":"Review","reviewBody":"ok"}</script>`;
    const found = findReviews(loadPage(html), "review-page t");
    expect(found.reviews).toHaveLength(1);
    expect(found.itemErrors).toEqual([expect.objectContaining({ item: "json-ld block #1", message: expect.stringContaining("review-page t: cannot parse json-ld block #1: invalid JSON") })]);
    expect(found.allBlocksFailed).toBe(false);
  });

  it("follows microdata itemref", () => {
    const html = '<div itemscope itemtype="https://schema.org/Review" itemref="body"><span itemprop="author">Ona</span></div><p id="body" itemprop="reviewBody">Vėluoja</p>';
    const mention = toReviewMention(findReviews(loadPage(html), "t").reviews[0]!, context);
    expect(mention).toMatchObject({ author: "Ona", text: "Vėluoja" });
  });
});

describe("parseReviewPageConfig", () => {
  it.each([
    ["no url", {}, "t.url"],
    ["bad url", { url: "nordvik" }, "t.url"],
    ["template without {page}", { urlTemplate: "https://x.invalid/r?page=1" }, "t.urlTemplate"],
    ["maxPages 0", { url: "https://x.invalid/", maxPages: 0 }, "t.maxPages"],
    ["maxPages 1000", { url: "https://x.invalid/", maxPages: 1000 }, "t.maxPages"],
    ["embedded without fields", { url: "https://x.invalid/", embedded: { selector: "script#__NEXT_DATA__", path: "props" } }, "t.embedded.fields"],
    ["embedded without text field", { url: "https://x.invalid/", embedded: { selector: "s", path: "p", fields: { id: "id" } } }, "t.embedded.fields.text"],
    ["embedded unknown field", { url: "https://x.invalid/", embedded: { selector: "s", path: "p", fields: { text: "b", stars: "s" } } }, "t.embedded.fields.stars"],
    ["robots token with spaces", { url: "https://x.invalid/", robotsUserAgent: "my bot" }, "t.robotsUserAgent"],
    ["channel", { url: "https://x.invalid/", channel: "web" }, "t.channel"],
  ])("rejects %s", (_name, raw, path) => {
    let error: unknown;
    try {
      parseReviewPageConfig(raw, "t");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });

  it("derives url from the template and fills defaults", () => {
    expect(parseReviewPageConfig({ urlTemplate: "https://x.invalid/r?page={page}", startPage: 0 }, "t")).toMatchObject({
      url: "https://x.invalid/r?page=0",
      maxPages: 5,
      nextSelector: 'a[rel~="next"], link[rel~="next"]',
      channel: "review",
      filterByTerms: true,
      aggregates: false,
      robotsUserAgent: "earshot",
    });
  });
});
