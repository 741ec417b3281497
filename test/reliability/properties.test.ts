/**
 * Property-based tests (fast-check): any string into any parser ends in a result or the
 * documented ParseError, never another exception, and what comes out is within the
 * MentionDraft schema; any input into the classifier gives a Classification within its schema.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createClassifier } from "../../src/classify/index.js";
import { SENTIMENTS, STAGES } from "../../src/core/classification.js";
import { ParseError } from "../../src/core/errors.js";
import { CHANNELS, type MentionDraft } from "../../src/core/mention.js";
import { parseReviewPage, toMention as toAppStoreMention } from "../../src/sources/app-store/parse.js";
import { parseBlueskySearch, toBlueskyItems } from "../../src/sources/bluesky/parse.js";
import { parseExport, toFileMention } from "../../src/sources/file/parse.js";
import { parseReviewsAnswer, toMention as toGooglePlayMention } from "../../src/sources/google-play/parse.js";
import { parseSearchPage, toMention as toHnMention } from "../../src/sources/hackernews/parse.js";
import { parseMastodonTimeline, toMastodonItems } from "../../src/sources/mastodon/parse.js";
import { parseRedditListing, toRedditItems } from "../../src/sources/reddit/parse.js";
import { loadPage } from "../../src/sources/review-page/extract.js";
import { findReviews, toReviewMention } from "../../src/sources/review-page/parse.js";
import { parseFeed, toMention as toFeedMention } from "../../src/sources/rss/parse.js";

const RUNS = 200;

function expectDraft(draft: MentionDraft): void {
  expect(typeof draft.externalId).toBe("string");
  expect(draft.externalId.length).toBeGreaterThan(0);
  expect(typeof draft.text).toBe("string");
  expect(CHANNELS).toContain(draft.channel);
  if (draft.publishedAt !== undefined) expect(Number.isNaN(draft.publishedAt.getTime())).toBe(false);
  if (draft.rating !== undefined) expect(Number.isFinite(draft.rating)).toBe(true);
  for (const field of ["url", "author", "title", "lang", "raw"] as const) if (draft[field] !== undefined) expect(typeof draft[field]).toBe("string");
}

/** Runs `parse`; a ParseError is a valid outcome, anything else thrown fails the property. */
function parsesOrRefuses(parse: () => MentionDraft[]): void {
  let drafts: MentionDraft[];
  try {
    drafts = parse();
  } catch (error) {
    if (error instanceof ParseError) return;
    throw error;
  }
  drafts.forEach(expectDraft);
}

/** Strings shaped like the inputs: JSON values, JSON with a wrong shape, markup, and anything. */
const jsonText = fc.oneof(fc.json({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ data: { children: [v] }, posts: [v], hits: [v], feed: { entry: [v] }, items: [v] })));
const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: "binary", maxLength: 200 }), jsonText);
const tag = fc.constantFrom("rss", "channel", "item", "title", "link", "description", "feed", "entry", "content", "guid", "pubDate", "!DOCTYPE x", "![CDATA[", "script", "div");
const markup = fc.array(fc.oneof(tag.map((t) => `<${t}>`), tag.map((t) => `</${t}>`), fc.string({ maxLength: 30 }), fc.constant("&amp;"), fc.constant("&#0;")), { maxLength: 40 }).map((parts) => parts.join(""));
const feedText = fc.oneof(anyText, markup, markup.map((m) => `<?xml version="1.0"?><rss version="2.0"><channel>${m}</channel></rss>`), markup.map((m) => `<feed xmlns="http://www.w3.org/2005/Atom">${m}</feed>`));

