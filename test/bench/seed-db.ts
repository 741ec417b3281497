/**
 * Bulk seeder for the digest and export benchmarks: millions of corpus mentions written straight
 * into a database that `openDb` created and migrated, with better-sqlite3 prepared statements in
 * big transactions. Scanning 5,000,000 mentions through the pipeline would take longer than the
 * benchmarks themselves; this is setup, not a measured path, so it may bypass the store's API
 * (the architecture test covers src/ only).
 *
 * Rows are inserted in publication order, as a daemon that has been running for a year would
 * have stored them, and labelled with what the generator meant (sentiment, complaint, topics),
 * so seeding does not pay for classification. A running daemon also keeps the digest's daily
 * rollups current, so the seeder ends with the same `refreshDigestRollups` over the whole year
 * and records how long it took next to the file (`toSeedNotes`).
 */
import { createHash, createHmac } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { toClassifiedBody, type Evidence } from "../../src/core/classification.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { toStoredEvidence } from "../../src/store/evidence-codec.js";
import { toHashCell } from "../../src/store/sqlite/hash-cell.js";
import { toClassifierVersionRef } from "../../src/store/sqlite/classifier-versions.js";
import { refreshDigestRollups } from "../../src/store/sqlite/digest-rollups.js";
import { createCorpus, toCorpusMention, toCorpusTime, TOPIC_STAGES, type Corpus, type CorpusMention } from "./corpus.js";
import { renderRssItem } from "./feeds.js";

const SOURCE_KINDS = ["rss", "app-store", "google-play", "reddit", "hackernews", "mastodon", "bluesky", "review-page", "file"] as const;
const ROWS_PER_TRANSACTION = 50_000;
const DAY_MS = 86_400_000;
const AUTHOR_KEY = Buffer.alloc(32, 7);

export interface SeedOptions {
  count: number;
  seed: number;
  /** Sources the mentions are spread over. Default 50. */
  sources?: number;
  /** Time zone whose digest rollups are refreshed after the load. Default "UTC" (the digest benchmark's). */
  rollupTimezone?: string;
  log?: (message: string) => void;
}

/**
 * Creates (or reuses, when `path` already exists: generation is deterministic) a database of
 * `count` mentions. Returns the corpus it was seeded from.
 */
