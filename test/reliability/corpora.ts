/**
 * Every parser (and, for blns and the JSON suite, the scan path and the HTTP client) over every
 * corpus in ../shared/corpora, summarised the same way: files, accepted, rejected with a clear
 * error (ParseError, or the HTTP client's body error), crashes (anything else: must be 0) and the
 * corpus's own expectations met. Reads the corpora in place; shared by
 * test/reliability/corpora.test.ts and `npm run corpora`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { toStore } from "../helpers/deps.js";
import { join, relative } from "node:path";
import { createClassifier } from "../../src/classify/index.js";
import { toCsvField } from "../../src/core/csv.js";
import { EarshotError, ParseError } from "../../src/core/errors.js";
import { toHtmlText } from "../../src/digest/html-text.js";
import { escapeMarkdown } from "../../src/digest/render-markdown.js";
import { createHttpClient } from "../../src/http/client.js";
import { decodeBody } from "../../src/http/charset.js";
import { scanSource } from "../../src/pipeline/scan.js";
import { startReplay } from "../../src/replay/server.js";
import { parseReviewPage } from "../../src/sources/app-store/parse.js";
import { parseBlueskySearch, toBlueskyItems } from "../../src/sources/bluesky/parse.js";
import { decodeExport, parseExport, toFileMention } from "../../src/sources/file/parse.js";
import { parseSearchPage } from "../../src/sources/hackernews/parse.js";
import { parseMastodonTimeline, toMastodonItems } from "../../src/sources/mastodon/parse.js";
import { parseRedditListing, toRedditItems } from "../../src/sources/reddit/parse.js";
import { loadPage } from "../../src/sources/review-page/extract.js";
import { findReviews } from "../../src/sources/review-page/parse.js";
import { parseFeed } from "../../src/sources/rss/parse.js";
import { createSourceRegistry } from "../../src/sources/registry.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toTerminalText } from "../../src/cli/format.js";
import { tempDir } from "../helpers/temp.js";
import { evaluateFeedparserCorpus, evaluateRssParserCorpus } from "../sources/rss/corpus.js";
import { writeFileSync } from "node:fs";

export const defaultCorporaDir = join(import.meta.dirname, "../../../shared/corpora");

export interface CorpusSummary {
  files: number;
  accepted: number;
  rejected: number;
  crashes: number;
  expectationsMet: number;
  expectationsTotal: number;
}

/** A summary plus what went wrong, for the test's messages and `--misses`. */
export interface CorpusResult extends CorpusSummary {
  crashMessages: string[];
  misses: string[];
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown; crash: boolean };

class Tally {
  readonly result: CorpusResult = { files: 0, accepted: 0, rejected: 0, crashes: 0, expectationsMet: 0, expectationsTotal: 0, crashMessages: [], misses: [] };

  /** Runs one file; a ParseError (or a coded EarshotError such as the HTTP body error) is a clear rejection. */
  attempt<T>(file: string, run: () => T): Outcome<T> {
    this.result.files++;
    try {
      const value = run();
      this.result.accepted++;
      return { ok: true, value };
    } catch (error) {
      return this.fail(file, error);
    }
  }

  async attemptAsync<T>(file: string, run: () => Promise<T>): Promise<Outcome<T>> {
    this.result.files++;
    try {
      const value = await run();
      this.result.accepted++;
      return { ok: true, value };
    } catch (error) {
      return this.fail(file, error);
    }
  }

  expect(met: boolean, miss: string): void {
    this.result.expectationsTotal++;
    if (met) this.result.expectationsMet++;
    else this.result.misses.push(miss);
  }

