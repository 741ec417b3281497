/**
 * memory: peak RSS of the built CLI, never of this process.
 * - `earshot scan` at two sizes against feeds served from here: peak RSS must stay flat as the
 *   number of mentions grows (the pipeline holds one page, not the scan).
 * - `earshot daemon` with many sources on a one-second schedule, after N runs: < 200 MB.
 * - baseline: an idle `node -e` with the same preload.
 * - what dominates: RSS, heap and external memory added by each module the daemon loads.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { startReplay, type ReplayRoutes } from "../../src/replay/server.js";
import type { BenchContext } from "./context.js";
import { createCorpus, toCorpusMention } from "./corpus.js";
import { toCountText } from "./digest.js";
import { renderRssFeed, toCorpusFeeds } from "./feeds.js";
import { toBenchResult, toMedian, type BenchResult } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
const PRELOAD = join(import.meta.dirname, "report-peak-rss.mjs");
const MB = 1_048_576;

export async function runMemoryBenchmarks(context: BenchContext): Promise<BenchResult[]> {
  const idle = Array.from({ length: context.quick ? 1 : 3 }, (_, i) => measureIdleMb(join(context.workDir, `idle-${i}.json`)));
  const [small, large] = context.sizes.scanMemoryMentions;
  const scanSmall = await measureScanPeakMb(context, small);
  const scanLarge = await measureScanPeakMb(context, large);
  context.log(`memory: scan peak ${scanSmall.toFixed(0)} MB at ${toCountText(small)}, ${scanLarge.toFixed(0)} MB at ${toCountText(large)}`);
  const daemon = await measureDaemonMb(context);
  context.log(`memory: daemon peak ${daemon.peakMb.toFixed(0)} MB after ${daemon.runs} runs`);
  const imports = measureImportCosts();
  const idleMedian = toMedian(idle);
  return [
    toBenchResult({
      name: `memory scan @ ${toCountText(large)}`,
      unit: "MB",
      subject: [scanLarge],
      baselineName: "idle node -e",
      baseline: idle,
      target: "informational (flatness below)",
      notes: [`\`node dist/cli/main.js scan\`, ${large / 100} rss sources of 100 items, peak RSS (VmHWM at exit)`],
    }),
    toBenchResult({
      name: `memory scan growth ${toCountText(small)} → ${toCountText(large)}`,
      unit: "MB",
      subject: [scanLarge],
      baselineName: `scan @ ${toCountText(small)}`,
      baseline: [scanSmall],
      target: "flat: ratio ≤ 1.15",
      ...(context.quick ? {} : { isMet: (_median: number, ratio: number) => ratio <= 1.15 }),
    }),
    toBenchResult({
      name: `memory daemon, ${context.sizes.daemonSources} sources`,
      unit: "MB",
      subject: [daemon.peakMb],
      baselineName: "idle node -e",
      baseline: idle,
      target: "< 200 MB",
      ...(context.quick ? {} : { isMet: (median: number) => median < 200 }),
      notes: [
        `peak RSS (VmHWM) after ${daemon.runs} scheduled runs; RSS then ${daemon.currentMb.toFixed(0)} MB; idle node ${idleMedian.toFixed(0)} MB`,
        `what the daemon loads, RSS added per module after GC: ${imports}`,
      ],
    }),
  ];
}

/** Peak RSS of a node process that does nothing, with the same preload as the others. */
function measureIdleMb(peakFile: string): number {
  const result = spawnSync(process.execPath, ["--import", PRELOAD, "-e", "setTimeout(() => {}, 50)"], { env: { ...process.env, EARSHOT_BENCH_PEAK_RSS_FILE: peakFile } });
  if (result.status !== 0) throw new Error(`idle node exited ${result.status}: ${result.stderr.toString()}`);
  return loadPeakMb(peakFile);
}

