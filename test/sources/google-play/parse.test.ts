import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseReviewsAnswer, toMention, toReviewsForm } from "../../../src/sources/google-play/parse.js";

const review = (patch: Record<number, unknown> = {}): unknown[] => {
  const tuple: unknown[] = [
    "4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01",
    ["Jonas P.", [null, 2, null, [null, null, "https://play-lh.googleusercontent.com/a/x"]]],
    1,
    null,
    "Pinigai nuskaičiuoti, užsakymas nepavyko.",
    [1795376467, 512000000],
    3,
    null,
    null,
    null,
    "4.12.0",
  ];
  for (const [i, v] of Object.entries(patch)) tuple[Number(i)] = v;
  return tuple;
};
/** batchexecute escapes these inside payload strings. */
const xssi = (s: string) => s.replace(/=/g, "\\u003d").replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
const envelopes = (payload: string | null, error: unknown = null) =>
  JSON.stringify([["wrb.fr", "UsvDTd", payload, null, null, error, "generic"], ["di", 62], ["af.httprm", 61, "-4715320683150093224", 21]]);
const plain = (data: unknown) => `)]}'\n\n${envelopes(xssi(JSON.stringify(data)))}`;
const chunked = (data: unknown) => {
  const line = envelopes(xssi(JSON.stringify(data)));
  const tail = JSON.stringify([["e", 4, null, null, 0]]);
  return `)]}'\n\n${Buffer.byteLength(line)}\n${line}\n${tail.length}\n${tail}\n`;
};
const parse = (body: string) => parseReviewsAnswer(body, "google-play lt.nordvik.shop/lt", "page 1");

describe("parseReviewsAnswer: framing", () => {
  it.each([
    ["the plain framing (one JSON array after the prefix)", plain([[review()], [null, "TOKEN2"]]), 1, "TOKEN2"],
    // rt=c: a length line before each JSON line; lengths are not trusted.
    ["the chunked rt=c framing", chunked([[review()], [null, "TOKEN2"]]), 1, "TOKEN2"],
    ["chunk lengths that are wrong", chunked([[review()]]).replace(/\n\d+\n/u, "\n7\n"), 1, undefined],
    ["a byte-order mark", `\uFEFF${plain([[review()]])}`, 1, undefined],
    ["the last page: no pager", plain([[review()]]), 1, undefined],
    ["the last page: a null pager", plain([[review()], null]), 1, undefined],
    ["an empty token", plain([[review()], [null, ""]]), 1, undefined],
    // An app with no reviews in the language: null payload and no error, or a null/empty list.
    ["a null payload without error", `)]}'\n\n${envelopes(null)}`, 0, undefined],
    ["a payload that is JSON null", plain(null), 0, undefined],
    ["a payload with an empty list", plain([[]]), 0, undefined],
    ["a payload whose list is null", plain([null, null]), 0, undefined],
  ])("reads %s", (_name, body, reviews, token) => {
    const page = parse(body);
    expect(page.reviews).toHaveLength(reviews);
    expect(page.itemErrors).toEqual([]);
    expect(page.nextToken).toBe(token);
  });

  it("decodes \\u003d-style escapes inside the payload string", () => {
    const page = parse(plain([[review({ 4: "Kaina <100 € & nuolaida = 0" })]]));
    expect(page.reviews[0]!.text).toBe("Kaina <100 € & nuolaida = 0");
  });
});

