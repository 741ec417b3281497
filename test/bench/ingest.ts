/**
 * ingest, rescan and db size, from one set of rounds:
 * - ingest: mentions/s end to end (replay server → HTTP → rss parse → redact → classify →
 *   SQLite file), RSS pages of 100, one source per feed, `scanAll` with the default
 *   concurrency; baseline: the same stored rows inserted with raw better-sqlite3 prepared
 *   statements in one transaction into a fresh database with the same schema (the storage ceiling).
 * - rescan: the same feeds again, every item a duplicate; baseline: the first scan of the round.
 * - db size: bytes per stored mention (file size after a WAL checkpoint) against the text bytes,
 *   and the same rows with `storage.raw` keep, compress and drop side by side (storage.ts), with
 *   the CPU time compression adds to ingest against the first scan's time.
 */
import { statSync } from "node:fs";
import { toStore } from "../helpers/deps.js";
import { join } from "node:path";
import { createClassifier } from "../../src/classify/index.js";
import { createHttpClient } from "../../src/http/client.js";
import { createGroupedPageWriter } from "../../src/pipeline/page-writer.js";
import { createWorkerPreparer, toAutoWorkerCount } from "../../src/pipeline/prepare-pool.js";
import { scanAll } from "../../src/pipeline/scan-all.js";
import type { ScanDeps } from "../../src/pipeline/scan.js";
import { startReplay } from "../../src/replay/server.js";
import { createSourceRegistry } from "../../src/sources/registry.js";
import { closeDb, openDb, type Db } from "../../src/store/sqlite/db.js";
import { addSource, type SourceRow } from "../../src/store/sqlite/sources.js";
import type { BenchContext } from "./context.js";
import { createCorpus } from "./corpus.js";
import { measureCompressMs, measureStorageBreakdowns, toBreakdownNote } from "./storage.js";
import { toCorpusFeeds, ITEMS_PER_FEED } from "./feeds.js";
import { measureMs, toBenchResult, toRate, type BenchResult } from "./harness.js";

/** A fixed author-hash key: production always has one (the local secret file), so the bench hashes too. */
const AUTHOR_KEY = Buffer.alloc(32, 7);
const WORKERS = toAutoWorkerCount();