  private fail<T>(file: string, error: unknown): Outcome<T> {
    const clear = error instanceof ParseError || (error instanceof EarshotError && error.code !== "ES_ERR_INTERNAL");
    if (clear) this.result.rejected++;
    else {
      this.result.crashes++;
      this.result.crashMessages.push(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
    }
    return { ok: false, error, crash: !clear };
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

const rejectedWith = (o: Outcome<unknown>) => !o.ok && !o.crash;

// ---------------------------------------------------------------------------------------------

function evaluateFeedCorpus(figures: ReturnType<typeof evaluateFeedparserCorpus>): CorpusResult {
  return { files: figures.files, accepted: figures.parsed, rejected: figures.rejected, crashes: figures.crashes, expectationsMet: figures.expectationsMet, expectationsTotal: figures.expectationsTotal, crashMessages: figures.crashMessages, misses: figures.misses };
}

/** Bombs and XXE refused or neutralised: nothing expanded (output ≤ input), no file content read. */
function evaluateHostileXml(files: string[], root: string, tally = new Tally()): CorpusResult {
  for (const file of files) {
    const body = decodeBody(readFileSync(file));
    const outcome = tally.attempt(relative(root, file), () => parseFeed(body, relative(root, file)));
    const output = outcome.ok ? JSON.stringify({ ...outcome.value, items: outcome.value.items.map(({ raw: _raw, ...rest }) => rest) }) : "";
    tally.expect(rejectedWith(outcome) || (outcome.ok && output.length <= body.length + 1000 && !output.includes("root:")), `${relative(root, file)}: expanded or read an entity`);
  }
  return tally.result;
}

function evaluateW3cXml(dir: string): CorpusResult {
  const tally = new Tally();
  const { cases } = JSON.parse(readFileSync(join(dir, "_cases.json"), "utf8")) as { cases: Array<{ file: string; type: string }> };
  for (const c of cases) {
    const path = join(dir, c.file);
    if (!existsSync(path)) continue;
    const outcome = tally.attempt(c.file, () => parseFeed(decodeBody(readFileSync(path)), c.file));
    // None of these documents is a feed: a not-well-formed one must be refused, the others
    // (valid XML that is no RSS/Atom) may be refused too; the expectation is the not-wf refusal.
    if (c.type === "not-wf") tally.expect(rejectedWith(outcome), `${c.file}: not well-formed but accepted`);
  }
  return tally.result;
}

/** y_ accepted, n_ refused with the HTTP client's clear body error, i_ either (no crash): through the real client. */
async function evaluateJsonTestSuite(dir: string): Promise<CorpusResult> {
  const tally = new Tally();
  const files = readdirSync(join(dir, "test_parsing")).filter((f) => f.endsWith(".json")).sort();
  const routes = Object.fromEntries(files.map((f, i) => [`/j/${i}`, { body: readFileSync(join(dir, "test_parsing", f)), headers: { "content-type": "application/json" } }]));
  const replay = await startReplay(routes);
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-corpora" });
  try {
    for (const [i, file] of files.entries()) {
      const outcome = await tally.attemptAsync(file, () => http.getJson<unknown>(replay.url(`/j/${i}`)));
      if (file.startsWith("y_")) tally.expect(outcome.ok, `${file}: valid JSON refused: ${outcome.ok ? "" : String(outcome.error)}`);
      if (file.startsWith("n_")) tally.expect(rejectedWith(outcome), `${file}: invalid JSON accepted`);
    }
  } finally {
    await http.close();
    await replay.close();
  }
  return tally.result;
}

function evaluateCsvSpectrum(dir: string): CorpusResult {
  const tally = new Tally();
  // csv-spectrum's location_coordinates.json disagrees with its CSV on one field (upstream slip).
  const errata: Record<string, string[]> = { location_coordinates: ["Contact Phone Number"] };
  for (const file of readdirSync(join(dir, "csvs")).sort()) {
    const name = file.replace(/\.csv$/u, "");
    const expectedJson = JSON.parse(readFileSync(join(dir, "json", `${name}.json`), "utf8")) as Record<string, string> | Array<Record<string, string>>;
    const expected = Array.isArray(expectedJson) ? expectedJson : [expectedJson];
    const text = decodeExport(readFileSync(join(dir, "csvs", file)), "auto");
    const outcome = tally.attempt(file, () => parseExport(text, "csv", { text: Object.keys(expected[0] ?? { x: "" })[0]! }, `file ${file}`));
    const strip = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([k]) => !(errata[name] ?? []).includes(k)));
    const same = outcome.ok && outcome.value.rows.length === expected.length && outcome.value.rows.every((row, i) => JSON.stringify(strip(row.values)) === JSON.stringify(strip(expected[i]!)));
    tally.expect(same, `${file}: rows differ from the expected JSON`);
  }
  return tally.result;
}

function evaluateSourceShapes(corpora: string): Record<string, CorpusResult> {
  const out: Record<string, CorpusResult> = {};

  const mastodon = join(corpora, "mastodon-api-examples");
  if (existsSync(mastodon)) {
    const tally = new Tally();
    for (const file of listFiles(mastodon).filter((f) => f.endsWith(".json") && !f.endsWith("_index.json"))) {
      const name = relative(mastodon, file);
      const outcome = tally.attempt(name, () => toMastodonItems(parseMastodonTimeline(readFileSync(file, "utf8"), name), name, "mastodon.social"));
      if (name.startsWith("invalid-as-published")) tally.expect(rejectedWith(outcome), `${name}: elided JSON accepted`);
    }
    out["mastodon-api-examples"] = tally.result;
  }

  const reddit = join(corpora, "reddit-praw-cassettes");
  if (existsSync(reddit)) {
    const tally = new Tally();
    const index = (JSON.parse(readFileSync(join(reddit, "_index.json"), "utf8")) as { responses: Array<{ file: string; shape: { kind?: string; children?: number } | unknown[] }> }).responses;
    for (const entry of index) {
      const outcome = tally.attempt(entry.file, () => toRedditItems(parseRedditListing(readFileSync(join(reddit, entry.file), "utf8"), entry.file), entry.file));
      // [post, comments] pairs are not a listing endpoint earshot calls: refused as a whole.
      const listing = !Array.isArray(entry.shape) && (entry.shape as { kind?: string }).kind === "Listing";
      const children = listing ? (entry.shape as { children?: number }).children : undefined;
      tally.expect(listing ? outcome.ok && outcome.value.itemErrors.length === 0 && outcome.value.items.length <= (children ?? 0) : rejectedWith(outcome), `${entry.file}: shape not matched`);
    }
    out["reddit-praw-cassettes"] = tally.result;
  }

  const bluesky = join(corpora, "bluesky-atproto-fixtures");
  if (existsSync(bluesky)) {
    const tally = new Tally();
    for (const file of [...listFiles(join(bluesky, "recorded-responses")), ...listFiles(join(bluesky, "derived"))]) {
      const name = relative(bluesky, file);
      const outcome = tally.attempt(name, () => toBlueskyItems(parseBlueskySearch(readFileSync(file, "utf8"), name).posts, name));
      // Only the searchPosts-shaped file is a search answer; the other recorded XRPC answers must be refused.
      tally.expect(name.startsWith("derived/") ? outcome.ok && outcome.value.itemErrors.length === 0 : rejectedWith(outcome), `${name}: not handled as expected`);
    }
    out["bluesky-atproto-fixtures"] = tally.result;
  }

  const hn = join(corpora, "hn-algolia-samples");
  if (existsSync(hn)) {
    const tally = new Tally();
    for (const file of listFiles(hn).filter((f) => f.endsWith(".json"))) {
      const name = relative(hn, file);
      const outcome = tally.attempt(name, () => parseSearchPage(readFileSync(file, "utf8"), name, "page 1"));
      tally.expect(outcome.ok && outcome.value.hits.length > 0 && outcome.value.itemErrors.length === 0, `${name}: hits not read`);
    }
    out["hn-algolia-samples"] = tally.result;
  }

  const appStore = join(corpora, "appstore-customerreviews-json");
  if (existsSync(appStore)) {
    const tally = new Tally();
    for (const file of listFiles(appStore).filter((f) => f.endsWith(".json"))) {
      const name = relative(appStore, file);
      const outcome = tally.attempt(name, () => parseReviewPage(readFileSync(file, "utf8"), name, "page 1"));
      tally.expect(outcome.ok && outcome.value.reviews.length === 8, `${name}: expected the README's 8 reviews`);
    }
    out["appstore-customerreviews-json"] = tally.result;
  }

  const schemaorg = join(corpora, "schemaorg-examples");
  if (existsSync(schemaorg)) {
    const tally = new Tally();
    for (const file of listFiles(schemaorg).filter((f) => f.endsWith(".html"))) {
      const name = relative(schemaorg, file);
      const expected = JSON.parse(readFileSync(file.replace(/\.(jsonld|microdata|rdfa)\.html$/u, ".expected.json"), "utf8")) as { review?: unknown[] };
      const outcome = tally.attempt(name, () => findReviews(loadPage(readFileSync(file, "utf8")), name));
      tally.expect(outcome.ok && outcome.value.reviews.length === (expected.review?.length ?? 0), `${name}: review count differs`);
    }
    out["schemaorg-examples"] = tally.result;
  }

  const extruct = join(corpora, "extruct-samples");
  if (existsSync(extruct)) {
    const tally = new Tally();
    const { cases } = JSON.parse(readFileSync(join(extruct, "_cases.json"), "utf8")) as { cases: Array<{ html: string }> };
    for (const c of cases) tally.attempt(c.html, () => findReviews(loadPage(decodeBody(readFileSync(join(extruct, c.html)))), c.html));
    out["extruct-samples"] = tally.result;
  }
  return out;
}

const FORMULA_START = /^[=+\-@\t\r]/u;

/** Each output format keeps a hostile string inert. */
function isRenderedInert(text: string): boolean {
  const csv = toCsvField(text).replace(/^"/u, "");
  const html = toHtmlText(text);
  const terminal = toTerminalText(text, 10_000);
  const markdown = escapeMarkdown(text);
  return !FORMULA_START.test(csv) && !/[<>]/u.test(html) && !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u.test(terminal) && !/(?<!\\)[<>[\]`]/u.test(markdown);
}

/** Per-file criteria of constructed-hostile/_expectations.json, through the parser each file is shaped for. */
function evaluateConstructedHostile(dir: string): CorpusResult {
  const tally = new Tally();
  const xml = listFiles(join(dir, "xml"));
  evaluateHostileXml(xml, dir, tally);
  const run = (file: string, parse: (body: string, name: string) => unknown) => tally.attempt(file, () => parse(decodeBody(readFileSync(join(dir, file))), file));

  const invalidUtf8 = run("encoding/rss-invalid-utf8-bytes.rss", (b, n) => parseFeed(b, n));
  tally.expect(rejectedWith(invalidUtf8) || (invalidUtf8.ok && (invalidUtf8.value as ReturnType<typeof parseFeed>).items.length === 6), "rss-invalid-utf8-bytes: neither refused nor 6 items");
  const mislabelled = run("encoding/rss-latin1-mislabelled-utf8.rss", (b, n) => parseFeed(b, n));
  tally.expect(mislabelled.ok || rejectedWith(mislabelled), "rss-latin1-mislabelled-utf8 crashed");
  const badJson = run("encoding/json-invalid-utf8-in-string.json", (b, n) => toRedditItems(parseRedditListing(b, n), n));
  tally.expect(badJson.ok || rejectedWith(badJson), "json-invalid-utf8 crashed");
  const csv = tally.attempt("encoding/csv-bom-crlf-invalid-utf8.csv", () => parseExport(decodeExport(readFileSync(join(dir, "encoding/csv-bom-crlf-invalid-utf8.csv")), "auto"), "csv", { id: "respondent_id", text: "comment" }, "file bom.csv"));
  tally.expect(csv.ok && csv.value.rows.length === 6 && !Object.keys(csv.value.rows[0]!.values)[0]!.startsWith("\uFEFF"), "csv-bom: expected 6 rows and the BOM stripped");

  const hn = run("huge/hn-search-one-2MB-comment-single-line.json", (b, n) => parseSearchPage(b, n, "page 1"));
  tally.expect(hn.ok, "2 MB HN comment not read");
  const rss = run("huge/rss-2MB-description-single-line.rss", (b, n) => parseFeed(b, n));
  tally.expect(rss.ok || rejectedWith(rss), "2 MB RSS line crashed");
  const deep = run("huge/deeply-nested-jsonld.html", (b, n) => findReviews(loadPage(b), n));
  tally.expect(deep.ok || rejectedWith(deep), "20,000-deep JSON-LD crashed");

  const product = run("xss/product-reviews-jsonld-and-microdata.html", (b, n) => findReviews(loadPage(b), n));
  tally.expect(product.ok && (product.value as ReturnType<typeof findReviews>).reviews.length >= 40, "product page: 40 reviews expected");
  const breakout = run("xss/jsonld-script-breakout.html", (b, n) => findReviews(loadPage(b), n));
  tally.expect(breakout.ok || rejectedWith(breakout), "script breakout crashed");
  const texts: string[] = [];
  const collect = (drafts: Array<{ text: string; title?: string; author?: string } | undefined>) => drafts.forEach((d) => d && texts.push(d.text, d.title ?? "", d.author ?? ""));
  const app = run("xss/appstore-customerreviews-payloads.json", (b, n) => parseReviewPage(b, n, "page 1"));
  tally.expect(app.ok && (app.value as ReturnType<typeof parseReviewPage>).reviews.length > 0, "app-store payloads not read");
  if (app.ok) collect((app.value as ReturnType<typeof parseReviewPage>).reviews.map((r) => ({ text: r.text, ...(r.title ? { title: r.title } : {}) })));
  const masto = run("xss/mastodon-statuses-payloads.json", (b, n) => toMastodonItems(parseMastodonTimeline(b, n), n, "example.social"));
  // Content is HTML reduced to text: an escaped "&lt;script&gt;" payload is the literal text
  // "<script>…" (stored as written), which every renderer below must keep inert.
  tally.expect(masto.ok && (masto.value as ReturnType<typeof toMastodonItems>).items.length > 0, "mastodon payloads not read");
  if (masto.ok) collect((masto.value as ReturnType<typeof toMastodonItems>).items.map((i) => i.draft));
  const hnXss = run("xss/hn-algolia-payloads.json", (b, n) => parseSearchPage(b, n, "page 1"));
  tally.expect(hnXss.ok, "HN payloads not read");
  const redditXss = run("xss/reddit-listing-payloads.json", (b, n) => toRedditItems(parseRedditListing(b, n), n));
  tally.expect(redditXss.ok, "reddit payloads not read");
  if (redditXss.ok) collect((redditXss.value as ReturnType<typeof toRedditItems>).items.map((i) => i.draft));
  const rssXss = run("xss/rss-payloads.rss", (b, n) => parseFeed(b, n));
  tally.expect(rssXss.ok, "rss payloads not read");
  const helpdesk = tally.attempt("xss/helpdesk-tickets-formula-and-script-injection.csv", () =>
    parseExport(decodeExport(readFileSync(join(dir, "xss/helpdesk-tickets-formula-and-script-injection.csv")), "auto"), "csv", { id: "ticket_id", text: "body" }, "file helpdesk.csv"),
  );
  if (helpdesk.ok) for (const row of helpdesk.value.rows) texts.push(...Object.values(row.values).map(String));
  tally.expect(helpdesk.ok && helpdesk.value.rows.length === 20, "helpdesk CSV: 20 tickets expected");
  tally.expect(texts.length > 0 && texts.every(isRenderedInert), "a payload was not inert in CSV, HTML, Markdown or terminal output");
  return tally.result;
}

/**
 * blns through the whole scan path: every string as one row of a JSONL export, scanned into a
 * database with redaction off (the corpus asks for byte-exact storage), then rendered. A string
 * the file source refuses as a row (empty text) counts as rejected.
 */
async function evaluateBlns(dir: string): Promise<CorpusResult> {
  const tally = new Tally();
  const strings = (JSON.parse(readFileSync(join(dir, "blns.json"), "utf8")) as string[]).filter((s) => typeof s === "string");
  const work = tempDir("earshot-blns-");
  const file = join(work, "blns.jsonl");
  writeFileSync(file, strings.map((text, i) => JSON.stringify({ id: String(i), text })).join("\n"));
  const db = openDb(":memory:");
  const http = createHttpClient({ loopbackOnly: true });
  try {
    const row = addSource(db, { name: "blns", kind: "file", config: { path: file, columns: { id: "id", text: "text" } } }, new Date("2026-11-23T08:00:00Z"));
    const report = await scanSource({ store: toStore(db), http, classifier: createClassifier(), sources: createSourceRegistry(), now: () => new Date("2026-11-23T08:00:00Z"), privacy: { redact: false, keepAuthorHandles: false } }, row);
    const stored = new Map(listMentions(db).map((m) => [m.externalId, m.text]));
    strings.forEach((text, i) => {
      tally.result.files++;
      const got = stored.get(String(i));
      if (got === undefined) {
        tally.result.rejected++;
        return;
      }
      tally.result.accepted++;
      tally.expect(got === text || got === text.trim(), `blns #${i}: stored text differs`);
      tally.expect(isRenderedInert(got), `blns #${i}: not inert when rendered`);
    });
    if (report.status === "failed") tally.result.crashMessages.push(`scan failed: ${report.error}`);
  } finally {
    await http.close();
    closeDb(db);
  }
  return tally.result;
}