async function measureScanPeakMb(context: BenchContext, count: number): Promise<number> {
  const corpus = createCorpus({ seed: context.seed });
  const feeds = toCorpusFeeds(corpus, count);
  const replay = await startReplay(feeds.routes);
  const dir = join(context.workDir, `scan-memory-${count}`);
  mkdirSync(dir, { recursive: true });
  try {
    const config = writeConfig(dir, feeds.paths.map((path, i) => ({ name: `feed-${i}`, url: replay.url(path) })), "");
    const peakFile = join(dir, "peak.json");
    // Asynchronous: the replay server answering the child lives in this process.
    const child = spawn(process.execPath, ["--import", PRELOAD, CLI, "scan", "--config", config, "--json"], {
      env: { ...process.env, EARSHOT_BENCH_PEAK_RSS_FILE: peakFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let lines = 0;
    let failures = 0;
    let stderr = "";
    // One JSON line per source run; a chunk may end mid-line.
    let pending = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (pending + chunk).split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) {
        if (line.trim() === "") continue;
        lines++;
        if (!line.includes('"status":"ok"')) failures++;
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr = (stderr + chunk).slice(-4000)));
    const [code] = (await once(child, "exit")) as [number | null];
    if (code !== 0 || failures > 0 || lines !== feeds.paths.length) throw new Error(`scan of ${count} mentions: exit ${code}, ${lines} reports, ${failures} not ok: ${stderr}`);
    return loadPeakMb(peakFile);
  } finally {
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface DaemonMemory {
  peakMb: number;
  currentMb: number;
  runs: number;
}

/**
 * The built daemon on `daemonSources` rss sources scheduled every second (no jitter). Each feed
 * answers with a 30-item window that moves 5 items per request, as a busy review feed does, so
 * every run stores something. Stops after `daemonRuns` requests and reads the kernel's peak RSS.
 */
async function measureDaemonMb(context: BenchContext): Promise<DaemonMemory> {
  const { daemonSources, daemonRuns } = context.sizes;
  const corpus = createCorpus({ seed: context.seed + 1 });
  const stepsPerSource = Math.ceil(daemonRuns / daemonSources) + 5;
  const routes: ReplayRoutes = {};
  for (let s = 0; s < daemonSources; s++) {
    routes[`/daemon/${s}.xml`] = Array.from({ length: stepsPerSource }, (_, k) => {
      const items = Array.from({ length: 30 }, (_, j) => toCorpusMention(corpus, s * 100_000 + k * 5 + j));
      return { status: 200, headers: { "content-type": "application/rss+xml; charset=utf-8" }, body: renderRssFeed(`daemon ${s}`, items) };
    });
  }
  const replay = await startReplay(routes);
  const dir = join(context.workDir, "daemon-memory");
  mkdirSync(dir, { recursive: true });
  try {
    const sources = Array.from({ length: daemonSources }, (_, s) => ({ name: `daemon-${s}`, url: replay.url(`/daemon/${s}.xml`) }));
    const config = writeConfig(dir, sources, `daemon:\n  defaultSchedule: "* * * * * *"\n  jitterMaxMs: 0\n`);
    const child = spawn(process.execPath, [CLI, "daemon", "--config", config], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr = (stderr + chunk).slice(-4000)));
    const exited = once(child, "exit") as Promise<[number | null]>;
    let alive = true;
    void exited.then(() => void (alive = false));
    const deadline = Date.now() + 120_000 + daemonRuns * 200;
    while (replay.requests.length < daemonRuns) {
      if (!alive) throw new Error(`daemon exited early: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`daemon made ${replay.requests.length} of ${daemonRuns} runs before the deadline`);
      await delay(100);
    }
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const runs = replay.requests.length;
    child.kill("SIGTERM");
    const [code] = await exited;
    if (code !== 0) throw new Error(`daemon exited ${code} on SIGTERM: ${stderr}`);
    return { peakMb: toStatusMb(status, "VmHWM"), currentMb: toStatusMb(status, "VmRSS"), runs };
  } finally {
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function toStatusMb(status: string, field: "VmHWM" | "VmRSS"): number {
  const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  if (kib === undefined) throw new Error(`no ${field} in /proc status`);
  return (Number(kib) * 1024) / MB;
}

/**
 * RSS, heap and external memory each module of the daemon adds when imported in this order
 * (a module's dependencies count for the first module that loads them), in a fresh process.
 */
function measureImportCosts(): string {
  const modules = [
    ["store (better-sqlite3, drizzle)", "dist/store/db.js"],
    ["config (zod, yaml)", "dist/config/load.js"],
    ["http (undici, p-queue)", "dist/http/client.js"],
    ["lang-id (n-gram profiles)", "dist/text/lang-id.js"],
    ["classify (lexicons, taxonomy)", "dist/classify/index.js"],
    ["createClassifier()", ""],
    ["first classify (lang-id tables)", "classify"],
    ["sources (cheerio…)", "dist/sources/registry.js"],
    ["daemon (node-cron)", "dist/daemon/daemon.js"],
    ["logger (pino)", "dist/cli/logger.js"],
  ];
  const script = `
    const { pathToFileURL } = await import("node:url");
    const modules = ${JSON.stringify(modules)};
    const root = ${JSON.stringify(ROOT)};
    const { readFileSync } = await import("node:fs");
    const peak = () => Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
    const sample = () => { globalThis.gc(); globalThis.gc(); return { ...process.memoryUsage(), peak: peak() }; };
    let before = sample();
    const out = [];
    for (const [label, path] of modules) {
      const classifyModule = () => import(pathToFileURL(root + "/dist/classify/index.js").href);
      if (path === "classify") (await classifyModule()).createClassifier().classify({ text: "Pasūtījums joprojām nav atnācis" });
      else if (path) await import(pathToFileURL(root + "/" + path).href);
      else (await classifyModule()).createClassifier();
      const after = sample();
      out.push({ label, rss: after.rss - before.rss, heap: after.heapUsed - before.heapUsed, external: after.external - before.external, peak: after.peak - before.peak });
      before = after;
    }
    process.stdout.write(JSON.stringify({ out, total: before.rss, peak: before.peak }));`;
  const result = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) return `not measured (${result.stderr.trim().split("\n").at(-1) ?? "failed"})`;
  const { out, total, peak } = JSON.parse(result.stdout) as { out: Array<{ label: string; rss: number; heap: number; external: number; peak: number }>; total: number; peak: number };
  const mb = (bytes: number) => (bytes / MB).toFixed(0);
  return `${out.map((o) => `${o.label} +${mb(o.rss)} MB (heap ${mb(o.heap)}, external ${mb(o.external)}, peak +${mb(o.peak)})`).join(", ")}; all loaded: ${mb(total)} MB after GC, peak ${mb(peak)} MB`;
}

/** Writes an earshot.yaml for `sources` (rss) into `dir`; `daemonYaml` is spliced in as is. */
function writeConfig(dir: string, sources: Array<{ name: string; url: string }>, daemonYaml: string): string {
  const file = join(dir, "earshot.yaml");
  const list = sources.map((s) => `  - name: ${s.name}\n    kind: rss\n    url: ${s.url}`).join("\n");
  writeFileSync(file, `database: ./earshot.db\n${daemonYaml}sources:\n${list}\n`);
  return file;
}

function loadPeakMb(file: string): number {
  const { peakRssKiB } = JSON.parse(readFileSync(file, "utf8")) as { peakRssKiB: number };
  return (peakRssKiB * 1024) / MB;
}
