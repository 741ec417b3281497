import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseBlueskySearch, toBlueskyItem, toBlueskyItems } from "../../../src/sources/bluesky/parse.js";

const SOURCE = 'bluesky search "Nordvik"';
const URI = "at://did:plc:uuqpslmpgfwp375rzcahljhh/app.bsky.feed.post/3n2xnco4pb22w";

const postView = (fields: Record<string, unknown> = {}, record: Record<string, unknown> = {}) => ({
  uri: URI,
  cid: "bafyreioh7dgxwgmlg6vlr2tc3rjnmoj3sskuo3lxy36s4alhncp6fbikmn",
  author: { did: "did:plc:uuqpslmpgfwp375rzcahljhh", handle: "laura-vil.bsky.social", displayName: "Laura V." },
  record: { $type: "app.bsky.feed.post", createdAt: "2026-11-23T07:48:19.532Z", langs: ["en"], text: " Nordvik order NV-50917 never arrived ", ...record },
  indexedAt: "2026-11-23T07:48:20.344Z",
  ...fields,
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("parseBlueskySearch", () => {
  it.each([
    ["truncated JSON", '{"cursor":"5","posts":[{"uri":"at://', /invalid JSON/u],
    // XRPC errors: lexicon errors (BadQueryString) and auth errors share this body shape.
    ["an XRPC error body", '{"error":"BadQueryString","message":"invalid query syntax"}', /an XRPC error: BadQueryString \(invalid query syntax\)/u],
    ["no posts array", '{"cursor":"5","hitsTotal":3}', /posts array/u],
    ["a numeric cursor", '{"cursor":5,"posts":[]}', /"cursor" is number/u],
    ["an HTML page", "<html><body>Bad gateway</body></html>", /HTML page/u],
  ])("rejects %s with a ParseError naming the query", (_name, body, detail) => {
    const error = caught(() => parseBlueskySearch(body, SOURCE));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^bluesky search "Nordvik": /u);
    expect((error as ParseError).message).toMatch(detail);
  });

  it.each([
    ["the last page (no cursor)", '{"posts":[]}'],
    ["hitsTotal and a cursor", '{"cursor":"25","hitsTotal":1200,"posts":[]}'],
  ])("accepts %s", (_name, body) => {
    expect(parseBlueskySearch(body, SOURCE).posts).toEqual([]);
  });
});

describe("toBlueskyItem", () => {
  it.each([
    ["a post", postView(), { externalId: URI, text: "Nordvik order NV-50917 never arrived", lang: "en", author: "laura-vil.bsky.social", url: "https://bsky.app/profile/laura-vil.bsky.social/post/3n2xnco4pb22w" }],
    // langs are BCP-47 and may carry a region; several may be given (the first is the primary one).
    ["langs with a region", postView({}, { langs: ["lt-LT", "en"] }), { lang: "lt" }],
    ["no langs", postView({}, { langs: undefined }), { lang: undefined }],
    ["a three-letter language", postView({}, { langs: ["fil"] }), { lang: undefined }],
    // A handle that no longer verifies: the DID still makes a working profile URL.
    ["an author with handle.invalid", postView({ author: { did: "did:plc:abc", handle: "handle.invalid" } }), { author: "did:plc:abc", url: "https://bsky.app/profile/did:plc:abc/post/3n2xnco4pb22w" }],
    // "May be an empty string, if there are embeds" (lexicon app.bsky.feed.post text).
    ["an image-only post", postView({}, { text: "" }), { text: "" }],
    // A reply names its parent (and thread root) by strong ref: the parent is what it answers.
    [
      "a reply",
      postView({}, { reply: { root: { uri: "at://did:plc:root/app.bsky.feed.post/1", cid: "bafyroot" }, parent: { uri: "at://did:plc:parent/app.bsky.feed.post/2", cid: "bafyparent" } } }),
      { inReplyTo: "at://did:plc:parent/app.bsky.feed.post/2" },
    ],
    ["a post that replies to nothing", postView(), { inReplyTo: undefined }],
    // Records from older clients lack $type inside postView.record.
    ["a record without $type", postView({}, { $type: undefined }), { text: "Nordvik order NV-50917 never arrived" }],
  ])("maps %s", (_name, value, expected) => {
    const item = toBlueskyItem(value, SOURCE);
    for (const [key, want] of Object.entries(expected)) expect(item.draft[key as "text"]).toEqual(want);
    expect(item.draft.channel).toBe("social");
    expect(JSON.parse(item.draft.raw!)).toEqual(value);
  });

  it.each([
    // sortAt is the earlier of createdAt and indexedAt: a backdated post sorts by its claimed time…
    ["a backdated post", postView({}, { createdAt: "2020-01-01T00:00:00.000Z" }), "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z"],
    // …and a post claiming a future time sorts by when it was indexed.
    ["a post dated in the future", postView({}, { createdAt: "2030-01-01T00:00:00.000Z" }), "2026-11-23T07:48:20.344Z", "2030-01-01T00:00:00.000Z"],
    ["an unreadable createdAt", postView({}, { createdAt: "soon" }), "2026-11-23T07:48:20.344Z", "2026-11-23T07:48:20.344Z"],
  ])("dates %s", (_name, value, sortAt, published) => {
    const item = toBlueskyItem(value, SOURCE);
    expect(new Date(item.sortAtMs).toISOString()).toBe(sortAt);
    expect(item.draft.publishedAt?.toISOString()).toBe(published);
  });

  it.each([
    ["no uri", postView({ uri: undefined }), "post 0", /"uri"/u],
    ["an http uri", postView({ uri: "https://bsky.app/profile/x/post/1" }), "https://bsky.app/profile/x/post/1", /at:\/\/ record URI/u],
    ["a like record", postView({ uri: "at://did:plc:abc/app.bsky.feed.like/3lbq" }), "at://did:plc:abc/app.bsky.feed.like/3lbq", /app\.bsky\.feed\.like record, not a post/u],
    ["no author handle", postView({ author: { did: "did:plc:abc" } }), URI, /"author"/u],
    ["no text", postView({}, { text: undefined }), URI, /"record.text" is missing/u],
    ["a foreign record type", postView({}, { $type: "app.bsky.feed.repost" }), URI, /"record.\$type"/u],
    ["no usable date", postView({ indexedAt: "x" }, { createdAt: undefined }), URI, /neither "record.createdAt" nor "indexedAt" is a date/u],
  ])("refuses %s with a ParseError naming the post", (_name, value, item, detail) => {
    const error = caught(() => toBlueskyItem(value, SOURCE));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).item).toBe(item);
    expect((error as ParseError).message).toContain(`bluesky search "Nordvik": cannot parse ${item}:`);
    expect((error as ParseError).message).toMatch(detail);
  });

  it("keeps good posts and reports the bad one", () => {
    const { items, itemErrors } = toBlueskyItems([postView(), postView({}, { text: 5 })], SOURCE);
    expect(items).toHaveLength(1);
    expect(itemErrors).toEqual([expect.objectContaining({ item: URI, raw: expect.stringContaining('"text":5') })]);
  });
});
