import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseReviewPage, toMention } from "../../../src/sources/app-store/parse.js";

const L = (label: unknown) => ({ label });
/** A review entry as Apple writes it; `patch` replaces or (with undefined) removes keys. */
function entry(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    author: { uri: L("https://itunes.apple.com/lt/reviews/id1"), name: L("Gintarė_K"), label: "" },
    updated: L("2026-11-22T21:14:09-07:00"),
    "im:rating": L("1"),
    "im:version": L("4.12.0"),
    id: L("11873400125"),
    title: L("Užsakymas vėluoja"),
    content: { label: "Siunta vėluoja jau savaitę.", attributes: { type: "text" } },
    link: { attributes: { rel: "related", href: "https://itunes.apple.com/lt/review?id=6447712345&type=Purple%20Software" } },
  };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}
const page = (feed: unknown) => JSON.stringify({ feed });
const parse = (body: string) => parseReviewPage(body, "app-store 6447712345/lt", "page 1");

describe("parseReviewPage: feed shapes", () => {
  it.each([
    // Apple omits `entry` when a storefront has no reviews (or the page is past the last).
    ["no entry key", page({ author: {} }), 0, 0],
    ["entry: null", page({ entry: null }), 0, 0],
    // One review: `entry` is the object itself, not a one-element list.
    ["entry as a lone object", page({ entry: entry() }), 1, 1],
    ["entry as a list", page({ entry: [entry(), entry({ id: L("2") })] }), 2, 2],
    // Older feeds open with the app's metadata (im:name, no im:rating): not a review, not an error.
    ["app-metadata entry first", page({ entry: [{ "im:name": L("Nordvik"), id: L("https://apps.apple.com/lt/app/id6447712345") }, entry()] }), 1, 2],
    ["byte-order mark before the JSON", `\uFEFF${page({ entry: entry() })}`, 1, 1],
  ])("%s", (_name, body, reviews, entryCount) => {
    const result = parse(body);
    expect(result.reviews).toHaveLength(reviews);
    expect(result.entryCount).toBe(entryCount);
    expect(result.itemErrors).toEqual([]);
  });
});

describe("parseReviewPage: review fields", () => {
  it.each([
    ["rating from its label", entry(), { rating: 1 }],
    ["numeric labels some mirrors unwrap", entry({ "im:rating": L(4), id: L(42) }), { rating: 4, id: "42" }],
    ["offset date to UTC", entry({ updated: L("2026-11-22T21:14:09-07:00") }), { updatedAt: new Date("2026-11-23T04:14:09Z") }],
    ["multi-paragraph content kept as written", entry({ content: { label: "Pirma.\n\nAntra.", attributes: { type: "text" } } }), { text: "Pirma.\n\nAntra." }],
    // The XML feed has text and html variants; a JSON rendering that keeps both must pick the text one.
    ["text variant out of a content list", entry({ content: [{ label: "<b>Blogai</b>", attributes: { type: "html" } }, { label: "Blogai", attributes: { type: "text" } }] }), { text: "Blogai" }],
    ["no content at all", entry({ content: undefined }), { text: "" }],
    ["author from author.name.label", entry(), { author: "Gintarė_K" }],
    ["version from im:version", entry(), { version: "4.12.0" }],
    ["emoji-only title", entry({ title: L("👎") }), { title: "👎" }],
    ["review link", entry(), { url: "https://itunes.apple.com/lt/review?id=6447712345&type=Purple%20Software" }],
  ])("reads %s", (_name, e, expected) => {
    const result = parse(page({ entry: e }));
    expect(result.itemErrors).toEqual([]);
    expect(result.reviews[0]).toMatchObject(expected);
  });

  it.each([
    ["missing id", entry({ id: undefined }), "page 1 entry #1", /"id.label" is missing/],
    ["rating 0", entry({ "im:rating": L("0") }), "review 11873400125", /"im:rating" is "0", not 1–5/],
    ["rating missing", entry({ "im:rating": undefined }), "review 11873400125", /"im:rating" is missing/],
    ["date without a zone", entry({ updated: L("2026-11-22 21:14") }), "review 11873400125", /"updated" is "2026-11-22 21:14", not a date/],
    ["content that is an object", entry({ content: { label: { nested: true } } }), "review 11873400125", /"content.label" is not text/],
    ["entry that is a string", "oops", "page 1 entry #1", /entry is not an object/],
  ])("turns %s into an item error and keeps the rest", (_name, bad, item, message) => {
    const result = parse(page({ entry: [bad, entry({ id: L("7") })] }));
    expect(result.reviews.map((r) => r.id)).toEqual(["7"]);
    expect(result.itemErrors).toHaveLength(1);
    expect(result.itemErrors[0]!.item).toBe(item);
    expect(result.itemErrors[0]!.message).toMatch(message);
    // The skipped entry's own payload is kept for debugging, not the whole page.
    expect(result.itemErrors[0]!.raw).toBe(JSON.stringify(bad));
  });
});

describe("parseReviewPage: broken payloads", () => {
  it.each([
    ["truncated JSON", page({ entry: entry() }).slice(0, 60), /invalid JSON/],
    ["an HTML error page", "<!DOCTYPE html><html><body>Not Found</body></html>", /got HTML or XML/],
    ["JSON without a feed", JSON.stringify({ resultCount: 0, results: [] }), /no "feed" object/],
    ["entry that is a string", page({ entry: "none" }), /neither a list nor an object/],
    ["a JSON array", "[]", /no "feed" object/],
  ])("raises a ParseError for %s, naming source and page", (_name, body, detail) => {
    expect(() => parse(body)).toThrow(ParseError);
    try {
      parse(body);
    } catch (error) {
      expect((error as ParseError).message).toMatch(/^app-store 6447712345\/lt: cannot parse page 1: /u);
      expect((error as ParseError).message).toMatch(detail);
    }
  });
});

describe("toMention", () => {
  it("maps a review to an app_store mention on a 5-star scale", () => {
    const [review] = parse(page({ entry: entry() })).reviews;
    expect(toMention(review!, { lang: "lt", matchedTerm: "Nordvik" })).toMatchObject({
      externalId: "11873400125",
      text: "Siunta vėluoja jau savaitę.",
      title: "Užsakymas vėluoja",
      rating: 1,
      ratingScale: 5,
      channel: "app_store",
      lang: "lt",
      matchedTerm: "Nordvik",
    });
  });
});
