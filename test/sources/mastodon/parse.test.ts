import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { compareIds, parseLinkHeader, parseMastodonSearch, parseMastodonTimeline, toMastodonItem, toMastodonItems } from "../../../src/sources/mastodon/parse.js";

const SOURCE = "mastodon test #nordvik";
const HOST = "mastodon.example";

const status = (fields: Record<string, unknown> = {}) => ({
  id: "117664510771200485",
  created_at: "2026-11-23T07:12:30.000Z",
  spoiler_text: "",
  visibility: "public",
  language: "lt",
  uri: "https://lt.example/users/gintare/statuses/117664510771200488",
  url: "https://lt.example/@gintare/117664510771200488",
  content: '<p>Nordvik neatsako &amp; tyli.<br />Antra eilutė <a href="https://mastodon.example/tags/nordvik" class="mention hashtag" rel="tag">#<span>Nordvik</span></a></p>',
  reblog: null,
  account: { id: "1", username: "gintare", acct: "gintare@lt.example", display_name: "Gintarė", url: "https://lt.example/@gintare" },
  tags: [{ name: "nordvik", url: "https://mastodon.example/tags/nordvik" }],
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

describe("parseMastodonTimeline / parseMastodonSearch", () => {
  it.each([
    // The documentation's timeline examples elide items like this (mastodon-api-examples invalid-as-published/).
    ["commented JSON", '[{"id": "1"}, // ...\n]', parseMastodonTimeline, /invalid JSON/u],
    ["truncated JSON", '[{"id":"1","content":"<p>Nordv', parseMastodonTimeline, /invalid JSON/u],
    // entities/Error.md; some proxies send it with status 200.
    ["an Error entity instead of a timeline", '{"error":"This API requires an authenticated user"}', parseMastodonTimeline, /an error: "This API requires an authenticated user"/u],
    ["an HTML maintenance page", "<!DOCTYPE html><title>Maintenance</title>", parseMastodonTimeline, /HTML page/u],
    ["a timeline where a Search was expected", "[]", parseMastodonSearch, /Search object/u],
    ["a Search without statuses", '{"accounts":[],"hashtags":[]}', parseMastodonSearch, /Search object/u],
  ])("rejects %s with a ParseError naming the source", (_name, body, parse, detail) => {
    const error = caught(() => parse(body, SOURCE));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^mastodon test #nordvik: /u);
    expect((error as ParseError).message).toMatch(detail);
  });

  it("returns the statuses of a timeline and of a Search", () => {
    expect(parseMastodonTimeline(JSON.stringify([status()]), SOURCE)).toHaveLength(1);
    expect(parseMastodonSearch(JSON.stringify({ accounts: [], statuses: [status(), status()], hashtags: [] }), SOURCE)).toHaveLength(2);
  });
});

describe("toMastodonItem", () => {
  it.each([
    [
      "HTML content to text, entities decoded, <br> kept as a line break",
      status(),
      { externalId: "https://lt.example/users/gintare/statuses/117664510771200488", text: "Nordvik neatsako & tyli.\nAntra eilutė #Nordvik", lang: "lt", author: "gintare@lt.example", url: "https://lt.example/@gintare/117664510771200488" },
    ],
    // Local accounts have a bare acct; the instance completes it.
    ["a local author", status({ account: { acct: "pixel_pia" } }), { author: "pixel_pia@mastodon.example" }],
    // A content warning is the title (entities/Status.md spoiler_text).
    ["a content warning", status({ spoiler_text: "customer service rant" }), { title: "customer service rant" }],
    // language is null when the client did not set it; regional tags are reduced.
    ["language null", status({ language: null }), { lang: undefined }],
    ["language en-GB", status({ language: "en-GB" }), { lang: "en" }],
    // Remote posts without an HTML page: the ActivityPub uri is the link.
    ["url null", status({ url: null }), { url: "https://lt.example/users/gintare/statuses/117664510771200488" }],
    // Mastodon's link rendering hides parts of URLs in "invisible" spans; the text keeps the full URL.
    ["a link with invisible spans", status({ content: '<p><a href="https://nordvik.example/grazinimai"><span class="invisible">https://</span><span class="">nordvik.example/grazinimai</span><span class="invisible"></span></a></p>' }), { text: "https://nordvik.example/grazinimai" }],
    // Media-only posts have empty content.
    ["empty content", status({ content: "" }), { text: "" }],
  ])("maps %s", (_name, value, expected) => {
    const item = toMastodonItem(value, SOURCE, HOST);
    for (const [key, want] of Object.entries(expected)) expect(item.draft[key as "text"]).toEqual(want);
    expect(item.draft.channel).toBe("social");
    expect(item.draft.publishedAt?.toISOString()).toBe("2026-11-23T07:12:30.000Z");
    expect(JSON.parse(item.draft.raw!)).toEqual(value);
  });

  it("reads a boost through to the boosted status but pages by the boost's id", () => {
    const boosted = status({ id: "999", uri: "https://suomi.example/users/aleksi/statuses/5", content: "<p>Nordvikin sovellus kaatuu</p>", account: { acct: "aleksi@suomi.example" } });
    const item = toMastodonItem(status({ id: "117664510771200999", content: "", reblog: boosted }), SOURCE, HOST);
    expect(item.id).toBe("117664510771200999");
    expect(item.draft).toMatchObject({ externalId: "https://suomi.example/users/aleksi/statuses/5", text: "Nordvikin sovellus kaatuu", author: "aleksi@suomi.example" });
  });

  it.each([
    ["no id", status({ id: undefined }), "status 0", /"id"/u],
    ["a bad created_at", status({ created_at: "yesterday" }), "status 117664510771200485", /"created_at" is "yesterday", not a date/u],
    ["no uri", status({ uri: null }), "status 117664510771200485", /"uri"/u],
    ["content not a string", status({ content: 7 }), "status 117664510771200485", /"content"/u],
    ["no account", status({ account: null }), "status 117664510771200485", /"account.acct"/u],
    ["a broken boost", status({ reblog: { id: "1", content: "x" } }), "status 117664510771200485", /"reblog.created_at"/u],
    ["not an object", "just text", "status 0", /not a Status object/u],
  ])("refuses %s with a ParseError naming the status", (_name, value, item, detail) => {
    const error = caught(() => toMastodonItem(value, SOURCE, HOST));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).item).toBe(item);
    expect((error as ParseError).message).toContain(`mastodon test #nordvik: cannot parse ${item}:`);
    expect((error as ParseError).message).toMatch(detail);
  });

  it("keeps the good statuses of a page and reports the bad one", () => {
    const { items, itemErrors } = toMastodonItems([status(), status({ id: "5", created_at: null })], SOURCE, HOST);
    expect(items).toHaveLength(1);
    expect(itemErrors).toEqual([expect.objectContaining({ item: "status 5", raw: expect.stringContaining('"id":"5"') })]);
  });
});