export function seedDatabase(path: string, options: SeedOptions): Corpus {
  const corpus = createCorpus({ seed: options.seed, sources: options.sources ?? 50 });
  if (existsSync(path)) return corpus;
  // Built under a temporary name and renamed at the end: an interrupted seed is never reused.
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const db = openDb(building);
  const client = db.$client;
  // Setup only: a 1 GB page cache keeps the random-order index inserts (content and author
  // hashes) off the disk, and nothing here needs to survive a crash.
  client.pragma("cache_size = -1000000");
  client.pragma("synchronous = OFF");
  // The digest and export never read the version; a fixed one keeps seeding independent of the lexicons.
  const version = toClassifierVersionRef(db, "rules-seed+taxonomy-default");
  const createdAt = corpus.startMs - 86_400_000;
  const insertSource = client.prepare("insert into sources (id, name, kind, config, enabled, created_at) values (?, ?, ?, ?, 1, ?)");
  client.transaction(() => {
    for (let s = 0; s < corpus.sources; s++) {
      const kind = SOURCE_KINDS[s % SOURCE_KINDS.length]!;
      insertSource.run(s + 1, `${kind}-${s}`, kind, JSON.stringify({ url: `https://reviews.example/${s}` }), createdAt);
    }
  })();

  const insertMention = client.prepare(`insert into mentions (
      id, source_id, external_id, url, author, author_hash, title, text, lang, channel, rating, rating_scale,
      matched_term, published_at, fetched_at, content_hash, duplicate_of, raw, redactions,
      sentiment, sentiment_score, complaint, topics, stages, evidence, classifier_version)
    values (?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, null, ?, 0, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTopic = client.prepare("insert into mention_topics (mention_id, topic, stage) values (?, ?, ?)");

  // Secondary indexes are dropped and rebuilt after the load: building an index from a full
  // table sorts once, where millions of inserts into random-order hash indexes thrash the cache.
  const indexes = client
    .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name in ('mentions', 'mention_topics') and sql is not null")
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) client.exec(`drop index "${index.name}"`);
  const authorHashes = new Map<string, string>();
  const order = toPublicationOrder(corpus, options.count);
  const started = Date.now();
  for (let first = 0; first < order.length; first += ROWS_PER_TRANSACTION) {
    client.transaction(() => {
      for (let i = first; i < Math.min(first + ROWS_PER_TRANSACTION, order.length); i++) {
        const id = i + 1;
        const m = toCorpusMention(corpus, order[i]!);
        const stages = [...new Set(m.topics.map((t) => TOPIC_STAGES[t]!))];
        insertMention.run(
          id,
          m.source + 1,
          m.externalId,
          m.url,
          toHashCell(toAuthorHash(authorHashes, m.author)),
          m.title ?? null,
          m.text,
          m.lang,
          m.channel,
          m.rating ?? null,
          m.ratingScale ?? null,
          m.publishedAt.getTime(),
          m.publishedAt.getTime() + 600_000,
          // Not the pipeline's normalised hash (NFKC, case folding): the same text still gets the same value, at a fifth of the cost.
          toHashCell(createHash("sha1").update(`${m.title ?? ""} ${m.text}`).digest("hex").slice(0, 32)),
          renderRssItem(m),
          m.sentiment,
          m.sentiment === "negative" ? -0.62 : m.sentiment === "positive" ? 0.71 : 0,
          m.complaint ? 1 : 0,
          JSON.stringify(m.topics),
          JSON.stringify(stages),
          // Stored as the product stores it (packed, evidence-codec.ts).
          toEvidenceCell(m),
          version,
        );
        for (const topic of m.topics) insertTopic.run(id, topic, TOPIC_STAGES[topic]!);
      }
    })();
    if ((first / ROWS_PER_TRANSACTION) % 20 === 19) options.log?.(`seeded ${(first + ROWS_PER_TRANSACTION).toLocaleString("en-US")} of ${options.count.toLocaleString("en-US")} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  const indexStarted = Date.now();
  for (const index of indexes) client.exec(index.sql);
  options.log?.(`rebuilt ${indexes.length} indexes in ${Math.round((Date.now() - indexStarted) / 1000)} s`);
  client.exec("analyze");
  // What the daemon does on its first start after the upgrade that added the rollups; from then
  // on it only rolls up each day that ends. The rollup tables are left without statistics, as
  // in a real install (nothing there runs ANALYZE).
  const rollupStarted = Date.now();
  const rollups = refreshDigestRollups(db, { timezone: options.rollupTimezone ?? "UTC", now: new Date(corpus.startMs + corpus.days * DAY_MS) });
  const notes: SeedNotes = { rollupRefreshMs: Date.now() - rollupStarted, rolledUpDays: rollups.rolledUpDays };
  options.log?.(`rolled up ${notes.rolledUpDays} days of digest counts in ${(notes.rollupRefreshMs / 1000).toFixed(1)} s`);
  client.pragma("wal_checkpoint(TRUNCATE)");
  closeDb(db);
  writeFileSync(toSeedNotesPath(path), `${JSON.stringify(notes)}\n`);
  renameSync(building, path);
  return corpus;
}

/** Measured while seeding a database, kept next to it (cached databases are not seeded again). */
export interface SeedNotes {
  /** How long `refreshDigestRollups` took over the whole seeded year, ms. */
  rollupRefreshMs: number;
  rolledUpDays: number;
}

/** The notes recorded when `path` was seeded, or undefined when they are missing. */
export function toSeedNotes(path: string): SeedNotes | undefined {
  const notesPath = toSeedNotesPath(path);
  return existsSync(notesPath) ? (JSON.parse(readFileSync(notesPath, "utf8")) as SeedNotes) : undefined;
}

function toSeedNotesPath(path: string): string {
  return path.replace(/\.db$/u, "") + ".notes.json";
}

/** Authors repeat (200,000 handles): each HMAC is computed once. */
function toAuthorHash(cache: Map<string, string>, author: string): string {
  let hash = cache.get(author);
  if (hash === undefined) {
    hash = createHmac("sha256", AUTHOR_KEY).update(author).digest("hex").slice(0, 32);
    cache.set(author, hash);
  }
  return hash;
}

/** Corpus indexes sorted by publication time (ties by index): the order a live daemon stores them. */
function toPublicationOrder(corpus: Corpus, count: number): Uint32Array {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = toCorpusTime(corpus, i);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((a, b) => times[a]! - times[b]! || a - b);
}

/** Evidence as the classifier stores it: the matched span per topic plus a sentiment cue. */
function toEvidenceCell(m: CorpusMention): Buffer | string {
  const body = toClassifiedBody(m);
  const stored = toStoredEvidence(toEvidence(m, body) as unknown as Evidence[], body);
  return typeof stored === "string" ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
}

function toEvidence(m: CorpusMention, body: string): Array<Record<string, unknown>> {
  const word = /\p{L}{4,}/u.exec(body);
  const span = word ? { match: word[0], start: word.index, end: word.index + word[0].length } : { match: body.slice(0, 8), start: 0, end: Math.min(8, body.length) };
  const evidence: Array<Record<string, unknown>> = [{ kind: "language", match: `words:${m.lang}` }];
  for (const topic of m.topics) evidence.push({ kind: "topic", topic, ...span, weight: 1 });
  if (m.sentiment !== "neutral") evidence.push({ kind: "sentiment", ...span, weight: m.sentiment === "negative" ? -2 : 2 });
  if (m.complaint) evidence.push({ kind: "complaint", ...span, weight: 1 });
  return evidence;
}

/** Bump when the corpus or the seeder changes what a seeded database holds: cached files are then rebuilt. (3: digest rollups.) */
// 4: evidence packed and hashes as bytes (issue 14), as the product now writes them; 5: classifier version by id; 6: without the author-hash index (migration 0011).
const SEED_FORMAT = 6;

/** A stable file name for a seeded database: same size, seed and format, same file. */
export function toSeedFileName(count: number, seed: number): string {
  return `seed-${count}-${seed}-v${SEED_FORMAT}.db`;
}
