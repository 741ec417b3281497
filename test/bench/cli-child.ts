/**
 * Runs the built CLI (`dist/cli/main.js`) in a child process, as a user would, and reports its
 * output, wall time and peak RSS (VmHWM, written by report-peak-rss.mjs on exit: the parent's
 * high-water mark would otherwise leak into the child's getrusage figure, see docs/performance.md).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { measureMs } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PRELOAD = join(import.meta.dirname, "report-peak-rss.mjs");

export interface CliChildRun {
  stdout: string;
  ms: number;
  peakMb: number;
}

/** `earshot <argv>`; throws with its stderr when it exits with anything but 0. */
export async function runCliChild(argv: readonly string[], peakFile: string): Promise<CliChildRun> {
  let stdout = "";
  let stderr = "";
  const ms = await measureMs(async () => {
    const child = spawn(process.execPath, ["--import", PRELOAD, join(ROOT, "dist/cli/main.js"), ...argv], {
      env: { ...process.env, EARSHOT_BENCH_PEAK_RSS_FILE: peakFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => void (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr += chunk));
    const [code] = (await once(child, "exit")) as [number | null];
    if (code !== 0) throw new Error(`earshot ${argv.slice(0, 2).join(" ")} exited ${code}: ${stderr}`);
  });
  const { peakRssKiB } = JSON.parse(readFileSync(peakFile, "utf8")) as { peakRssKiB: number };
  return { stdout, ms, peakMb: (peakRssKiB * 1024) / 1_048_576 };
}
