import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseSearchPage, toMention, toSearchableText } from "../../../src/sources/hackernews/parse.js";

const response = (hits: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ hits, nbHits: hits.length, nbPages: hits.length ? 1 : 0, page: 0, hitsPerPage: 100, ...extra });
const comment = (patch: Record<string, unknown> = {}) => ({
  _tags: ["comment", "author_mlind", "story_46010001"],
  author: "mlind",
  comment_text: "Nordvik&#x27;s app crashed.<p>Twice.",
  created_at: "2026-11-23T06:15:05Z",
  created_at_i: 1795414505,
  objectID: "46012101",
  story_id: 46010001,
  story_title: "Ask HN: Refunds from Nordvik?",
  story_url: null,
  title: null,
  url: null,
  ...patch,
});
const story = (patch: Record<string, unknown> = {}) => ({
  _tags: ["story", "author_vilnius_dev", "story_46010001", "ask_hn"],
  author: "vilnius_dev",
  created_at_i: 1795401200,
  objectID: "46010001",
  title: "Ask HN: Refunds from Nordvik?",
  url: "",
  story_text: "Three weeks, no refund &amp; no reply.",
  comment_text: null,
  ...patch,
});
const parse = (body: string) => parseSearchPage(body, 'hackernews "Nordvik"', "page 0");

describe("parseSearchPage: hits", () => {
  it.each([
    ["a comment: HTML body to text, thread title kept aside", comment(), { type: "comment", text: "Nordvik's app crashed.\nTwice.", storyTitle: "Ask HN: Refunds from Nordvik?", author: "mlind" }],
    ["an Ask HN story: title plus story_text", story(), { type: "story", title: "Ask HN: Refunds from Nordvik?", text: "Three weeks, no refund & no reply." }],
    // Text stories have url "" and link stories have story_text null.
    ["a link story with no text", story({ url: "https://example.com/nordvik", story_text: null }), { text: "", link: "https://example.com/nordvik" }],
    ["an empty url ignored", story(), { type: "story" }, ["link"]],
    // Older captures (the corpus) send objectID as a string; a mirror may send a number.
    ["a numeric objectID", comment({ objectID: 46012101 }), { id: "46012101" }],
    ["created_at when created_at_i is missing", comment({ created_at_i: undefined }), { createdAtI: 1795414505 }],
    ["type from comment_text when _tags is missing", comment({ _tags: undefined }), { type: "comment" }],
    ["a deleted comment (null text) as empty text", comment({ comment_text: null, author: null }), { text: "" }, ["author"]],
  ] as [string, unknown, Record<string, unknown>, string[]?][])("reads %s", (_name, hit, expected, absent = []) => {
    const page = parse(response([hit]));
    expect(page.itemErrors).toEqual([]);
    expect(page.hits[0]).toMatchObject(expected);
    for (const key of absent) expect(page.hits[0]).not.toHaveProperty(key);
  });

  it.each([
    ["no objectID", comment({ objectID: undefined }), "page 0 hit #1", /"objectID" is missing/],
    ["no usable time", comment({ created_at_i: "yesterday", created_at: undefined }), "item 46012101", /"created_at_i" is not a time/],
    ["comment_text that is not text", comment({ comment_text: ["x"] }), "item 46012101", /"comment_text" is not text/],
    ["a hit that is not an object", 42, "page 0 hit #1", /not an object/],
  ])("turns a hit with %s into an item error and keeps the rest", (_name, bad, item, message) => {
    const page = parse(response([bad, story()]));
    expect(page.hits.map((h) => h.id)).toEqual(["46010001"]);
    expect(page.itemErrors).toEqual([expect.objectContaining({ item, message: expect.stringMatching(message) })]);
  });

  it("reads nbHits beyond the paging cap and nbPages as sent", () => {
    const page = parse(response([story()], { nbHits: 1450, nbPages: 10 }));
    expect(page).toMatchObject({ nbHits: 1450, nbPages: 10, hitCount: 1 });
  });
});

describe("parseSearchPage: broken payloads", () => {
  it.each([
    ["truncated JSON", response([story()]).slice(0, 40), /invalid JSON/],
    ["an HTML page", "<html><body>429 Too Many Requests</body></html>", /got HTML/],
    ["hits that is not a list", JSON.stringify({ hits: {}, nbHits: 0 }), /"hits" is not a list/],
    ["a missing nbHits", JSON.stringify({ hits: [] }), /"nbHits" is not a count/],
    ["a JSON string", '"hits"', /not a JSON object/],
  ])("raises a ParseError for %s, naming term and page", (_name, body, detail) => {
    let error: unknown;
    try {
      parse(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^hackernews "Nordvik": cannot parse page 0: /u);
    expect((error as ParseError).message).toMatch(detail);
  });
});

describe("toMention / toSearchableText", () => {
  it("links the HN item, not the story's external url, and leaves a comment untitled", () => {
    const [hit] = parse(response([comment({ story_url: "https://example.com/a" })])).hits;
    const mention = toMention(hit!, { matchedTerm: "Nordvik" });
    expect(mention).toMatchObject({ externalId: "46012101", url: "https://news.ycombinator.com/item?id=46012101", channel: "forum", matchedTerm: "Nordvik" });
    expect(mention.title).toBeUndefined();
    expect(toSearchableText(hit!)).toBe("Nordvik's app crashed.\nTwice.\nAsk HN: Refunds from Nordvik?\nhttps://example.com/a");
  });
});
