/**
 * `npm run bench` — every benchmark with its baseline measured in the same process and run.
 *
 *   npm run bench                       the table on stdout, progress on stderr
 *   npm run bench -- --json             also writes bench/results.json
 *   npm run bench -- --quick            small sizes, one round: checks the harness works (CI)
 *   npm run bench -- --only classify,ingest
 *   npm run bench -- --keep             keep the work dir (path printed on stderr)
 *   npm run bench -- --cache-dir DIR    keep seeded 1M/5M databases in DIR and reuse them next run
 *
 * Targets are reported, never asserted: the exit code is 0 unless a benchmark broke.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runClassifyBenchmark } from "./classify.js";
import { FULL_SIZES, QUICK_SIZES, type BenchContext } from "./context.js";
import { runDashboardBenchmark } from "./dashboard.js";
import { runDigestBenchmarks } from "./digest.js";
import { runExportBenchmark } from "./export.js";
import { runResponsesBenchmark } from "./responses.js";
import { runMigrateBenchmark } from "./migrate.js";
import { runRewriteRawBenchmark } from "./rewrite-raw.js";
import { renderTable, type BenchResult } from "./harness.js";
import { runIngestBenchmarks } from "./ingest.js";
import { runIngestPgBenchmark } from "./ingest-pg.js";
import { runMemoryBenchmarks } from "./memory.js";
import { describeMachine } from "./machine.js";

const BENCHMARKS: Record<string, (context: BenchContext) => Promise<BenchResult[]>> = {
  classify: runClassifyBenchmark,
  ingest: runIngestBenchmarks,
  "ingest-pg": runIngestPgBenchmark,
  digest: runDigestBenchmarks,
  dashboard: runDashboardBenchmark,
  export: runExportBenchmark,
  responses: runResponsesBenchmark,
  "rewrite-raw": runRewriteRawBenchmark,
  migrate: runMigrateBenchmark,
  memory: runMemoryBenchmarks,
};

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
    seed: { type: "string", default: "2026" },
    "cache-dir": { type: "string" },
  },
});

const selected = values.only ? values.only.split(",").map((name) => name.trim()) : Object.keys(BENCHMARKS);
const unknown = selected.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")} (known: ${Object.keys(BENCHMARKS).join(", ")})\n`);
  process.exit(2);
}

const workDir = mkdtempSync(join(tmpdir(), "earshot-bench-"));
if (values["cache-dir"]) mkdirSync(values["cache-dir"], { recursive: true });
const started = Date.now();
const context: BenchContext = {
  quick: values.quick,
  sizes: values.quick ? QUICK_SIZES : FULL_SIZES,
  rounds: values.quick ? { warmup: 1, rounds: 1 } : { warmup: 1, rounds: 3 },
  workDir,
  seedDir: values["cache-dir"] ? resolve(values["cache-dir"]) : workDir,
  seed: Number(values.seed),
  log: (message) => void process.stderr.write(`bench [${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`),
};

const machine = describeMachine();
context.log(`${machine.summary}; ${values.quick ? "quick smoke mode" : "full sizes"}; work dir ${workDir}`);
const results: BenchResult[] = [];
let failed = false;
try {
  for (const name of selected) {
    context.log(`${name}…`);
    try {
      results.push(...(await BENCHMARKS[name]!(context)));
    } catch (error) {
      failed = true;
      process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
} finally {
  if (values.keep) context.log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}

process.stdout.write(`\nearshot benchmarks — ${machine.summary}${values.quick ? " — QUICK (sizes reduced; figures not comparable)" : ""}\n\n`);
process.stdout.write(renderTable(results));
if (values.json) {
  const file = resolve(import.meta.dirname, "../../bench/results.json");
  mkdirSync(dirname(file), { recursive: true });
  // One entry per benchmark, as issue 8 asks; the machine is in the table header and docs/performance.md.
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}
process.exitCode = failed ? 1 : 0;
