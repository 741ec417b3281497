/**
 * Evaluates parseFeed against the third-party feed corpora in ../shared/corpora (see each
 * corpus README): feedparser-tests' `_expectations.json` clauses and rss-parser-tests' golden
 * outputs, mapped onto earshot's ParsedFeed. Pure apart from reading the corpus files, so a
 * summary script can reuse it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ParseError } from "../../../src/core/errors.js";
import { decodeBody } from "../../../src/http/charset.js";
import { parseFeed, type ParsedFeed, type ParsedItem } from "../../../src/sources/rss/parse.js";
import { htmlToText, looksLikeHtml } from "../../../src/text/html.js";

/** Field groups reported separately; "count" is the number of entries. */
export const FIELDS = ["title", "link", "id", "date", "content", "author", "language", "count", "rejection"] as const;
/** Expectations on entries earshot skips on purpose (no id, link, title or content: an ItemError). */
const SKIPPED_ITEM = "(item skipped: no id, link, title or content)";
export type Field = (typeof FIELDS)[number];

export interface CorpusFigures {
  files: number;
  /** parseFeed returned a feed. */
  parsed: number;
  /** parseFeed threw ParseError (a clear, intended refusal). */
  rejected: number;
  /** parseFeed threw anything else. Must be 0. */
  crashes: number;
  crashMessages: string[];
  expectationsMet: number;
  expectationsTotal: number;
  /** Unmet expectations whose entry earshot deliberately turned into an ItemError. */
  unmetOnSkippedItems: number;
  byField: Record<Field, { met: number; total: number }>;
  /** Unmet expectations, for debugging: `file: path expected … got …`. */
  misses: string[];
}

type Outcome = { feed: ParsedFeed } | { error: ParseError } | { crash: unknown };

function emptyFigures(): CorpusFigures {
  const byField = Object.fromEntries(FIELDS.map((f) => [f, { met: 0, total: 0 }])) as CorpusFigures["byField"];
  return { files: 0, parsed: 0, rejected: 0, crashes: 0, crashMessages: [], expectationsMet: 0, expectationsTotal: 0, unmetOnSkippedItems: 0, byField, misses: [] };
}

function run(figures: CorpusFigures, file: string, body: string, baseUrl?: string): Outcome {
  figures.files++;
  try {
    const feed = parseFeed(body, file, baseUrl ? { baseUrl } : {});
    figures.parsed++;
    return { feed };
  } catch (error) {
    if (error instanceof ParseError) {
      figures.rejected++;
      return { error };
    }
    figures.crashes++;
    figures.crashMessages.push(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
    return { crash: error };
  }
}

function record(figures: CorpusFigures, field: Field, met: boolean, miss: string): void {
  figures.byField[field].total++;
  figures.expectationsTotal++;
  if (met) {
    figures.byField[field].met++;
    figures.expectationsMet++;
  } else {
    figures.misses.push(miss);
    if (miss.includes(SKIPPED_ITEM)) figures.unmetOnSkippedItems++;
  }
}

/** Markup-insensitive comparison form: HTML reduced to text, whitespace collapsed. */
export function comparable(value: string): string {
  return (looksLikeHtml(value) ? htmlToText(value) : value).replace(/\s+/g, " ").trim();
}

/**
 * Text equality as a reader sees it: the expected value may be HTML (feedparser keeps sanitised
 * markup) or plain text with literal brackets (Atom type="text"); whitespace is ignored because
 * serialisers re-indent markup. An empty expectation matches an absent field: earshot drops
 * fields with no text (a title that is only an <img>).
 */
function sameText(ours: string | undefined, expected: unknown): boolean {
  if (typeof expected !== "string") return false;
  const squash = (s: string) => s.replace(/\s+/g, "");
  const wanted = comparable(expected);
  if (ours === undefined) return wanted === "";
  return squash(ours) === squash(wanted) || squash(ours) === squash(expected);
}

function decode(bytes: Buffer, contentType?: string): string {
  return decodeBody(bytes, contentType);
}

// ---------------------------------------------------------------------------------------------
// feedparser-tests

interface FeedparserClause {
  bozo?: boolean;
  path?: Array<string | number>;
  equals?: unknown;
  length?: number;
}

interface FeedparserCase {
  file: string;
  clauses: FeedparserClause[];
  http_headers?: Record<string, string>;
}

/** A clause mapped onto earshot's model: which field group it checks and whether it holds. */
type Check = { field: Field; met: (feed: ParsedFeed) => boolean; got: (feed: ParsedFeed) => unknown };

const sameDate = (ours: Date | undefined, expected: unknown): boolean => {
  if (!ours || !Array.isArray(expected) || expected.length < 6) return false;
  const parts = [ours.getUTCFullYear(), ours.getUTCMonth() + 1, ours.getUTCDate(), ours.getUTCHours(), ours.getUTCMinutes(), ours.getUTCSeconds()];
  return parts.every((p, i) => p === expected[i]);
};

/** feedparser writes Atom authors as "name (email)"; earshot keeps the name. */
const sameAuthor = (ours: string | undefined, expected: unknown): boolean =>
  typeof expected === "string" && ours !== undefined && (sameText(ours, expected) || sameText(ours, expected.replace(/\s*\([^)]*\)\s*$/, "")));