describe("parseLinkHeader", () => {
  it.each([
    [
      "Mastodon's next/prev pair",
      '<https://m.example/api/v1/timelines/tag/nordvik?max_id=1>; rel="next", <https://m.example/api/v1/timelines/tag/nordvik?min_id=9>; rel="prev"',
      { next: "https://m.example/api/v1/timelines/tag/nordvik?max_id=1", prev: "https://m.example/api/v1/timelines/tag/nordvik?min_id=9" },
    ],
    // RFC 8288 allows unquoted rel values and extra parameters.
    ["unquoted rel and extra params", "<https://m.example/a?min_id=2>; rel=prev; title=\"newer\"", { prev: "https://m.example/a?min_id=2" }],
    ["no header", undefined, {}],
    ["garbage", "not a link header", {}],
  ])("parses %s", (_name, header, expected) => {
    expect(parseLinkHeader(header)).toEqual(expected);
  });
});

describe("compareIds", () => {
  it.each([
    // Snowflake ids grow in length over time: compare numerically, not as strings.
    ["99", "100", -1],
    ["117664510771200485", "117653375614976097", 1],
    // Pleroma/Akkoma flake ids and GoToSocial ULIDs sort as strings.
    ["01JDB4Z7K0", "01JDB4Z7K1", -1],
    ["7", "7", 0],
  ])("orders %s against %s", (a, b, sign) => {
    expect(Math.sign(compareIds(a, b))).toBe(sign);
  });
});