export async function runIngestBenchmarks(context: BenchContext): Promise<BenchResult[]> {
  const count = context.sizes.ingestMentions;
  const corpus = createCorpus({ seed: context.seed });
  const feeds = toCorpusFeeds(corpus, count);
  const replay = await startReplay(feeds.routes);
  const ingest: number[] = [];
  const rescanMs: number[] = [];
  const firstScanMs: number[] = [];
  const ceiling: number[] = [];
  let lastDbPath = "";
  try {
    // Warm-up: a tenth of the feeds, so the JIT has seen every path before the timed rounds.
    const warmupPaths = feeds.paths.slice(0, Math.max(1, Math.ceil(feeds.paths.length / 10)));
    for (let i = 0; i < context.rounds.warmup; i++) await scanRound(join(context.workDir, `ingest-warmup-${i}.db`), warmupPaths);

    for (let round = 0; round < context.rounds.rounds; round++) {
      const dbPath = join(context.workDir, `ingest-${round}.db`);
      const result = await scanRound(dbPath, feeds.paths);
      if (result.added !== count) throw new Error(`ingest: stored ${result.added} of ${count} mentions`);
      firstScanMs.push(result.firstMs);
      rescanMs.push(result.rescanMs);
      ingest.push(toRate(count, result.firstMs));
      ceiling.push(toRate(count, measureCeilingMs(dbPath, join(context.workDir, `ceiling-${round}.db`))));
      lastDbPath = dbPath;
      context.log(`ingest round ${round + 1}: ${Math.round(toRate(count, result.firstMs))} mentions/s, rescan ${Math.round(result.rescanMs)} ms`);
    }
  } finally {
    await replay.close();
  }

  async function scanRound(dbPath: string, paths: readonly string[]): Promise<{ added: number; firstMs: number; rescanMs: number }> {
    const db = openDb(dbPath);
    const http = createHttpClient({ loopbackOnly: true, userAgent: "earshot-bench" });
    // As `earshot scan` runs by default (openRuntime: scan.workers auto, grouped page commits).
    const preparer = WORKERS > 0 ? createWorkerPreparer({ workers: WORKERS }) : undefined;
    try {
      const deps: ScanDeps = {
        store: toStore(db),
        http,
        classifier: createClassifier(),
        ...(preparer ? { preparer } : {}),
        pageWriter: createGroupedPageWriter(toStore(db)),
        sources: createSourceRegistry(),
        now: () => new Date(),
        privacy: { redact: true, keepAuthorHandles: false, authorKey: AUTHOR_KEY },
      };
      const rows: SourceRow[] = paths.map((path, i) => addSource(db, { name: `feed-${i}`, kind: "rss", config: { url: replay.url(path) } }, new Date()));
      let added = 0;
      const firstMs = await measureMs(async () => {
        for (const report of await scanAll(deps, rows)) {
          if (report.status !== "ok") throw new Error(`ingest: ${report.source} ended ${report.status}: ${report.error ?? ""}`);
          added += report.added;
        }
      });
      const rescanMs = await measureMs(async () => {
        for (const report of await scanAll(deps, rows)) if (report.added !== 0) throw new Error(`rescan: ${report.source} added ${report.added}`);
      });
      return { added, firstMs, rescanMs };
    } finally {
      await preparer?.close();
      await http.close();
      closeDb(db);
    }
  }

  const quick = context.quick;
  const size = measureDbSize(lastDbPath);
  const breakdowns = measureStorageBreakdowns(lastDbPath, (mode) => join(context.workDir, `size-${mode}.db`));
  const perMention = (mode: string) => {
    const b = breakdowns.find((x) => x.mode === mode)!;
    return b.fileBytes / b.mentions;
  };
  const compression = measureCompressMs(lastDbPath);
  const perFeed = `${feeds.paths.length} feeds × ${ITEMS_PER_FEED} items, ${(feeds.bytes / 1e6).toFixed(1)} MB of XML`;
  return [
    toBenchResult({
      name: "ingest",
      unit: "mentions/s",
      subject: ingest,
      baselineName: "raw better-sqlite3 inserts, one tx",
      baseline: ceiling,
      target: "≥ 10,000/s and ≥ 25% of the ceiling",
      ...(quick ? {} : { isMet: (median: number, ratio: number) => median >= 10_000 && ratio >= 0.25 }),
      notes: [`${count.toLocaleString("en-US")} mentions, ${perFeed}, scanAll concurrency 4, ${WORKERS} classification worker thread(s) (scan.workers auto), redaction + author hash on`],
    }),
    toBenchResult({
      name: "rescan (all duplicates)",
      unit: "s",
      subject: rescanMs.map((ms) => ms / 1000),
      baselineName: "first scan",
      baseline: firstScanMs.map((ms) => ms / 1000),
      target: "≤ 30% of the first scan",
      ...(quick ? {} : { isMet: (_median: number, ratio: number) => ratio <= 0.3 }),
      notes: ["feeds answer 200 without validators, so every item is downloaded, parsed and offered again"],
    }),
    toBenchResult({
      name: "db size",
      unit: "B/mention",
      subject: [size.bytesPerMention],
      baselineName: "text bytes",
      baseline: [size.textBytesPerMention],
      target: "state it; compress raw if it helps",
      notes: size.notes,
    }),
    ...(["compress", "drop"] as const).map((mode) =>
      toBenchResult({
        name: `db size, raw ${mode}`,
        unit: "B/mention",
        subject: [perMention(mode)],
        baselineName: "raw keep",
        baseline: [perMention("keep")],
        target: mode === "compress" ? "≤ 600 B/mention (issue 14, with the other changes)" : "state it",
        ...(quick || mode !== "compress" ? {} : { isMet: (median: number) => median <= 600 }),
        notes: mode === "compress" ? breakdowns.map(toBreakdownNote) : [`the same ${count.toLocaleString("en-US")} rows, each copy rewritten with rewriteRawPayloads and VACUUMed`],
      }),
    ),
    toBenchResult({
      name: "raw compression at ingest",
      unit: "s",
      subject: [compression.ms / 1000],
      baselineName: "first scan",
      baseline: firstScanMs.map((ms) => ms / 1000),
      target: "state it",
      notes: [`toStoredRaw(…, "compress") on all ${compression.payloads.toLocaleString("en-US")} stored payloads in one thread: CPU savePages adds to a scan (the ratio is its share of the first scan's wall time)`],
    }),
  ];
}

