import { resolve } from "node:path";
import type { Command } from "commander";
import { parseConfig } from "../../config/load.js";
import { scanAll } from "../../pipeline/scan-all.js";
import { startReplay, type ReplayRoutes } from "../../replay/server.js";

import { renderTable } from "../format.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "../io.js";
import { openRuntime } from "../runtime.js";
import { renderReportLine } from "./scan.js";
import { DEMO_RECORDED_AT, demoBrandAccounts, demoEnvironment, demoSources } from "../demo-sources.js";
import { checkAllThreads } from "../../pipeline/check-threads.js";

import { toChannelLabel, toNumberText } from "../../digest/labels.js";
import { toIsoWeekLabel } from "../../digest/week.js";
import type { Config } from "../../config/load.js";
import type { Store } from "../../store/types.js";
import { loadDigestFor, saveDigestFiles, toLatestDataWeek } from "./digest.js";
import { InvalidArgumentError } from "commander";

// A fixed port keeps the recorded URLs stable, so a second demo run revalidates with the stored
// ETags (304) instead of seeing new endpoints.
const DEMO_PORT = 47615;

interface DemoOptions {
  db: string;
  port: number;
  week?: string;
}

export function defineDemoCommand(program: Command, io: CliIo): void {
  program
    .command("demo")
    .description("scan the bundled recorded sources of every kind (no internet) into a demo database and print a summary")
    .option("--db <path>", "database file", "./earshot-demo.db")
    .option("--port <n>", "loopback port of the replay server (a busy port falls back to any free one)", parsePort, DEMO_PORT)
    .option("--week <YYYY-Www>", "week of the digest written at the end (default: the latest week with data)")
    .action(async (options: DemoOptions) => {
      io.exitCode = await runDemo(options, io);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`"${value}" is not a port number`);
  return port;
}

async function runDemo(options: DemoOptions, io: CliIo): Promise<number> {
  const routes: ReplayRoutes = Object.assign({}, ...demoSources.map((source) => source.routes));
  const replay = await startReplay(routes, { preferredPort: options.port });
  // Sources read credentials from the environment; the replay server needs placeholders only.
  for (const [name, value] of Object.entries(demoEnvironment)) process.env[name] ??= value;
  try {
    const database = resolve(io.cwd, options.db);
    const config = parseConfig(
      {
        database,
        timezone: "Europe/Vilnius",
        brand: { accounts: demoBrandAccounts },
        sources: demoSources.map((source) => ({ name: source.name, kind: source.kind, ...source.config(replay.origin) })),
      },
      null,
      io.cwd,
    );
    const runtime = await openRuntime(config, { loopbackOnly: true, ...(io.signal ? { signal: io.signal } : {}) });
    try {
      io.stdout(`earshot demo: scanning ${demoSources.length} recorded sources (${new Set(demoSources.map((s) => s.kind)).size} kinds) from ${replay.origin} into ${database}\n`);
      const reports = await scanAll(runtime.deps, runtime.sourceRows, { onReport: (report) => io.stdout(renderReportLine(report)) });
      io.stdout(`\nMentions per source\n`);
      io.stdout(renderTable(["source", "mentions", "complaints"], (await runtime.store.countMentionsBySource()).map((c) => [c.sourceName, String(c.mentions), String(c.complaints)])));
      io.stdout(`\nComplaints per topic\n`);
      const topics = await runtime.store.countComplaintsByTopic();
      io.stdout(topics.length === 0 ? "no complaints\n" : renderTable(["topic", "stage", "complaints"], topics.map((t) => [t.topic, t.stage, String(t.complaints)])));
      // Thread checks for brand replies, judged as of the recording (see DEMO_RECORDED_AT).
      await checkAllThreads({ ...runtime.threads.deps, now: () => DEMO_RECORDED_AT }, await runtime.store.listSources(), runtime.threads.options);
      io.stdout(await renderDemoResponses(runtime.store, config, options.week));
      const written = await saveDigestFiles(runtime.store, config, io.cwd, new Date(), options.week);
      if (written) io.stdout(`\nDigest of ${written.period}: ${written.paths.join(", ")}\n`);
      io.stdout(`\nNext: npm run earshot -- mentions --db ${options.db} --complaints\n`);
      return reports.some((r) => r.status === "failed") ? EXIT_FAILED : EXIT_OK;
    } finally {
      await runtime.close();
    }
  } finally {
    await replay.close();
  }
}

/** Response rate and median first-reply time per channel, from the digest week's Responses section. */
async function renderDemoResponses(store: Store, config: Config, week: string | undefined): Promise<string> {
  const found = week === undefined ? await toLatestDataWeek(store, config.timezone) : undefined;
  const latest = week ?? (found ? toIsoWeekLabel(found) : undefined);
  if (!latest) return "";
  const r = (await loadDigestFor(store, config, { week: latest }, DEMO_RECORDED_AT)).responses;
  const rows = r.channels.map((c) =>
    c.measurable
      ? [toChannelLabel(c.channel), String(c.complaints), `${toNumberText(c.responseRate.value)}%`, c.medianHours.value === null ? "–" : `${toNumberText(c.medianHours.value)} h`, String(c.slaBreaches)]
      : [toChannelLabel(c.channel), String(c.notMeasurable), "not measurable", "not measurable", "–"],
  );
  return `\nBrand responses to complaints, ${latest} (${r.measurableKinds.join(", ")} measured; SLA ${toNumberText(r.slaHours)} h)\n${renderTable(["channel", "complaints", "answered", "median first reply", "SLA breaches"], rows)}`;
}