/**
 * feedparser's vocabulary → ParsedFeed. Clauses on fields earshot does not model (tags,
 * enclosures, *_detail.base, itunes, geo, encoding, version …) return undefined and are not counted.
 */
export function mapFeedparserClause(clause: FeedparserClause): Check | undefined {
  const path = clause.path;
  if (!path) return undefined;
  const key = path.map((p) => (typeof p === "number" ? "#" : p)).join(".");
  const expected = clause.equals;
  if (clause.length !== undefined) {
    if (key === "entries") return { field: "count", met: (f) => f.items.length === clause.length, got: (f) => f.items.length };
    return undefined;
  }
  if (path[0] === "feed") {
    switch (key) {
      case "feed.title":
      case "feed.title_detail.value":
        return { field: "title", met: (f) => sameText(f.title, expected), got: (f) => f.title };
      case "feed.link":
        return { field: "link", met: (f) => f.link === expected, got: (f) => f.link };
      case "feed.subtitle":
      case "feed.tagline":
      case "feed.description":
      case "feed.subtitle_detail.value":
      case "feed.tagline_detail.value":
        return { field: "content", met: (f) => sameText(f.description, expected), got: (f) => f.description };
      case "feed.language":
        return { field: "language", met: (f) => typeof expected === "string" && f.language?.toLowerCase() === expected.toLowerCase(), got: (f) => f.language };
      case "feed.updated_parsed":
        return { field: "date", met: (f) => sameDate(f.updatedAt, expected), got: (f) => f.updatedAt?.toISOString() };
      default:
        return undefined;
    }
  }
  if (path[0] !== "entries" || typeof path[1] !== "number") return undefined;
  const index = path[1];
  const item = (f: ParsedFeed): ParsedItem | undefined => f.items.find((i) => i.position === index);
  const field = key.slice("entries.#.".length);
  switch (field) {
    case "title":
    case "title_detail.value":
      return { field: "title", met: (f) => sameText(item(f)?.title, expected), got: (f) => item(f)?.title };
    case "link":
      return { field: "link", met: (f) => item(f)?.link === expected, got: (f) => item(f)?.link };
    case "id":
    case "guid":
      return { field: "id", met: (f) => item(f)?.id === expected, got: (f) => item(f)?.id };
    case "description":
    case "summary":
    case "summary_detail.value":
      // feedparser copies content into summary when an entry has no summary of its own.
      return { field: "content", met: (f) => sameText(item(f)?.summary ?? item(f)?.content, expected), got: (f) => item(f)?.summary ?? item(f)?.content };
    case "content.#.value":
      return { field: "content", met: (f) => sameText(item(f)?.content, expected), got: (f) => item(f)?.content };
    case "published_parsed":
    case "issued_parsed":
      return { field: "date", met: (f) => sameDate(item(f)?.published, expected), got: (f) => item(f)?.published?.toISOString() };
    case "updated_parsed":
    case "modified_parsed":
      return { field: "date", met: (f) => sameDate(item(f)?.updated ?? item(f)?.published, expected), got: (f) => (item(f)?.updated ?? item(f)?.published)?.toISOString() };
    case "author":
    case "author_detail.name":
    case "authors.#.name":
      return { field: "author", met: (f) => sameAuthor(item(f)?.author, expected), got: (f) => item(f)?.author };
    default:
      return undefined;
  }
}