describe("parseReviewsAnswer: review tuples", () => {
  it.each([
    ["a UUID id, stars, text and version", review(), { id: "4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01", rating: 1, version: "4.12.0", author: "Jonas P." }],
    ["an old gp: id", review({ 0: "gp:AOqpTOGk1nV4rXb2Yd7wZpL0" }), { id: "gp:AOqpTOGk1nV4rXb2Yd7wZpL0" }],
    ["nanoseconds as milliseconds", review(), { at: new Date("2026-11-22T19:41:07.512Z") }],
    ["a time without nanos", review({ 5: [1795376467] }), { at: new Date("2026-11-22T19:41:07Z") }],
    ["a rating without words", review({ 4: null }), { text: "" }],
    ["text with surrounding whitespace trimmed", review({ 4: "  Lūžta.\n" }), { text: "Lūžta." }],
  ])("reads %s", (_name, tuple, expected) => {
    const page = parse(plain([[tuple]]));
    expect(page.itemErrors).toEqual([]);
    expect(page.reviews[0]).toMatchObject(expected);
  });

  it.each([
    ["no version", review({ 10: null }), "version"],
    ["no author", review({ 1: null }), "author"],
  ])("leaves optional fields out: %s", (_name, tuple, key) => {
    expect(parse(plain([[tuple]])).reviews[0]).not.toHaveProperty(key);
  });

  it.each([
    ["stars 0", review({ 2: 0 }), "review 4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01", /stars \(position 2\) are 0, not 1–5/],
    ["stars as a string", review({ 2: "5" }), "review 4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01", /stars .* "5"/],
    ["a missing time", review({ 5: null }), "review 4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01", /time \(position 5\) is null/],
    ["text that is a list", review({ 4: ["x"] }), "review 4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01", /text \(position 4\) is not a string/],
    ["no id", review({ 0: null }), "page 1 review #1", /id \(position 0\) is missing/],
    ["a tuple that is an object", { id: "x" }, "page 1 review #1", /review is not a list/],
  ])("turns %s into an item error and keeps the rest", (_name, bad, item, message) => {
    const page = parse(plain([[bad, review({ 0: "ok-1" })], [null, "T"]]));
    expect(page.reviews.map((r) => r.id)).toEqual(["ok-1"]);
    expect(page.reviewCount).toBe(2);
    expect(page.itemErrors).toEqual([expect.objectContaining({ item, message: expect.stringMatching(message) })]);
    expect(page.nextToken).toBe("T");
  });
});

describe("parseReviewsAnswer: broken answers", () => {
  it.each([
    ["no )]}' prefix", envelopes("[]"), /does not start with \)\]\}'$/],
    ["an HTML consent page", "<!doctype html><html><form action=\"https://consent.google.com/save\">", /\(an HTML consent, sign-in or block page\?\)/],
    ["a truncated body", plain([[review()]]).slice(0, 80), /batchexecute body is not JSON/],
    ["a truncated chunk", chunked([[review()]]).slice(0, 90), /batchexecute chunk is not JSON/],
    ["an answer for another RPC", `)]}'\n\n${JSON.stringify([["wrb.fr", "qnKhOb", "[]", null, null, null, "generic"]])}`, /no "UsvDTd" answer in the batch/],
    ["a batch-level er line", `)]}'\n\n${JSON.stringify([["er", null, null, null, null, 400, null, null, null, 3]])}`, /batchexecute error \["er"/],
    ["an RPC error slot", `)]}'\n\n${envelopes(null, [3])}`, /UsvDTd failed with error \[3\]/],
    ["a payload string that is not JSON", `)]}'\n\n${envelopes("[[[\"x\"")}`, /UsvDTd payload is not JSON/],
    ["a payload whose reviews are an object", plain([{ a: 1 }]), /payload\[0\] \(the reviews\) is not a list/],
    ["a payload that is a number", plain(7), /payload is not a list/],
  ])("raises a ParseError for %s, naming app, language and page", (_name, body, detail) => {
    let error: unknown;
    try {
      parse(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^google-play lt\.nordvik\.shop\/lt: cannot parse page 1: /u);
    expect((error as ParseError).message).toMatch(detail);
  });
});

describe("toReviewsForm", () => {
  it.each([
    ["the first page: no token", { appId: "lt.nordvik.shop", count: 100 }, [100, null, null]],
    ["a next page: the token in the count triple", { appId: "lt.nordvik.shop", count: 150, token: "CpEBCo4B" }, [150, null, "CpEBCo4B"]],
  ])("builds %s, sorted newest first", (_name, request, triple) => {
    const form = toReviewsForm(request);
    const [[[rpcId, inner, third, fourth]]] = JSON.parse(form["f.req"]!) as [[[string, string, null, string]]];
    expect([rpcId, third, fourth]).toEqual(["UsvDTd", null, "generic"]);
    expect(JSON.parse(inner)).toEqual([null, null, [2, 2, triple, null, []], ["lt.nordvik.shop", 7]]);
  });
});

describe("toMention", () => {
  it("links the review on the public store page whatever host served it", () => {
    const [item] = parse(plain([[review()]])).reviews;
    expect(toMention(item!, { appId: "lt.nordvik.shop", lang: "lt" })).toMatchObject({
      url: "https://play.google.com/store/apps/details?id=lt.nordvik.shop&reviewId=4c6e0a1e-52f1-4d0b-9a77-3f2a6d1c8e01",
      channel: "app_store",
      rating: 1,
      ratingScale: 5,
      lang: "lt",
    });
  });
});