describe("parsers never throw anything but ParseError, and map into the MentionDraft schema", () => {
  it.each([
    ["rss/atom/json feed", feedText, (body: string) => {
      const feed = parseFeed(body, "prop");
      return feed.items.map((item) => toFeedMention(item, feed, { channel: "news" }));
    }],
    ["app-store", anyText, (body: string) => parseReviewPage(body, "prop", "page 1").reviews.map((r) => toAppStoreMention(r))],
    ["google-play", fc.oneof(anyText, jsonText.map((j) => `)]}'\n\n${j.length}\n[["wrb.fr","UsvDTd",${JSON.stringify(j)}]]`)), (body: string) => parseReviewsAnswer(body, "prop", "page 1").reviews.map((r) => toGooglePlayMention(r, { appId: "x" }))],
    ["hackernews", anyText, (body: string) => parseSearchPage(body, "prop", "page 1").hits.map((h) => toHnMention(h))],
    ["mastodon", anyText, (body: string) => toMastodonItems(parseMastodonTimeline(body, "prop"), "prop", "example.social").items.map((i) => i.draft)],
    ["reddit", anyText, (body: string) => toRedditItems(parseRedditListing(body, "prop"), "prop").items.flatMap((i) => (i.draft ? [i.draft] : []))],
    ["bluesky", anyText, (body: string) => toBlueskyItems(parseBlueskySearch(body, "prop").posts, "prop").items.map((i) => i.draft)],
    ["review-page", fc.oneof(markup, jsonText.map((j) => `<script type="application/ld+json">${j}</script>`)), (body: string) =>
      findReviews(loadPage(body), "prop").reviews.map((r, i) => toReviewMention(r, { source: "prop", pageUrl: "https://example.invalid/p", stableBase: "https://example.invalid/p", channel: "review", index: i + 1 }))],
    ["file (csv)", anyText, (body: string) => {
      const config = { columns: { id: "id", text: "text", author: "author", date: "date", rating: "rating" }, ratingScale: 5 as const, channel: "survey" as const };
      const { rows } = parseExport(`id,text,author,date,rating\n${body}`, "csv", config.columns, "prop");
      return rows.flatMap((row) => {
        try {
          return [toFileMention(row, { config, source: "prop" }).mention];
        } catch (error) {
          if (error instanceof ParseError) return [];
          throw error;
        }
      });
    }],
    ["file (jsonl)", anyText, (body: string) => {
      const config = { columns: { id: "id", text: "text" }, ratingScale: 5 as const, channel: "survey" as const };
      return parseExport(body, "jsonl", config.columns, "prop").rows.flatMap((row) => {
        try {
          return [toFileMention(row, { config, source: "prop" }).mention];
        } catch (error) {
          if (error instanceof ParseError) return [];
          throw error;
        }
      });
    }],
  ] as const)("%s", (_name, arbitrary, parse) => {
    fc.assert(fc.property(arbitrary as fc.Arbitrary<string>, (body) => parsesOrRefuses(() => (parse as (b: string) => MentionDraft[])(body))), { numRuns: RUNS });
  });
});

describe("the classifier accepts any input and answers within its schema", () => {
  const classifier = createClassifier();
  it("never throws; labels, score, topics and stages are valid", () => {
    fc.assert(
      fc.property(
        fc.record({
          text: fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ unit: "binary", maxLength: 200 })),
          title: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
          lang: fc.option(fc.oneof(fc.constantFrom("en", "lt", "ru", "fi", "und", "xx"), fc.string({ maxLength: 5 })), { nil: undefined }),
          rating: fc.option(fc.oneof(fc.integer({ min: -5, max: 15 }), fc.double()), { nil: undefined }),
          ratingScale: fc.option(fc.constantFrom(5, 10), { nil: undefined }),
        }),
        (input) => {
          const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as typeof input;
          const result = classifier.classify(clean);
          expect(typeof result.lang).toBe("string");
          expect(SENTIMENTS).toContain(result.sentiment);
          expect(result.sentimentScore).toBeGreaterThanOrEqual(-1);
          expect(result.sentimentScore).toBeLessThanOrEqual(1);
          expect(typeof result.complaint).toBe("boolean");
          for (const topic of result.topics) expect(classifier.stageOf(topic)).toBeDefined();
          for (const stage of result.stages) expect(STAGES).toContain(stage);
          for (const evidence of result.evidence) if (evidence.start !== undefined && evidence.end !== undefined) expect(evidence.start).toBeLessThanOrEqual(evidence.end);
          expect(result.version).toBe(classifier.version);
        },
      ),
      { numRuns: 300 },
    );
  });
});
