/**
 * Soak test: the built daemon on many replayed sources for a while, with failures injected.
 * Reports the daemon's RSS memory over time and checks that no mention was lost or duplicated.
 *
 *   npm run build && npx tsx scripts/soak.ts --minutes 10 --sources 24 [--json]
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startReplay, type ReplayRoutes, type ReplayStep } from "../src/replay/server.js";
import { checkIntegrity, closeDb, openDb } from "../src/store/sqlite/db.js";
import { listMentions } from "../src/store/sqlite/mentions.js";
import { listRuns } from "../src/store/sqlite/runs.js";
import { tempDir } from "../test/helpers/temp.js";

const { values } = parseArgs({
  options: { minutes: { type: "string", default: "10" }, sources: { type: "string", default: "24" }, json: { type: "boolean", default: false } },
});
const minutes = Number(values.minutes);
const sourceCount = Number(values.sources);
const STEPS = 1000;
const WINDOW = 30;

const texts = [
  "Siunta vėluoja jau savaitę, niekas neatsako į laiškus",
  "Доставка задерживается, поддержка молчит",
  "Paketti myöhässä eikä asiakaspalvelu vastaa",
  "Still no refund after three weeks, order stuck",
  "Payment failed twice and I was charged anyway",
  "Great service, the courier was early!",
];

/** Step k of a healthy feed: the newest WINDOW of items 0..2k+4 (items fall out of the feed as new ones arrive). */
function feedStep(source: number, k: number): ReplayStep {
  const last = 2 * k + 4;
  const items = [];
  for (let j = Math.max(0, last - WINDOW + 1); j <= last; j++) {
    items.push({ id: `s${source}-i${j}`, content_text: `${texts[(source + j) % texts.length]} (#${j})`, date_published: new Date(Date.UTC(2026, 10, 1) + j * 60_000).toISOString() });
  }
  return { status: 200, headers: { "content-type": "application/feed+json", etag: `"s${source}-v${k}"` }, body: JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: `soak ${source}`, items }) };
}

/** Every fourth source misbehaves on a rotating schedule of faults. */
function stepFor(source: number, k: number): ReplayStep {
  if (source % 4 !== 3) return feedStep(source, k);
  switch (k % 6) {
    case 1: return { status: 500, body: "boom" };
    case 2: return { status: 429, headers: { "retry-after": "4" }, body: "slow down" };
    case 3: return { ...feedStep(source, k), fault: "truncate" };
    case 4: return { fault: "reset" };
    default: return feedStep(source, k);
  }
}

const routes: ReplayRoutes = {};
for (let s = 0; s < sourceCount; s++) routes[`/s${s}.json`] = Array.from({ length: STEPS }, (_, k) => stepFor(s, k));
const replay = await startReplay(routes);

const dir = tempDir("earshot-soak-");
const dbFile = join(dir, "earshot.db");
const configFile = join(dir, "earshot.yaml");
const sourceYaml = Array.from({ length: sourceCount }, (_, s) => `  - name: s${s}\n    kind: rss\n    url: ${replay.url(`/s${s}.json`)}\n    schedule: "*/3 * * * * *"`).join("\n");
writeFileSync(
  configFile,
  `database: ./earshot.db\nscan:\n  concurrency: 8\ndaemon:\n  jitterMaxMs: 1500\n  backoffBaseMs: 2000\n  failingAfter: 5\n  failingIntervalMs: 10000\n  maxDelayMs: 20000\nsources:\n${sourceYaml}\n`,
);

const cli = resolve(import.meta.dirname, "../dist/cli/main.js");
const child = spawn(process.execPath, [cli, "daemon", "--config", configFile], { stdio: ["ignore", "ignore", "pipe"] });
let logBytes = 0;
child.stderr.on("data", (chunk: Buffer) => void (logBytes += chunk.length));
const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));

const rssSamples: Array<{ atSeconds: number; rssMiB: number }> = [];
const sampleRss = (atSeconds: number) => {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1] ?? 0);
  rssSamples.push({ atSeconds, rssMiB: Math.round((kib / 1024) * 10) / 10 });
};
const started = Date.now();
await new Promise((r) => setTimeout(r, 5_000));
sampleRss(5);
const sampler = setInterval(() => sampleRss(Math.round((Date.now() - started) / 1000)), 30_000);
await new Promise((r) => setTimeout(r, minutes * 60_000));
clearInterval(sampler);
sampleRss(Math.round((Date.now() - started) / 1000));
child.kill("SIGTERM");
const exitCode = await exited;

// What the daemon was served in full: every healthy 200 answer but each source's last one,
// which may have been cut off by the shutdown (its page rolls back, as designed).
const served = new Map<string, Set<string>>();
for (let s = 0; s < sourceCount; s++) {
  const requests = replay.requests.filter((r) => r.path === `/s${s}.json`).length;
  const ids = new Set<string>();
  for (let k = 0; k < requests - 1; k++) {
    const step = stepFor(s, k);
    if (step.status !== 200 || step.fault) continue;
    for (const item of JSON.parse(String(step.body)).items as Array<{ id: string }>) ids.add(item.id);
  }
  served.set(`s${s}`, ids);
}
await replay.close();

const db = openDb(dbFile);
const stored = listMentions(db);
const storedKeys = stored.map((m) => `${m.sourceName}/${m.externalId}`);
const duplicates = storedKeys.length - new Set(storedKeys).size;
let lost = 0;
for (const [source, ids] of served) for (const id of ids) if (!storedKeys.includes(`${source}/${id}`)) lost++;
const runs = listRuns(db, undefined, 1_000_000);
const summary = {
  minutes,
  sources: sourceCount,
  faultySources: Math.floor((sourceCount + 1) / 4),
  requests: replay.requests.length,
  runs: runs.length,
  runsByStatus: Object.fromEntries([...new Set(runs.map((r) => r.status))].map((s) => [s, runs.filter((r) => r.status === s).length])),
  mentionsStored: stored.length,
  mentionsServed: [...served.values()].reduce((n, ids) => n + ids.size, 0),
  lost,
  duplicates,
  integrity: checkIntegrity(db),
  exitCode,
  logBytes,
  rssMiB: rssSamples,
};
closeDb(db);
process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${JSON.stringify(summary, null, 2)}\n`);
process.exitCode = lost === 0 && duplicates === 0 && exitCode === 0 ? 0 : 1;
