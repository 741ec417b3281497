import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { describeFigures, evaluateFeedparserCorpus, evaluateRssParserCorpus, runHostileFiles } from "./corpus.js";

// ../shared sits beside the repository on the development machines; CI without it skips cleanly.
const corpora = resolve(import.meta.dirname, "../../../../shared/corpora");
const feedparserDir = join(corpora, "feedparser-tests");
const rssParserDir = join(corpora, "rss-parser-tests");
const hostileDir = join(corpora, "constructed-hostile");
const defusedDir = join(corpora, "defusedxml-xmltestdata");

describe.skipIf(!existsSync(feedparserDir))("parseFeed over feedparser-tests", () => {
  it("never crashes and meets the title/link/date/content expectations it can", () => {
    const figures = evaluateFeedparserCorpus(feedparserDir);
    console.log(describeFigures("feedparser-tests", figures));
    expect(figures.crashMessages).toEqual([]);
    expect(figures.files).toBe(2107);
    // Rejected on purpose: 2 documents declaring DTD entities, 1 empty document, and 14 UTF-16/32
    // files the HTTP layer's decodeBody does not detect without a BOM (NUL bytes in the prolog).
    expect(figures.rejected).toBeLessThanOrEqual(17);
    // Measured 1262/1323 (95.4%); 31 of the misses are entries with no id/link/title/content,
    // which earshot turns into ItemErrors by design. The floor sits slightly below.
    expect(figures.expectationsMet / figures.expectationsTotal).toBeGreaterThanOrEqual(0.94);
    expect(figures.byField.title.met / figures.byField.title.total).toBeGreaterThanOrEqual(0.97);
    expect(figures.byField.content.met / figures.byField.content.total).toBeGreaterThanOrEqual(0.96);
  });
});

describe.skipIf(!existsSync(rssParserDir))("parseFeed over rss-parser-tests", () => {
  it("never crashes, refuses the HTML page and matches the golden outputs' common fields", () => {
    const figures = evaluateRssParserCorpus(rssParserDir);
    console.log(describeFigures("rss-parser-tests", figures));
    expect(figures.crashMessages).toEqual([]);
    expect(figures.files).toBe(31);
    expect(figures.byField.rejection).toEqual({ met: 2, total: 2 });
    // Measured 6109/6179 (98.9%). Misses: uolNoticias' golden has U+FFFD where the latin-1 bytes
    // were, reddit-atom/home goldens reorder mixed content (xml2js), incomplete-fields' only entry
    // has nothing to keep.
    expect(figures.expectationsMet / figures.expectationsTotal).toBeGreaterThanOrEqual(0.98);
    for (const field of ["title", "link", "id", "date"] as const) {
      expect(figures.byField[field].met / figures.byField[field].total, field).toBeGreaterThanOrEqual(0.98);
    }
  });
});

describe.skipIf(!existsSync(hostileDir) || !existsSync(defusedDir))("parseFeed over hostile XML", () => {
  let cached: ReturnType<typeof runHostileFiles> | undefined;
  const results = () =>
    (cached ??= [
    ...runHostileFiles(join(hostileDir, "xml"), /\.(xml|rss|atom)$/),
    ...runHostileFiles(join(hostileDir, "encoding"), /\.rss$/),
    ...runHostileFiles(join(hostileDir, "huge"), /\.rss$/),
    ...runHostileFiles(join(hostileDir, "xss"), /\.rss$/),
    ...runHostileFiles(defusedDir, /\.xml$/),
  ]);

  it("never crashes, refuses entity declarations and expands nothing", () => {
    const all = results();
    const counts = { files: all.length, parsed: 0, rejected: 0, crashed: 0 };
    for (const r of all) counts[r.outcome]++;
    console.log(`hostile xml (constructed-hostile + defusedxml): ${JSON.stringify(counts)}`);
    expect(all.filter((r) => r.outcome === "crashed")).toEqual([]);
    // Every bomb, XXE and parameter-entity file declares entities and is refused before parsing.
    const bombs = all.filter((r) => /billion|quadratic|xxe|xmlbomb|cyclic|external/.test(r.file));
    expect(bombs.length).toBeGreaterThanOrEqual(12);
    for (const r of bombs) expect(r.detail, r.file).toContain("DTD entity declarations are not allowed");
    // Whatever parsed produced no more text than it read: nothing was expanded or fetched.
    for (const r of all.filter((x) => x.outcome === "parsed")) expect(r.outputChars, r.file).toBeLessThanOrEqual(r.inputChars + 1000);
  });

  it("parses a feed with an external DTD reference without fetching it", () => {
    const r = results().find((x) => x.file.endsWith("dtd-retrieval-in-rss.rss"));
    expect(r?.outcome).toBe("parsed");
  });
});
