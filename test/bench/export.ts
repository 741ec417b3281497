/**
 * export: rows/s of `earshot export --format csv --out FILE` (run in-process through `runCli`:
 * the store's streaming iterator, the command's formatter, chunked writes with back-pressure)
 * over a year of stored mentions; baseline: the same rows from the same query (the same
 * iterator) written with no formatting (values joined by tabs) through the command's own file
 * sink, the read + write ceiling. Target ≥ 100,000 rows/s.
 * Flat memory: peak RSS of the built CLI exporting everything against exporting a tenth.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createExportFileStream, createFileSink } from "../../src/cli/commands/export.js";
import { runCli } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";
import { closeDb, openDb, type Db } from "../../src/store/sqlite/db.js";
import { iterateMentionsForExport, type ExportRow } from "../../src/store/sqlite/export.js";
import type { BenchContext } from "./context.js";
import { toCountText } from "./digest.js";
import { measureInterleaved, measureMs, toBenchResult, toRate, type BenchResult } from "./harness.js";
import { seedDatabase, toSeedFileName } from "./seed-db.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PRELOAD = join(import.meta.dirname, "report-peak-rss.mjs");

export async function runExportBenchmark(context: BenchContext): Promise<BenchResult[]> {
  const count = context.sizes.exportMentions;
  const path = join(context.seedDir, toSeedFileName(count, context.seed));
  seedDatabase(path, { count, seed: context.seed, log: context.log });
  const out = join(context.workDir, "export.csv");
  const db = openDb(path, { readonly: true });
  let csvBytes = 0;
  try {
    // No warm-up round: the file was just written or read, so its pages are in the OS cache, and
    // each pass over the rows is long enough for the JIT to settle within it.
    const values = await measureInterleaved(
      {
        csv: async () => {
          const ms = await measureMs(() => runExportCommand(["export", "--db", path, "--format", "csv", "--out", out]));
          csvBytes = statSync(out).size;
          return toRate(count, ms);
        },
        plain: async () => {
          const result = await writeRows(db, out, toPlainLine);
          return toRate(result.rows, result.ms);
        },
      },
      { warmup: 0, rounds: context.rounds.rounds },
    );
    // A tenth of the rows: the first ~tenth of the corpus's year (volume grows through it, so a bit more than a tenth of the days).
    const tenthUntil = new Date(Date.UTC(2025, 10, 24) + 115 * 86_400_000).toISOString().slice(0, 10);
    const peakTenth = await measureExportPeakMb(context, path, ["--until", tenthUntil]);
    const peakAll = await measureExportPeakMb(context, path, []);
    return [
      toBenchResult({
        name: `export csv @ ${toCountText(count)}`,
        unit: "rows/s",
        subject: values.csv,
        baselineName: "same rows, no formatting",
        baseline: values.plain,
        target: "≥ 100,000 rows/s",
        ...(context.quick ? {} : { isMet: (median: number) => median >= 100_000 }),
        notes: [`${(csvBytes / 1e6).toFixed(0)} MB of CSV written by \`earshot export --format csv --out\` (in-process runCli)`],
      }),
      toBenchResult({
        name: `export memory @ ${toCountText(count)}`,
        unit: "MB",
        subject: [peakAll.peakMb],
        baselineName: `export of ${peakTenth.rows.toLocaleString("en-US")} rows`,
        baseline: [peakTenth.peakMb],
        target: "flat: ratio ≤ 1.15",
        ...(context.quick ? {} : { isMet: (_median: number, ratio: number) => ratio <= 1.15 }),
        notes: [`peak RSS (VmHWM) of \`node dist/cli/main.js export\` exporting ${peakAll.rows.toLocaleString("en-US")} rows vs ${peakTenth.rows.toLocaleString("en-US")}`],
      }),
    ];
  } finally {
    closeDb(db);
    rmSync(out, { force: true });
  }
}

async function runExportCommand(argv: string[]): Promise<void> {
  let stderr = "";
  const io: CliIo = { stdout: () => undefined, stderr: (text) => void (stderr += text), env: {}, cwd: ROOT, exitCode: 0 };
  const code = await runCli(argv, io);
  if (code !== 0) throw new Error(`earshot export exited ${code}: ${stderr}`);
}

/** Peak RSS of the built CLI exporting to a file, and how many rows it wrote. */
async function measureExportPeakMb(context: BenchContext, dbPath: string, extra: string[]): Promise<{ peakMb: number; rows: number }> {
  const peakFile = join(context.workDir, "export-peak.json");
  const out = join(context.workDir, "export-child.csv");
  const child = spawn(process.execPath, ["--import", PRELOAD, join(ROOT, "dist/cli/main.js"), "export", "--db", dbPath, "--out", out, ...extra], {
    env: { ...process.env, EARSHOT_BENCH_PEAK_RSS_FILE: peakFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr += chunk));
  const [code] = (await once(child, "exit")) as [number | null];
  rmSync(out, { force: true });
  const rows = Number(/exported (\d+) mention/.exec(stderr)?.[1]);
  if (code !== 0 || Number.isNaN(rows)) throw new Error(`earshot export exited ${code}: ${stderr}`);
  const { peakRssKiB } = JSON.parse(readFileSync(peakFile, "utf8")) as { peakRssKiB: number };
  return { peakMb: (peakRssKiB * 1024) / 1_048_576, rows };
}

function toPlainLine(row: ExportRow): string {
  return `${Object.values(row).join("\t")}\n`;
}

/**
 * Streams the export query into `file` unformatted: the baseline. It writes through the command's
 * own file sink (64 KiB byte chunks, the same stream queue and back-pressure), so the ratio
 * measures formatting and nothing else.
 */
async function writeRows(db: Db, file: string, toLine: (row: ExportRow) => string): Promise<{ rows: number; ms: number }> {
  const started = process.hrtime.bigint();
  const stream = createExportFileStream(file);
  try {
    const sink = createFileSink(stream);
    let rows = 0;
    for (const row of iterateMentionsForExport(db)) {
      sink.add(toLine(row));
      rows++;
      const full = sink.backpressure();
      if (full) await full;
    }
    await sink.end();
    return { rows, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  } finally {
    if (!stream.closed) stream.destroy();
  }
}
