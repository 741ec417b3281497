/**
 * ingest into PostgreSQL with 1, 2 and 4 daemon processes sharing the sources through pg-boss
 * (README, "Run on PostgreSQL"), beside the same run's SQLite figure: one `earshot scan` process
 * into a SQLite file. The same feeds, the same processes' pipeline (redact, classify, store); each
 * figure is the stored mentions over the span from the first run's start to the last run's end in
 * scan_runs, so process start-up (classifier load, pg-boss start) is left out of both.
 *
 * Needs EARSHOT_TEST_PG_URL (as the tests do); without it the benchmark says so and reports nothing.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startReplay } from "../../src/replay/server.js";
import { openPostgresStore } from "../../src/store/postgres/store.js";
import { openSqliteStore } from "../../src/store/sqlite/store.js";
import type { ScanRunRow, Store } from "../../src/store/types.js";
import { createTestDatabase, pgAvailable, pgSkipReason } from "../helpers/postgres.js";
import type { BenchContext } from "./context.js";
import { createCorpus } from "./corpus.js";
import { toCorpusFeeds } from "./feeds.js";
import { toBenchResult, toRate, type BenchResult } from "./harness.js";

const cli = resolve(import.meta.dirname, "../../dist/cli/main.js");
const WORKERS = [1, 2, 4] as const;
// Per process, as `scan.concurrency` defaults.
const CONCURRENCY = 4;

function spanMs(runs: readonly ScanRunRow[]): number {
  const start = Math.min(...runs.map((r) => r.startedAt.getTime()));
  const end = Math.max(...runs.map((r) => r.finishedAt!.getTime()));
  return Math.max(1, end - start);
}

async function waitForScans(store: Store, sources: number): Promise<ScanRunRow[]> {
  for (;;) {
    const runs = await store.listRuns(undefined, 100_000);
    const done = runs.filter((r) => r.finishedAt !== null && r.status === "ok");
    if (new Set(done.map((r) => r.sourceId)).size >= sources) return done;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function runCli(argv: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...argv], { stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, ...env } });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited };
}

export async function runIngestPgBenchmark(context: BenchContext): Promise<BenchResult[]> {
  if (!pgAvailable) {
    context.log(`ingest-pg: skipped (${pgSkipReason})`);
    return [];
  }
  const count = context.sizes.ingestMentions;
  const feeds = toCorpusFeeds(createCorpus({ seed: context.seed }), count);
  const replay = await startReplay(feeds.routes);
  const sources = feeds.paths.map((path, i) => ({ name: `feed-${i}`, kind: "rss", url: replay.url(path) }));
  const config = (database: string, dir: string) => ({
    database,
    daemon: { jitterMaxMs: 0, defaultSchedule: "0 0 1 1 *", queue: { pollMs: 500 } },
    scan: { concurrency: CONCURRENCY, workers: 0 },
    privacy: { secretFile: join(dir, "earshot.secret") },
    sources,
  });
  const rates = new Map<number, number[]>(WORKERS.map((n) => [n, []]));
  const sqlite: number[] = [];
  try {
    for (let round = 0; round < context.rounds.rounds; round++) {
      const dbPath = join(context.workDir, `ingest-pg-sqlite-${round}.db`);
      const sqliteConfig = join(context.workDir, `ingest-pg-sqlite-${round}.json`);
      writeFileSync(sqliteConfig, JSON.stringify(config(dbPath, context.workDir)));
      await runCli(["scan", "--config", sqliteConfig]).exited;
      const store = openSqliteStore(dbPath);
      sqlite.push(toRate(count, spanMs(await waitForScans(store, sources.length))));
      await store.close();

      for (const workers of WORKERS) {
        const database = await createTestDatabase();
        const file = join(context.workDir, `ingest-pg-${workers}-${round}.json`);
        writeFileSync(file, JSON.stringify(config(database.url, context.workDir)));
        const store = await openPostgresStore(database.url);
        const daemons = Array.from({ length: workers }, () => runCli(["daemon", "--config", file]));
        try {
          const runs = await waitForScans(store, sources.length);
          const stored = (await store.countMentionsBySource()).reduce((sum, c) => sum + c.mentions, 0);
          if (stored !== count) throw new Error(`ingest-pg: ${workers} worker(s) stored ${stored} of ${count} mentions`);
          rates.get(workers)!.push(toRate(count, spanMs(runs)));
          context.log(`ingest-pg round ${round + 1}: ${workers} worker(s) ${Math.round(rates.get(workers)!.at(-1)!)} mentions/s (SQLite ${Math.round(sqlite.at(-1)!)})`);
        } finally {
          for (const d of daemons) d.child.kill("SIGTERM");
          // A daemon that has not ended a minute after SIGTERM is killed: the bench must end.
          const killLate = setTimeout(() => {
            for (const d of daemons) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
          }, 60_000);
          await Promise.all(daemons.map((d) => d.exited));
          clearTimeout(killLate);
          await store.close();
          await database.drop();
        }
      }
    }
  } finally {
    await replay.close();
  }
  const one = rates.get(1)!;
  return WORKERS.map((workers) =>
    toBenchResult({
      name: `ingest into PostgreSQL, ${workers} daemon process${workers > 1 ? "es" : ""}`,
      unit: "mentions/s",
      subject: rates.get(workers)!,
      baselineName: "SQLite, one `earshot scan` process",
      baseline: sqlite,
      target: "report the scaling honestly (issue 15); 2 cores here",
      notes: workers === 1 ? [] : [`×${(median(rates.get(workers)!) / median(one)).toFixed(2)} of one PostgreSQL worker`],
    }),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
