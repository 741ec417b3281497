import { describe, expect, it } from "vitest";
import { toExamples, toQuote, toSafeUrl } from "../../src/digest/evidence.js";
import type { EvidenceCandidate } from "../../src/store/sqlite/digest.js";

function candidate(id: number, overrides: Partial<EvidenceCandidate> = {}): EvidenceCandidate {
  return {
    topic: "delivery",
    mentionId: id,
    sourceName: "feed",
    channel: "review",
    lang: "en",
    url: `https://example.com/${id}`,
    title: null,
    text: `Parcel number ${id} arrived two weeks late and nobody told me why it took so long.`,
    publishedAt: Date.UTC(2026, 10, 18),
    rating: null,
    ratingScale: null,
    contentHash: `hash-${id}`,
    evidence: "[]",
    ...overrides,
  };
}

describe("toQuote", () => {
  it.each([
    ["collapses whitespace", "late\n\n  again\tand again", "late again and again"],
    ["drops controls and bidi overrides", "refund\u0007 \u202Eplease\u202C now", "refund please now"],
    ["caps combining-mark stacks (zalgo)", "Z\u0351\u036B\u0343\u036A\u0302\u036B", "Z\u0351\u036B\u0343"],
    ["keeps short text whole", "Still no refund.", "Still no refund."],
  ])("%s", (_name, text, quote) => {
    expect(toQuote(text)).toBe(quote);
  });

  it("cuts long text at a word boundary with an ellipsis, within the limit", () => {
    const quote = toQuote("word ".repeat(200), undefined, 60);
    expect([...quote].length).toBeLessThanOrEqual(60);
    expect(quote.endsWith("word…")).toBe(true);
  });

  it("cuts a 2 MB single-line text without reading it all into the quote", () => {
    expect([...toQuote("x".repeat(2_000_000))].length).toBeLessThanOrEqual(240);
  });

  it("moves the window to the topic's matched words when they lie beyond the cut", () => {
    const text = `${"Lorem ipsum dolor sit amet. ".repeat(20)}The refund never arrived. ${"More text here. ".repeat(20)}`;
    const quote = toQuote(text, "refund", 120);
    expect(quote.startsWith("…")).toBe(true);
    expect(quote).toContain("refund never arrived");
  });
});

describe("toSafeUrl", () => {
  it.each([
    ["https://example.com/r/1", "https://example.com/r/1"],
    ["http://example.com/a b", "http://example.com/a%20b"],
    ["javascript:alert(1)", null],
    ["JaVaScRiPt:alert(1)", null],
    ["data:text/html,<script>alert(1)</script>", null],
    ["/relative/path", null],
    [null, null],
  ])("%s → %s", (url, safe) => {
    expect(toSafeUrl(url)).toBe(safe);
  });
});

describe("toExamples", () => {
  it("prefers a new source, then a new language, over more of the same", () => {
    const picked = toExamples(
      [
        candidate(1, { sourceName: "a", lang: "en" }),
        candidate(2, { sourceName: "a", lang: "en" }),
        candidate(3, { sourceName: "b", lang: "en" }),
        candidate(4, { sourceName: "a", lang: "lt" }),
      ],
      3,
    );
    expect(picked.map((e) => e.mentionId)).toEqual([1, 3, 4]);
  });

  it("skips texts already shown (same content hash or same opening words)", () => {
    const picked = toExamples(
      [
        candidate(1, { sourceName: "a" }),
        candidate(2, { sourceName: "b", contentHash: "hash-1" }),
        candidate(3, { sourceName: "c", text: "Parcel number 1 arrived two weeks late and nobody told me, again!" }),
        candidate(4, { sourceName: "a", text: "A completely different complaint about the courier leaving it in the rain." }),
      ],
      3,
    );
    expect(picked.map((e) => e.mentionId)).toEqual([1, 4]);
  });

  it("returns what there is when fewer candidates exist, with only safe links", () => {
    const [example] = toExamples([candidate(7, { url: "javascript:alert(1)", lang: null, rating: 2, ratingScale: null })], 3);
    expect(example).toMatchObject({ mentionId: 7, url: null, lang: "und", rating: 2, ratingScale: 5, publishedAt: "2026-11-18T00:00:00.000Z" });
  });
});
