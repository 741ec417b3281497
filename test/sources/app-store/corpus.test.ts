import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReviewPage, toMention } from "../../../src/sources/app-store/parse.js";

/** Real Apple feed (ING app, NL storefront), 8 of 50 entries kept: ../shared/corpora/appstore-customerreviews-json/README.md */
const dir = join(process.cwd(), "..", "shared", "corpora", "appstore-customerreviews-json");

describe.skipIf(!existsSync(dir))("app-store corpus: appstore-customerreviews-json", () => {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];

  it.each(files)("%s parses into reviews with the shape the README states", (file) => {
    const body = readFileSync(join(dir, file), "utf8");
    const page = parseReviewPage(body, `app-store corpus ${file}`, "page 1");
    expect(page.itemErrors).toEqual([]);
    expect(page.entryCount).toBe(8);
    expect(page.reviews).toHaveLength(8);
    for (const review of page.reviews) {
      expect(review.id).toMatch(/^\d+$/u);
      expect(review.rating).toBeGreaterThanOrEqual(1);
      expect(review.rating).toBeLessThanOrEqual(5);
      expect(review.version).toBe("2023.2.0");
      expect(Number.isNaN(review.updatedAt.getTime())).toBe(false);
    }
    const drafts = page.reviews.map((r) => toMention(r));
    // README: emoji-only title, a ")" in an author name, a "." title with ".:" body, "\n\n" inside content.
    expect(drafts[0]).toMatchObject({ externalId: "9571111689", title: "👎", author: "Tony18Jr", rating: 1 });
    expect(drafts.map((d) => d.author)).toContain("Len)Len");
    expect(drafts.find((d) => d.title === ".")?.text).toBe(".:");
    expect(drafts.some((d) => d.text.includes("\n\n"))).toBe(true);
    // Newest first in the feed; "updated" carries Apple's -07:00 offset.
    expect(page.reviews[0]!.updatedAt.toISOString()).toBe("2023-02-01T12:06:45.000Z");
  });
});