/** Evaluates every corpus present under `dir`; absent ones are skipped (CI without ../shared). */
export async function evaluateCorpora(dir: string = defaultCorporaDir): Promise<Record<string, CorpusResult>> {
  const out: Record<string, CorpusResult> = {};
  const has = (name: string) => existsSync(join(dir, name));
  if (has("feedparser-tests")) out["feedparser-tests"] = evaluateFeedCorpus(evaluateFeedparserCorpus(join(dir, "feedparser-tests")));
  if (has("rss-parser-tests")) out["rss-parser-tests"] = evaluateFeedCorpus(evaluateRssParserCorpus(join(dir, "rss-parser-tests")));
  if (has("defusedxml-xmltestdata")) out["defusedxml-xmltestdata"] = evaluateHostileXml(listFiles(join(dir, "defusedxml-xmltestdata")).filter((f) => f.endsWith(".xml")), join(dir, "defusedxml-xmltestdata"));
  if (has("w3c-xml-conformance")) out["w3c-xml-conformance"] = evaluateW3cXml(join(dir, "w3c-xml-conformance"));
  if (has("jsontestsuite")) out.jsontestsuite = await evaluateJsonTestSuite(join(dir, "jsontestsuite"));
  if (has("csv-spectrum")) out["csv-spectrum"] = evaluateCsvSpectrum(join(dir, "csv-spectrum"));
  if (has("constructed-hostile")) out["constructed-hostile"] = evaluateConstructedHostile(join(dir, "constructed-hostile"));
  if (has("blns")) out.blns = await evaluateBlns(join(dir, "blns"));
  Object.assign(out, evaluateSourceShapes(dir));
  return out;
}

export function toSummary(result: CorpusResult): CorpusSummary {
  const { files, accepted, rejected, crashes, expectationsMet, expectationsTotal } = result;
  return { files, accepted, rejected, crashes, expectationsMet, expectationsTotal };
}

export function renderCorporaTable(results: Record<string, CorpusResult>): string {
  const header = ["corpus", "files", "accepted", "rejected", "crashes", "expectations met"];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    String(r.files),
    String(r.accepted),
    String(r.rejected),
    String(r.crashes),
    r.expectationsTotal === 0 ? "-" : `${r.expectationsMet}/${r.expectationsTotal} (${((100 * r.expectationsMet) / r.expectationsTotal).toFixed(1)}%)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
