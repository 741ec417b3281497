/**
 * rewrite-raw: `earshot db rewrite-raw --to compress` (the built CLI, in a child process) over a
 * store whose payloads are all text, as a database from before `storage.raw` has them; the seeded
 * 1M-mention database is copied first so the cached seed stays as it was. Baseline: copying that
 * file in the same run (what the disk costs for the same bytes). Issue 14's target for the
 * migration: < 2 minutes and < 300 MB peak RSS at 1M mentions.
 */
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "./context.js";
import { toCountText } from "./digest.js";
import { runCliChild } from "./cli-child.js";
import { measureMs, toBenchResult, type BenchResult } from "./harness.js";
import { seedDatabase, toSeedFileName } from "./seed-db.js";

export async function runRewriteRawBenchmark(context: BenchContext): Promise<BenchResult[]> {
  const count = context.sizes.digestMentions[0]!;
  const seeded = join(context.seedDir, toSeedFileName(count, context.seed));
  seedDatabase(seeded, { count, seed: context.seed, log: context.log });
  const copy = join(context.workDir, "rewrite-raw.db");
  try {
    const copyMs = await measureMs(async () => copyFileSync(seeded, copy));
    const { stdout, ms, peakMb } = await runCliChild(["db", "rewrite-raw", "--db", copy, "--to", "compress", "--json"], join(context.workDir, "rewrite-raw-peak.json"));
    const result = JSON.parse(stdout) as { rewritten: number };
    if (result.rewritten !== count) throw new Error(`rewrite-raw: rewrote ${result.rewritten} of ${count} payloads`);
    return [
      toBenchResult({
        name: `rewrite-raw @ ${toCountText(count)}`,
        unit: "s",
        subject: [ms / 1000],
        baselineName: "copying the file",
        baseline: [copyMs / 1000],
        target: "< 120 s and < 300 MB RSS",
        ...(context.quick ? {} : { isMet: (median: number) => median < 120 && peakMb < 300 }),
        notes: [`${result.rewritten.toLocaleString("en-US")} text payloads compressed by \`earshot db rewrite-raw --to compress\` (built CLI, batches of 20,000 ids); peak RSS ${peakMb.toFixed(0)} MB (VmHWM)`],
      }),
    ];
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${copy}${suffix}`, { force: true });
  }
}