/** Copies the scanned rows into a fresh database with prepared statements in one transaction; returns the insert time. */
function measureCeilingMs(scannedPath: string, freshPath: string): number {
  const source = openDb(scannedPath, { readonly: true }).$client;
  const target = openDb(freshPath);
  try {
    const mentionRows = source.prepare("select * from mentions order by id").raw().all() as unknown[][];
    const topicRows = source.prepare("select * from mention_topics").raw().all() as unknown[][];
    const mentionColumns = source.prepare("select * from mentions limit 1").columns().map((c) => c.name);
    const topicColumns = source.prepare("select * from mention_topics limit 1").columns().map((c) => c.name);
    const client = target.$client;
    for (const row of source.prepare("select * from sources").all() as Array<Record<string, unknown>>) {
      client.prepare(`insert into sources (${Object.keys(row).join(", ")}) values (${Object.keys(row).map(() => "?").join(", ")})`).run(...Object.values(row));
    }
    const insertMention = client.prepare(`insert into mentions (${mentionColumns.join(", ")}) values (${mentionColumns.map(() => "?").join(", ")})`);
    const insertTopic = client.prepare(`insert into mention_topics (${topicColumns.join(", ")}) values (${topicColumns.map(() => "?").join(", ")})`);
    const insertAll = client.transaction(() => {
      for (const row of mentionRows) insertMention.run(...row);
      for (const row of topicRows) insertTopic.run(...row);
    });
    const started = process.hrtime.bigint();
    insertAll();
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    source.close();
    closeDb(target);
  }
}

interface DbSize {
  bytesPerMention: number;
  textBytesPerMention: number;
  notes: string[];
}

/** File bytes per mention after a checkpoint and what takes the space. */
export function measureDbSize(path: string): DbSize {
  const db: Db = openDb(path);
  try {
    const client = db.$client;
    client.pragma("wal_checkpoint(TRUNCATE)");
    const count = (client.prepare("select count(*) as n from mentions").get() as { n: number }).n;
    const sums = client
      .prepare("select sum(length(cast(text as blob))) as text, sum(length(cast(coalesce(title, '') as blob))) as title, sum(length(cast(coalesce(raw, '') as blob))) as raw, sum(length(cast(evidence as blob))) as evidence from mentions")
      .get() as { text: number; title: number; raw: number; evidence: number };
    const fileBytes = statSync(path).size;
    const notes = [`${count.toLocaleString("en-US")} mentions, ${(fileBytes / 1e6).toFixed(1)} MB file`];
    notes.push(`per mention: text ${(sums.text / count).toFixed(0)} B, title ${(sums.title / count).toFixed(0)} B, raw payload ${(sums.raw / count).toFixed(0)} B, evidence (packed since issue 14) ${(sums.evidence / count).toFixed(0)} B`);
    try {
      const objects = client.prepare("select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc limit 6").all() as Array<{ name: string; bytes: number }>;
      notes.push(`largest objects: ${objects.map((o) => `${o.name} ${(o.bytes / count).toFixed(0)} B`).join(", ")} (per mention)`);
    } catch (error) {
      // dbstat is a compile-time option of SQLite; without it the breakdown is left out, not the figure.
      notes.push(`no dbstat breakdown: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { bytesPerMention: fileBytes / count, textBytesPerMention: sums.text / count, notes };
  } finally {
    closeDb(db);
  }
}