export function evaluateFeedparserCorpus(dir: string): CorpusFigures {
  const figures = emptyFigures();
  const { cases } = JSON.parse(readFileSync(join(dir, "_expectations.json"), "utf8")) as { cases: FeedparserCase[] };
  for (const c of cases) {
    const bytes = readFileSync(join(dir, c.file));
    const contentType = c.http_headers?.["Content-type"] ?? c.http_headers?.["Content-Type"];
    // feedparser's harness serves each file from http://127.0.0.1:8097/<path>; Content-Location overrides it.
    const served = `http://127.0.0.1:8097/tests/${c.file}`;
    const location = c.http_headers?.["Content-Location"] ?? c.http_headers?.["Content-location"];
    const baseUrl = location ? new URL(location, served).href : served;
    const outcome = run(figures, c.file, decode(bytes, contentType), baseUrl);
    for (const clause of c.clauses) {
      const check = mapFeedparserClause(clause);
      if (!check) continue;
      const feed = "feed" in outcome ? outcome.feed : undefined;
      const met = feed !== undefined && check.met(feed);
      const skipped = feed !== undefined && typeof clause.path![1] === "number" && feed.itemErrors.some((e) => e.item === `item #${(clause.path![1] as number) + 1}`);
      const got = skipped ? SKIPPED_ITEM : feed ? check.got(feed) : "error" in outcome ? `ParseError: ${outcome.error.message}` : "crash";
      record(figures, check.field, met, `${c.file}: ${clause.path!.join(".")} expected ${JSON.stringify(clause.equals ?? clause.length)} got ${JSON.stringify(got)}`);
    }
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// rss-parser-tests

interface RssParserCase {
  input: string;
  expected?: string;
  expected_error_contains?: string;
  options?: { xml2js?: { emptyTag?: string } };
}

interface RssParserItem {
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  isoDate?: string;
  content?: string;
  summary?: string;
  creator?: string;
  author?: string;
}

interface RssParserFeed {
  title?: string;
  link?: string;
  items?: RssParserItem[];
}

/**
 * Compares the common subset the README recommends: item count, feed title/link, and per item
 * title, link, guid/id, isoDate, content (rss-parser's `content` is the description or Atom
 * content as HTML; it counts as met when it matches earshot's summary or content text), and
 * creator/author.
 */
export function evaluateRssParserCorpus(dir: string): CorpusFigures {
  const figures = emptyFigures();
  const { cases } = JSON.parse(readFileSync(join(dir, "_cases.json"), "utf8")) as { cases: RssParserCase[] };
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.input)) continue;
    seen.add(c.input);
    const name = c.input.replace(/^input\//, "");
    // encoding.rss was served as "text/xml; charset=latin1" in rss-parser's own test.
    const contentType = name === "encoding.rss" ? "text/xml; charset=latin1" : undefined;
    const outcome = run(figures, c.input, decode(readFileSync(join(dir, c.input)), contentType));
    const feed = "feed" in outcome ? outcome.feed : undefined;
    const failure = feed ? "" : "error" in outcome ? `ParseError: ${outcome.error.message}` : "crash";
    if (c.expected_error_contains) {
      // unrecognized.rss (an HTML "Document Moved" page) must be refused.
      record(figures, "rejection", "error" in outcome, `${c.input}: expected a ParseError, got ${feed ? "a feed" : failure}`);
      continue;
    }
    if (!c.expected) {
      record(figures, "rejection", feed !== undefined, `${c.input}: expected a feed, got ${failure}`);
      continue;
    }
    // xml2js-options.rss was parsed with emptyTag "EMPTY": that placeholder means "no value".
    const emptyTag = c.options?.xml2js?.emptyTag;
    const present = (v: string | undefined): v is string => typeof v === "string" && v.trim() !== "" && v !== emptyTag;
    const goldenBytes = readFileSync(join(dir, c.expected));
    // The README: output/encoding.json is itself latin-1 encoded.
    const golden = (JSON.parse(goldenBytes.toString(name === "encoding.rss" ? "latin1" : "utf8")) as { feed: RssParserFeed }).feed;
    const check = (field: Field, expected: unknown, met: boolean, got: unknown, where: string) =>
      record(figures, field, met, `${c.input}: ${where} expected ${JSON.stringify(expected)} got ${JSON.stringify(feed ? got : failure)}`);
    const goldenItems = golden.items ?? [];
    check("count", goldenItems.length, feed?.items.length === goldenItems.length, feed?.items.length, "items.length");
    if (present(golden.title)) check("title", golden.title, sameText(feed?.title, golden.title), feed?.title, "feed.title");
    if (present(golden.link)) check("link", golden.link, feed?.link === golden.link.trim(), feed?.link, "feed.link");
    goldenItems.forEach((g, i) => {
      const ours = feed?.items[i];
      if (present(g.title)) check("title", g.title, sameText(ours?.title, g.title), ours?.title, `items[${i}].title`);
      if (present(g.link)) check("link", g.link, ours?.link === g.link.trim(), ours?.link, `items[${i}].link`);
      const id = g.guid ?? g.id;
      if (present(id)) check("id", id, ours?.id === id.trim(), ours?.id, `items[${i}].guid`);
      if (g.isoDate) {
        const date = (ours?.published ?? ours?.updated)?.toISOString();
        check("date", g.isoDate, date === new Date(g.isoDate).toISOString(), date, `items[${i}].isoDate`);
      }
      const content = g.content ?? g.summary;
      if (present(content) && comparable(content) !== "") {
        check("content", content.slice(0, 80), sameText(ours?.summary, content) || sameText(ours?.content, content), (ours?.summary ?? ours?.content)?.slice(0, 80), `items[${i}].content`);
      }
      const author = g.creator ?? g.author;
      if (present(author)) check("author", author, sameAuthor(ours?.author, author), ours?.author, `items[${i}].creator`);
    });
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Hostile XML

export interface HostileOutcome {
  file: string;
  outcome: "parsed" | "rejected" | "crashed";
  detail: string;
  /** Characters of parsed output (all item fields), to show that nothing was expanded. */
  outputChars: number;
  inputChars: number;
}

/** Runs parseFeed over every file under `dir` (recursively) whose name matches `pattern`. */
export function runHostileFiles(dir: string, pattern: RegExp): HostileOutcome[] {
  const results: HostileOutcome[] = [];
  for (const file of listFiles(dir).filter((f) => pattern.test(f))) {
    const body = decode(readFileSync(file));
    try {
      const feed = parseFeed(body, file);
      const output = JSON.stringify({ ...feed, items: feed.items.map(({ raw: _raw, ...rest }) => rest) });
      results.push({ file, outcome: "parsed", detail: `${feed.items.length} items`, outputChars: output.length, inputChars: body.length });
    } catch (error) {
      const parseError = error instanceof ParseError;
      results.push({ file, outcome: parseError ? "rejected" : "crashed", detail: error instanceof Error ? error.message : String(error), outputChars: 0, inputChars: body.length });
    }
  }
  return results;
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/** One line per figure, for the lead to copy into the issue note. */
export function describeFigures(corpus: string, f: CorpusFigures): string {
  const share = f.expectationsTotal === 0 ? 0 : (100 * f.expectationsMet) / f.expectationsTotal;
  const fields = FIELDS.filter((k) => f.byField[k].total > 0)
    .map((k) => `${k} ${f.byField[k].met}/${f.byField[k].total}`)
    .join(", ");
  const skipped = f.unmetOnSkippedItems > 0 ? `, ${f.unmetOnSkippedItems} unmet on items skipped by design` : "";
  return `${corpus}: files ${f.files}, parsed ${f.parsed}, rejected ${f.rejected}, crashes ${f.crashes}, expectations met ${f.expectationsMet}/${f.expectationsTotal} (${share.toFixed(1)}%${skipped}) [${fields}]`;
}
