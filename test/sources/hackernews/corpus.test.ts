import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSearchPage, toMention } from "../../../src/sources/hackernews/parse.js";

/** Real Algolia HN responses captured as test mocks: ../shared/corpora/hn-algolia-samples/README.md */
const dir = join(process.cwd(), "..", "shared", "corpora", "hn-algolia-samples");
const read = (file: string) => readFileSync(join(dir, file), "utf8");

describe.skipIf(!existsSync(dir))("hackernews corpus: hn-algolia-samples", () => {
  it("search_by_date comments: 8 comment hits with text decoded and no markup left", () => {
    const page = parseSearchPage(read("search_by_date.comments.hitsPerPage8.page123.json"), "hackernews corpus", "page 123");
    expect(page.itemErrors).toEqual([]);
    expect(page.hits).toHaveLength(8);
    expect(page.hits.every((h) => h.type === "comment" && h.title === undefined && h.storyTitle !== undefined)).toBe(true);
    const first = toMention(page.hits[0]!);
    expect(first).toMatchObject({ externalId: "32167219", author: "sarchertech", url: "https://news.ycombinator.com/item?id=32167219", publishedAt: new Date(1658331077 * 1000) });
    // README: entities like &#x27; and <p> separators must be decoded, not shown raw.
    expect(first.text).toBe("I followed the author's links to the course they got started with, and it's all just very self referential.\nBuy this course I'm selling. It will teach you to do the stuff I did to make this thing that I got you to pay me for.");
    for (const hit of page.hits) expect(hit.text).not.toMatch(/&#x27;|&quot;|<p>|<a /u);
  });

  it("search stories: 4 story hits, <em> highlight markup never leaks into text or title", () => {
    const page = parseSearchPage(read("search.stories.query-foo.sampled-4-of-10-hits.json"), "hackernews corpus", "page 0");
    expect(page.itemErrors).toEqual([]);
    expect(page).toMatchObject({ nbHits: 33933, nbPages: 50, hitCount: 4 });
    expect(page.hits.every((h) => h.type === "story")).toBe(true);
    for (const hit of page.hits) {
      expect(hit.title).not.toMatch(/<em>/u);
      expect(hit.raw).not.toContain("_highlightResult");
    }
    // The April Fools story has url "" and HTML story_text with entities.
    const ask = page.hits.find((h) => h.id === "7507297")!;
    expect(ask.link).toBeUndefined();
    expect(ask.text).toMatch(/^I have a sense of humor\.\s+Really I do\.\nI just don't find/u);
    expect(ask.text).toContain('Corporate drone: "Larry, Sergey');
  });
});
