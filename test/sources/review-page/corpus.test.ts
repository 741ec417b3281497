/**
 * review-page extraction against ../shared/corpora (read in place, never copied):
 * schema.org's own examples (the same data as microdata, RDFa and JSON-LD → one expected
 * object), extruct's test samples (expected extractor output per syntax) and the constructed
 * hostile pages (XSS payloads, 20,000-deep JSON-LD, a JSON-LD block broken by `</script>`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeBody } from "../../../src/http/charset.js";
import { loadPage, parseJsonLd } from "../../../src/sources/review-page/extract.js";
import { findReviews, toReviewMention, toStarRating, type PageReviews } from "../../../src/sources/review-page/parse.js";

const corpora = resolve(import.meta.dirname, "../../../../shared/corpora");
const schemaorg = join(corpora, "schemaorg-examples");
const extruct = join(corpora, "extruct-samples");
const hostile = join(corpora, "constructed-hostile");

const PAGE = "https://corpus.invalid/page";

function extract(html: string): PageReviews {
  return findReviews(loadPage(html), `review-page ${PAGE}`);
}

function mentionsOf(found: PageReviews) {
  return found.reviews.map((review, i) =>
    toReviewMention(review, { source: `review-page ${PAGE}`, pageUrl: PAGE, stableBase: PAGE, channel: "review", index: i + 1 }),
  );
}

const collapse = (s: unknown) => String(s ?? "").replace(/\s+/gu, " ").trim();

/** Figures printed after the run (and quoted in docs/sources/review-page.md). */
const figures = { schemaorg: { reviews: [0, 0], aggregates: [0, 0] }, extruct: { reviews: [0, 0], aggregates: [0, 0], pages: 0, crashes: 0, lenientJsonLd: [0, 0] } };
afterAll(() => {
  console.info(`review-page corpus figures: ${JSON.stringify(figures)}`);
});

describe.skipIf(!existsSync(schemaorg))("schemaorg-examples: the same data in three syntaxes", () => {
  const names = existsSync(schemaorg) ? readdirSync(schemaorg).filter((f) => f.endsWith(".expected.json")).map((f) => f.replace(".expected.json", "")) : [];
  const cases = names.flatMap((name) => (["jsonld", "microdata", "rdfa"] as const).map((syntax) => [name, syntax] as const));

  it.each(cases)("%s (%s) yields the expected reviews and aggregate rating", (name, syntax) => {
    const expected = JSON.parse(readFileSync(join(schemaorg, `${name}.expected.json`), "utf8")) as {
      review?: Array<{ author: string; datePublished: string; description: string; name: string; reviewRating: unknown }>;
      aggregateRating?: unknown;
    };
    const found = extract(readFileSync(join(schemaorg, `${name}.${syntax}.html`), "utf8"));
    expect(found.itemErrors).toEqual([]);
    const mentions = mentionsOf(found);
    const wanted = expected.review ?? [];
    figures.schemaorg.reviews[0]! += wanted.length;
    figures.schemaorg.aggregates[0]! += expected.aggregateRating ? 1 : 0;
    expect(mentions.map((m) => ({ author: m.author, date: m.publishedAt?.toISOString().slice(0, 10), text: collapse(m.text), title: m.title, rating: m.rating }))).toEqual(
      wanted.map((r) => ({ author: r.author, date: r.datePublished, text: collapse(r.description), title: r.name, rating: toStarRating(r.reviewRating)!.value })),
    );
    figures.schemaorg.reviews[1]! += mentions.length;
    expect(found.aggregates).toHaveLength(expected.aggregateRating ? 1 : 0);
    if (expected.aggregateRating) {
      expect(toStarRating(found.aggregates[0]!.node)).toEqual(toStarRating(expected.aggregateRating));
      figures.schemaorg.aggregates[1]! += 1;
    }
  });
});

/** Review / AggregateRating nodes in an extruct expected file, whatever its envelope. */
function countExpected(value: unknown): { reviews: number; aggregates: number } {
  const counts = { reviews: 0, aggregates: 0 };
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === "object" && v !== null) {
      const record = v as Record<string, unknown>;
      const types = [record["@type"], record.type].flat().filter((t): t is string => typeof t === "string");
      if (types.some((t) => /Review$/u.test(t))) counts.reviews++;
      if (types.some((t) => /AggregateRating$/u.test(t))) counts.aggregates++;
      stack.push(...Object.values(record));
    }
  }
  return counts;
}

interface ExtructCase {
  html: string;
  syntaxes_present: string[];
  expected: Array<{ file: string; format: string }>;
}

