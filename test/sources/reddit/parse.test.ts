import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseRedditListing, toRedditItem, toRedditItems } from "../../../src/sources/reddit/parse.js";
import type { RedditThing } from "../../../src/sources/reddit/wire.js";

const SOURCE = "reddit test";

const post = (data: Record<string, unknown>): RedditThing => ({
  kind: "t3",
  data: { id: "1h2kx7c", name: "t3_1h2kx7c", author: "ruta_k", subreddit: "lithuania", created_utc: 1795416012.0, edited: false, title: "Nordvik vėluoja", selftext: "Siunta vėluoja", permalink: "/r/lithuania/comments/1h2kx7c/nordvik/", ...data },
});
const comment = (data: Record<string, unknown>): RedditThing => ({
  kind: "t1",
  data: { id: "lz9q2mf", name: "t1_lz9q2mf", author: "egle_pv", subreddit: "lithuania", created_utc: 1795420502.0, edited: false, body: "Nordvik grąžino pinigus", link_id: "t3_1h2kx7c", parent_id: "t3_1h2kx7c", ...data },
});

describe("parseRedditListing", () => {
  it.each([
    // Reddit's network-security block page is HTML, even with status 200 behind some proxies.
    ["an HTML block page", "<!DOCTYPE html><html><h1>whoa there, pardner!</h1></html>", /HTML page/u],
    ["truncated JSON", '{"kind":"Listing","data":{"children":[{"kind":"t3"', /invalid JSON/u],
    // /api/v1/collections answers this shape for an unknown id (reddit-praw-cassettes TestCollection.test_bad_fetch).
    ["an error envelope", '{"json": {"errors": []}}', /expected a Listing/u],
    // Private subreddits answer JSON errors like this one.
    ["a JSON error object", '{"message": "Forbidden", "error": 403}', /403 Forbidden/u],
    ["a bare array", "[]", /expected a JSON Listing object/u],
    ["a Listing without children", '{"kind":"Listing","data":{"after":null}}', /data\.children/u],
    ["a numeric after cursor", '{"kind":"Listing","data":{"after":5,"children":[]}}', /data\.after/u],
  ])("rejects %s with a ParseError naming the source", (_name, body, detail) => {
    const error = (() => {
      try {
        parseRedditListing(body, SOURCE);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^reddit test: /u);
    expect((error as ParseError).message).toMatch(detail);
  });

  it.each([
    ["a BOM before the JSON", '\uFEFF{"kind":"Listing","data":{"after":null,"children":[]}}'],
    ["an empty listing (reddit-praw-cassettes TestListingGenerator.test_no_items)", '{"kind": "Listing", "data": {"modhash": "", "children": [], "after": null, "before": null}}'],
    ["a string after cursor", '{"kind":"Listing","data":{"after":"t3_abc","dist":1,"children":[]}}'],
  ])("accepts %s", (_name, body) => {
    expect(parseRedditListing(body, SOURCE).kind).toBe("Listing");
  });
});

describe("toRedditItem", () => {
  it.each([
    // A comment answers its parent comment or post (fullname), the thing a brand's reply is credited to.
    ["a comment", comment({ parent_id: "t1_lz9p7ta" }), { externalId: "t1_lz9q2mf", inReplyTo: "t1_lz9p7ta" }],
    ["a self post", post({}), { inReplyTo: undefined, externalId: "t3_1h2kx7c", title: "Nordvik vėluoja", text: "Siunta vėluoja", author: "ruta_k", url: "https://www.reddit.com/r/lithuania/comments/1h2kx7c/nordvik/" }],
    // Search results carry a tracking query on the permalink (reddit-praw-cassettes TestSubreddit.test_search).
    ["a permalink with ?ref=search_posts", post({ permalink: "/r/lithuania/comments/1h2kx7c/nordvik/?ref=search_posts" }), { url: "https://www.reddit.com/r/lithuania/comments/1h2kx7c/nordvik/" }],
    // A link post has no selftext; the title is the content.
    ["a link post", post({ selftext: "", is_self: false, url: "https://nordvik.example/sale" }), { text: "", title: "Nordvik vėluoja" }],
    // Mods remove the body but the title stays public.
    ["a removed post", post({ selftext: "[removed]", author: "[deleted]" }), { text: "", title: "Nordvik vėluoja", author: undefined }],
    ["a comment", comment({}), { externalId: "t1_lz9q2mf", text: "Nordvik grąžino pinigus", title: undefined }],
    // Comments in older listings carry no permalink (every t1 in reddit-praw-cassettes lacks it).
    ["a comment without permalink", comment({ permalink: undefined }), { url: "https://www.reddit.com/r/lithuania/comments/1h2kx7c/_/lz9q2mf/" }],
    // `edited` is false or an epoch float; either is fine.
    ["an edited comment", comment({ edited: 1795420999.5 }), { externalId: "t1_lz9q2mf" }],
    // Old dumps have created_utc as a numeric string.
    ["created_utc as a string", comment({ created_utc: "1795420502.0" }), { publishedAt: new Date(1795420502000) }],
  ])("maps %s", (_name, thing, expected) => {
    const item = toRedditItem(thing, SOURCE);
    expect(item?.draft).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined)));
    for (const [key, value] of Object.entries(expected)) if (value === undefined) expect(item?.draft?.[key as "title"]).toBeUndefined();
    expect(item?.draft?.channel).toBe("forum");
    expect(JSON.parse(item?.draft?.raw ?? "null")).toEqual(thing);
  });

  it.each([
    ["a deleted comment", comment({ body: "[deleted]", author: "[deleted]" })],
    ["a removed comment", comment({ body: "[removed]" })],
  ])("keeps %s for the cursor but makes no mention", (_name, thing) => {
    const item = toRedditItem(thing, SOURCE);
    expect(item).toMatchObject({ fullname: "t1_lz9q2mf", createdMs: 1795420502000 });
    expect(item?.draft).toBeUndefined();
  });

  it.each([
    ["more", { kind: "more", data: { count: 3, name: "t1__", id: "_", children: [] } }],
    ["t5 (a subreddit search redirect)", { kind: "t5", data: { display_name: "nordvik" } }],
    ["t2 (a user)", { kind: "t2", data: { name: "spez" } }],
  ])("skips things of kind %s", (_name, thing) => {
    expect(toRedditItem(thing as RedditThing, SOURCE)).toBeUndefined();
  });

  it.each([
    ["created_utc null", post({ created_utc: null }), "t3_1h2kx7c", /created_utc/u],
    ["created_utc not a number", post({ created_utc: "yesterday" }), "t3_1h2kx7c", /created_utc/u],
    ["no name", post({ name: undefined }), "t3_1h2kx7c", /"name"/u],
    ["a body that is not text", comment({ body: 42 }), "t1_lz9q2mf", /"body"/u],
    ["no title", post({ title: null }), "t3_1h2kx7c", /"title"/u],
    ["no subreddit", post({ subreddit: undefined }), "t3_1h2kx7c", /"subreddit"/u],
  ])("refuses %s with a ParseError naming the item", (_name, thing, item, detail) => {
    expect(() => toRedditItem(thing, SOURCE)).toThrow(ParseError);
    try {
      toRedditItem(thing, SOURCE);
    } catch (error) {
      expect((error as ParseError).item).toBe(item);
      expect((error as ParseError).message).toContain(`reddit test: cannot parse ${item}`);
      expect((error as ParseError).message).toMatch(detail);
    }
  });

  it("turns one bad child into an ItemError and keeps the others", () => {
    const listing = parseRedditListing(JSON.stringify({ kind: "Listing", data: { after: null, children: [post({}), post({ name: "t3_zz", created_utc: null }), comment({})] } }), SOURCE);
    const { items, itemErrors } = toRedditItems(listing, SOURCE);
    expect(items.map((i) => i.fullname)).toEqual(["t3_1h2kx7c", "t1_lz9q2mf"]);
    expect(itemErrors).toEqual([expect.objectContaining({ item: "t3_zz", message: expect.stringContaining("created_utc") })]);
    expect(itemErrors[0]?.raw).toContain('"t3_zz"');
  });
});
