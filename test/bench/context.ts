import type { RoundsOptions } from "./harness.js";

/** Problem sizes of one bench run: the full figures, or the --quick smoke mode that only checks the harness. */
export interface BenchSizes {
  /** About how long one classify round of each contender lasts, ms. */
  classifyRoundMs: number;
  /** Mentions served and scanned per ingest round (RSS pages of 100). */
  ingestMentions: number;
  /** Stored mentions behind each digest figure; the first is the one the < 2 s target is about. */
  digestMentions: readonly number[];
  exportMentions: number;
  /** Two scan sizes: peak RSS must not grow from the first to the second. */
  scanMemoryMentions: readonly [number, number];
  daemonSources: number;
  daemonRuns: number;
}

export const FULL_SIZES: BenchSizes = {
  classifyRoundMs: 3_000,
  ingestMentions: 100_000,
  digestMentions: [1_000_000, 5_000_000],
  exportMentions: 1_000_000,
  scanMemoryMentions: [10_000, 100_000],
  daemonSources: 50,
  daemonRuns: 1_000,
};

export const QUICK_SIZES: BenchSizes = {
  classifyRoundMs: 300,
  ingestMentions: 2_000,
  digestMentions: [10_000, 30_000],
  exportMentions: 10_000,
  scanMemoryMentions: [300, 1_000],
  daemonSources: 5,
  daemonRuns: 15,
};

export interface BenchContext {
  quick: boolean;
  sizes: BenchSizes;
  rounds: RoundsOptions;
  /** A temp directory for this run, removed at the end unless --keep. */
  workDir: string;
  /** Where seeded databases are cached: the work dir, or --cache-dir to reuse them across runs. */
  seedDir: string;
  /** The corpus seed: the same seed gives the same feeds and databases. */
  seed: number;
  /** Progress on stderr (stdout carries the table). */
  log(message: string): void;
}
