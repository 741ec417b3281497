/**
 * Runs the reddit parser over real Reddit API bodies from PRAW's cassettes
 * (../shared/corpora/reddit-praw-cassettes, see its README): every Listing parses, its child
 * count and `after` cursor match `_index.json`'s `shape`, every t1/t3 child maps without an item
 * error, and non-Listing bodies are refused with a ParseError, never a crash.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseRedditListing, toRedditItems } from "../../../src/sources/reddit/parse.js";

const dir = join(import.meta.dirname, "../../../../shared/corpora/reddit-praw-cassettes");

interface Shape {
  kind?: string;
  children?: number;
  child_kinds?: string[];
  after?: string | null;
}
interface IndexEntry {
  file: string;
  request: string;
  shape: Shape | Shape[];
}

describe.skipIf(!existsSync(dir))("reddit corpus: reddit-praw-cassettes", () => {
  const index = existsSync(dir) ? (JSON.parse(readFileSync(join(dir, "_index.json"), "utf8")) as { responses: IndexEntry[] }).responses : [];
  const figures = { files: 0, listings: 0, things: 0, mentions: 0, gone: 0, skippedKinds: 0, itemErrors: 0, rejected: 0 };

  it.each(index.map((entry) => [entry.file, entry] as const))("%s matches its recorded shape", (file, entry) => {
    figures.files++;
    const body = readFileSync(join(dir, file), "utf8");
    const shapes = Array.isArray(entry.shape) ? entry.shape : [entry.shape];
    // /comments/<id> answers [post Listing, comment Listing]: not a listing endpoint earshot calls,
    // so the whole body is refused, and each element is checked as a Listing on its own.
    const parts: string[] = Array.isArray(entry.shape) ? (JSON.parse(body) as unknown[]).map((part) => JSON.stringify(part)) : [body];
    if (Array.isArray(entry.shape)) expect(() => parseRedditListing(body, file)).toThrow(ParseError);
    parts.forEach((part, i) => {
      const shape = shapes[i]!;
      if (shape.kind !== "Listing") {
        expect(() => parseRedditListing(part, file)).toThrow(ParseError);
        figures.rejected++;
        return;
      }
      const listing = parseRedditListing(part, file);
      figures.listings++;
      expect(listing.data.children).toHaveLength(shape.children ?? -1);
      expect(listing.data.after).toBe(shape.after ?? null);
      const { items, itemErrors } = toRedditItems(listing, file);
      expect(itemErrors).toEqual([]);
      const readable = listing.data.children.filter((c) => c.kind === "t1" || c.kind === "t3");
      expect(items).toHaveLength(readable.length);
      figures.things += readable.length;
      figures.skippedKinds += listing.data.children.length - readable.length;
      figures.mentions += items.filter((item) => item.draft).length;
      figures.gone += items.filter((item) => !item.draft).length;
      figures.itemErrors += itemErrors.length;
      for (const item of items) {
        expect(item.fullname).toMatch(/^t[13]_[0-9a-z]+$/u);
        expect(Number.isNaN(item.createdMs)).toBe(false);
        if (item.draft) expect(item.draft.url).toMatch(/^https:\/\/www\.reddit\.com\/r\/[^/]+\/comments\//u);
      }
    });
  });

  it("parses every listing in the corpus (figures)", () => {
    // 30 responses: 37 Listings (14 of them from 7 [post, comments] pairs), 1 error body refused.
    expect(figures).toMatchObject({ files: index.length, rejected: 1, itemErrors: 0 });
    expect(figures.things).toBeGreaterThan(1500);
    console.info(`reddit corpus: ${JSON.stringify(figures)}`);
  });
});
