/**
 * Crash safety: a child-process `earshot scan` killed with SIGKILL at random points, then run
 * again to completion, must end with exactly the mentions of an uninterrupted scan (no
 * duplicates, none missing) and a database that passes `PRAGMA integrity_check`. Shared by
 * test/reliability/crash-safety.test.ts (a few kills) and scripts/crash-safety.ts (50+).
 *
 * The workspace scans every demo source (all kinds, through the replay server, each answer
 * delayed a little) plus a 300-row CSV export paged 5 rows at a time, so a kill lands before
 * the first request (start-up, migrations), between pages, or inside a page's transaction.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoEnvironment, demoSources } from "../../src/cli/demo-sources.js";
import { startReplay, type ReplayRoutes, type ReplayServer, type ReplayStep } from "../../src/replay/server.js";
import { checkIntegrity, closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { mentionTopics } from "../../src/store/sqlite/schema.js";
import { tempDir } from "../helpers/temp.js";
import { startCli } from "./child.js";

const EXPORT_ROWS = 300;
const STEP_DELAY_MS = 40;

/** A deterministic CSV export: invented survey answers, some with personal data to redact. */
export function toSurveyExport(rows = EXPORT_ROWS): string {
  const lines = ["respondent_id,comment,submitted_at,nps_score"];
  for (let i = 1; i <= rows; i++) {
    const comment = i % 7 === 0 ? `Delivery ${i} late, call me on +370 612 ${String(10000 + i).slice(-5)}` : `Answer ${i}: the courier was ${i % 2 ? "late" : "fine"}`;
    lines.push(`${i},"${comment}",2026-11-${String(1 + (i % 28)).padStart(2, "0")},${i % 11}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `exportRows`: size of the CSV export (the concurrent-readers test wants a long stream of pages). */
export async function startCrashReplay(exportRows = EXPORT_ROWS): Promise<ReplayServer> {
  const delayed = (steps: ReplayStep | readonly ReplayStep[]): ReplayStep[] => (Array.isArray(steps) ? steps : [steps as ReplayStep]).map((s) => ({ ...s, delayMs: STEP_DELAY_MS }));
  const routes: ReplayRoutes = {};
  for (const source of demoSources) for (const [path, steps] of Object.entries(source.routes)) routes[path] = delayed(steps);
  routes["/exports/survey.csv"] = { body: toSurveyExport(exportRows), headers: { "content-type": "text/csv; charset=utf-8" }, delayMs: STEP_DELAY_MS };
  return startReplay(routes);
}

export interface CrashWorkspace {
  dir: string;
  dbFile: string;
  env: Record<string, string>;
}

/** `settings` are merged into the config's top level (daemon timing for the concurrent-readers test). */
export function writeCrashWorkspace(origin: string, settings: Record<string, unknown> = {}, rowsPerPage = 5): CrashWorkspace {
  const dir = tempDir("earshot-crash-");
  const sources = [
    ...demoSources.map((s) => ({ name: s.name, kind: s.kind, ...s.config(origin) })),
    { name: "survey", kind: "file", url: `${origin}/exports/survey.csv`, rowsPerPage, ratingScale: 10, columns: { id: "respondent_id", text: "comment", date: "submitted_at", rating: "nps_score" } },
  ];
  // JSON is valid YAML: no YAML writer needed.
  writeFileSync(join(dir, "earshot.yaml"), JSON.stringify({ database: "./earshot.db", timezone: "Europe/Vilnius", scan: { concurrency: 4 }, ...settings, sources }));
  return { dir, dbFile: join(dir, "earshot.db"), env: { ...demoEnvironment, EARSHOT_CONFIG: join(dir, "earshot.yaml") } };
}

/** What must be identical after any crash: which mentions exist, with which content and topics. */
export interface StoredState {
  mentions: string[];
  topicRows: number;
  integrity: string;
}

export function loadStoredState(dbFile: string): StoredState {
  const db = openDb(dbFile);
  try {
    const mentions = listMentions(db)
      .map((m) => `${m.sourceName}|${m.externalId}|${m.contentHash}|${m.topics.join(",")}|${m.redactions}`)
      .sort();
    return { mentions, topicRows: db.select().from(mentionTopics).all().length, integrity: checkIntegrity(db) };
  } finally {
    closeDb(db);
  }
}

/** Runs `earshot scan` to completion (exit 0 or 1: a source may fail, the run still ends). */
export async function runScanToEnd(workspace: CrashWorkspace): Promise<void> {
  const result = await startCli(["scan"], { cwd: workspace.dir, env: workspace.env }).done;
  if (result.code !== 0) throw new Error(`scan exited ${result.code}: ${result.stderr}${result.stdout}`);
}

export interface KillOutcome {
  /** Where the kill landed: before any HTTP request reached the replay server, or during the scan. */
  phase: "startup" | "scanning" | "finished";
  delayMs: number;
}

/**
 * Starts a scan and SIGKILLs it `delayMs` after its `afterRequests`-th request reaches `replay`
 * (0: `delayMs` after spawn, during start-up). Resolves when the process is gone.
 */
export async function runKilledScan(workspace: CrashWorkspace, replay: ReplayServer, delayMs: number, afterRequests: number): Promise<KillOutcome> {
  const requestsBefore = replay.requests.length;
  const started = startCli(["scan"], { cwd: workspace.dir, env: workspace.env });
  let exited = false;
  void started.done.then(() => void (exited = true));
  // Polling the request log, not a sleep: the kill is placed relative to real progress.
  while (!exited && replay.requests.length - requestsBefore < afterRequests) await pause(2);
  await Promise.race([pause(delayMs), started.done]);
  const landed: KillOutcome["phase"] = exited ? "finished" : replay.requests.length === requestsBefore ? "startup" : "scanning";
  started.child.kill("SIGKILL");
  await started.done;
  return { phase: landed, delayMs };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A small seeded generator, so a failing series of kill points can be replayed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export interface CrashSeriesResult {
  kills: number;
  byPhase: Record<KillOutcome["phase"], number>;
  trials: number;
  mismatches: string[];
}

/**
 * `trials` fresh databases; in each, `killsPerTrial` scans are killed at random points (each one
 * resuming what the previous left), then one scan runs to the end and the stored state is
 * compared with `reference`.
 */
export async function runCrashSeries(options: { replay: ReplayServer; reference: StoredState; trials: number; killsPerTrial: number; seed: number; requestsPerScan: number; onKill?: (k: KillOutcome, trial: number) => void }): Promise<CrashSeriesResult> {
  const random = createRandom(options.seed);
  const result: CrashSeriesResult = { kills: 0, byPhase: { startup: 0, scanning: 0, finished: 0 }, trials: 0, mismatches: [] };
  for (let trial = 0; trial < options.trials; trial++) {
    const workspace = writeCrashWorkspace(options.replay.origin);
    for (let k = 0; k < options.killsPerTrial; k++) {
      // One kill in five lands during start-up (config, migrations, secret file); the rest after a
      // random number of the requests a full scan makes, plus a few ms (pages commit in between).
      const startup = random() < 0.2;
      const afterRequests = startup ? 0 : 1 + Math.floor(random() * options.requestsPerScan);
      const delayMs = Math.floor(random() * (startup ? 1500 : 120));
      const outcome = await runKilledScan(workspace, options.replay, delayMs, afterRequests);
      result.kills++;
      result.byPhase[outcome.phase]++;
      options.onKill?.(outcome, trial);
    }
    await runScanToEnd(workspace);
    const state = loadStoredState(workspace.dbFile);
    result.trials++;
    if (state.integrity !== "ok") result.mismatches.push(`trial ${trial}: integrity_check ${state.integrity}`);
    if (state.topicRows !== options.reference.topicRows) result.mismatches.push(`trial ${trial}: ${state.topicRows} topic rows, expected ${options.reference.topicRows}`);
    const missing = options.reference.mentions.filter((m) => !state.mentions.includes(m));
    const extra = state.mentions.filter((m) => !options.reference.mentions.includes(m));
    if (missing.length > 0 || extra.length > 0 || state.mentions.length !== options.reference.mentions.length) {
      result.mismatches.push(`trial ${trial}: ${state.mentions.length} mentions (expected ${options.reference.mentions.length}); missing ${missing.slice(0, 3).join(", ")}; extra ${extra.slice(0, 3).join(", ")}`);
    }
  }
  return result;
}

/** The uninterrupted run every series is compared with, and how many requests a full scan makes. */
export async function runReference(replay: ReplayServer): Promise<{ state: StoredState; requestsPerScan: number }> {
  const workspace = writeCrashWorkspace(replay.origin);
  const before = replay.requests.length;
  await runScanToEnd(workspace);
  return { state: loadStoredState(workspace.dbFile), requestsPerScan: replay.requests.length - before };
}