describe.skipIf(!existsSync(extruct))("extruct-samples", () => {
  const cases = existsSync(extruct) ? (JSON.parse(readFileSync(join(extruct, "_cases.json"), "utf8")) as { cases: ExtructCase[] }).cases : [];
  const read = (file: string) => decodeBody(readFileSync(join(extruct, file)));

  it.each(cases.map((c) => [c.html, c] as const))("%s: no crash, expected reviews and ratings found", (_name, c) => {
    figures.extruct.pages++;
    let found: PageReviews;
    try {
      found = extract(read(c.html));
    } catch (error) {
      figures.extruct.crashes++;
      throw error;
    }
    // The count per syntax from the expected file of each syntax extruct ran (microdata .json,
    // JSON-LD .jsonld); RDFa expanded output uses full IRIs and is checked for crashes only.
    for (const { file, format } of c.expected) {
      const syntax = format === "jsonld" ? "json-ld" : format === "microdata" ? "microdata" : undefined;
      if (!syntax || (format === "microdata" && /flat|withtext|custom_url/u.test(file))) continue;
      const want = countExpected(JSON.parse(read(file)));
      if (want.reviews === 0 && want.aggregates === 0) continue;
      const got = { reviews: found.reviews.filter((r) => r.syntax === syntax).length, aggregates: found.aggregates.filter((a) => a.syntax === syntax).length };
      figures.extruct.reviews[0]! += want.reviews;
      figures.extruct.aggregates[0]! += want.aggregates;
      figures.extruct.reviews[1]! += Math.min(got.reviews, want.reviews);
      figures.extruct.aggregates[1]! += Math.min(got.aggregates, want.aggregates);
      expect({ file, ...got }).toEqual({ file, ...want });
    }
    // Every review that maps must map without throwing anything but a ParseError.
    mentionsOf({ ...found, reviews: found.reviews.filter((r) => r.node.reviewBody ?? r.node.description ?? r.node.name ?? r.node.reviewRating) });
  });

  it("product_microdata.html (expectation inline in extruct's test_uniform.py): one AggregateRating 4.4 from 89", () => {
    const found = extract(read("misc/product_microdata.html"));
    expect(found.aggregates).toHaveLength(1);
    expect(found.aggregates[0]!.node).toMatchObject({ ratingValue: "4.4", reviewCount: "89" });
  });

  it("w3c/microdata.4.2.meter.html: the rating comes from <meter value>", () => {
    expect(extract(read("w3c/microdata.4.2.meter.html")).aggregates[0]!.node.ratingValue).toBe("3.5");
  });

  it("custom.invalid JSON-LD: lenient parse matches extruct, or the block becomes an ItemError", () => {
    const dir = join(extruct, "custom.invalid");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".html"))) {
      const html = read(`custom.invalid/${file}`);
      const found = extract(html);
      const expected = JSON.parse(read(`custom.invalid/${file.replace(/\.html$/u, ".jsonld")}`)) as unknown[];
      const $ = loadPage(html);
      const blocks = $('script[type="application/ld+json"]')
        .toArray()
        .map((el) => $(el).text());
      figures.extruct.lenientJsonLd[1]! += expected.length;
      for (const block of blocks) {
        let value: unknown;
        try {
          value = parseJsonLd(block);
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError);
          expect(found.itemErrors.some((e) => e.message.includes("invalid JSON"))).toBe(true);
          continue;
        }
        if (expected.some((e) => JSON.stringify(e) === JSON.stringify(value))) figures.extruct.lenientJsonLd[0]! += 1;
      }
    }
    expect(figures.extruct.lenientJsonLd[0]).toBeGreaterThan(0);
  });

  it("every HTML file in the corpus extracts without crashing", () => {
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith(".html") ? [join(dir, f)] : []));
    for (const file of walk(extruct)) expect(() => extract(decodeBody(readFileSync(file)))).not.toThrow();
  });
});

describe.skipIf(!existsSync(hostile))("constructed-hostile pages", () => {
  const blns = existsSync(join(corpora, "blns/blns.json")) ? new Set((JSON.parse(readFileSync(join(corpora, "blns/blns.json"), "utf8")) as string[]).map((s) => s.trim())) : undefined;

  it("deeply-nested-jsonld.html: 20,000 levels end in a bounded-depth ItemError, not a stack overflow", () => {
    const found = extract(readFileSync(join(hostile, "huge/deeply-nested-jsonld.html"), "utf8"));
    expect(found.reviews).toEqual([]);
    expect(found.itemErrors).toEqual([expect.objectContaining({ item: "json-ld block #1", message: expect.stringContaining("nests deeper than 64 levels") })]);
  });

  it("deep microdata nesting is bounded the same way", () => {
    const html = `<div itemscope itemtype="https://schema.org/Thing">${'<div itemprop="about" itemscope itemtype="https://schema.org/Thing">'.repeat(20_000)}x`;
    const found = extract(html);
    expect(found.itemErrors[0]!.message).toContain("nests items deeper than 64 levels");
  });

  it("product-reviews-jsonld-and-microdata.html: 40 review texts and authors come out verbatim (blns payloads)", () => {
    const found = extract(readFileSync(join(hostile, "xss/product-reviews-jsonld-and-microdata.html"), "utf8"));
    expect(found.itemErrors).toEqual([]);
    expect(found.reviews.filter((r) => r.syntax === "json-ld")).toHaveLength(20);
    expect(found.reviews.filter((r) => r.syntax === "microdata")).toHaveLength(20);
    const mentions = mentionsOf(found);
    // Each microdata review's body equals its author cell: both hold the same payload.
    for (const m of mentions) expect(m.text).toBe(m.author);
    if (blns) for (const m of mentions) expect(blns.has(m.text.trim()) || blns.has(collapse(m.text))).toBe(true);
    expect(mentions.some((m) => m.text === "<script>alert(123)</script>")).toBe(true);
  });

  it("jsonld-script-breakout.html: the truncated block is reported, the trailing <script> is not extracted", () => {
    const found = extract(readFileSync(join(hostile, "xss/jsonld-script-breakout.html"), "utf8"));
    expect(found.reviews).toEqual([]);
    expect(found.itemErrors).toEqual([expect.objectContaining({ item: "json-ld block #1" })]);
    expect(found.allBlocksFailed).toBe(true);
  });
});
