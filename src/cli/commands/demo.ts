import { resolve } from "node:path";
import type { Command } from "commander";
import { parseConfig } from "../../config/load.js";
import { scanAll } from "../../pipeline/scan-all.js";
import { startReplay, type ReplayRoutes } from "../../replay/server.js";
import { countComplaintsByTopic, countMentionsBySource } from "../../store/mentions.js";
import { renderTable } from "../format.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "../io.js";
import { openRuntime } from "../runtime.js";
import { renderReportLine } from "./scan.js";

/**
 * The bundled demo: recorded feeds in four languages (one windows-1257 feed served without a
 * charset header, one windows-1251) replayed from fixtures/ on 127.0.0.1, scanned through the
 * same HTTP client, parser, classifier and store as production.
 */
const demoFeeds = [
  { name: "lt-reviews", path: "/lt/nordvik/atsiliepimai.xml", fixture: "rss/demo-lt-windows-1257", channel: "review" },
  { name: "ru-reviews", path: "/ru/nordvik/otzyvy.xml", fixture: "rss/demo-ru-windows-1251", channel: "review" },
  { name: "fi-reviews", path: "/fi/nordvik/arvostelut.atom", fixture: "rss/demo-fi-atom", channel: "review" },
  { name: "en-reviews", path: "/en/nordvik/reviews.json", fixture: "rss/demo-en-json-feed", channel: "review" },
] as const;

interface DemoOptions {
  db: string;
}

export function defineDemoCommand(program: Command, io: CliIo): void {
  program
    .command("demo")
    .description("scan the bundled recorded feeds (no internet) into a demo database and print a summary")
    .option("--db <path>", "database file", "./earshot-demo.db")
    .action(async (options: DemoOptions) => {
      io.exitCode = await runDemo(options, io);
    });
}

async function runDemo(options: DemoOptions, io: CliIo): Promise<number> {
  const routes: ReplayRoutes = Object.fromEntries(demoFeeds.map((feed) => [feed.path, { fixture: feed.fixture }]));
  const replay = await startReplay(routes);
  try {
    const database = resolve(io.cwd, options.db);
    const config = parseConfig(
      {
        database,
        timezone: "Europe/Vilnius",
        sources: demoFeeds.map((feed) => ({ name: feed.name, kind: "rss", url: replay.url(feed.path), channel: feed.channel })),
      },
      null,
      io.cwd,
    );
    const runtime = openRuntime(config, { loopbackOnly: true, ...(io.signal ? { signal: io.signal } : {}) });
    try {
      io.stdout(`earshot demo: scanning ${demoFeeds.length} recorded feeds from ${replay.origin} into ${database}\n`);
      const reports = await scanAll(runtime.deps, runtime.sourceRows, { onReport: (report) => io.stdout(renderReportLine(report)) });
      io.stdout(`\nMentions per source\n`);
      io.stdout(renderTable(["source", "mentions", "complaints"], countMentionsBySource(runtime.db).map((c) => [c.sourceName, String(c.mentions), String(c.complaints)])));
      io.stdout(`\nComplaints per topic\n`);
      const topics = countComplaintsByTopic(runtime.db);
      io.stdout(topics.length === 0 ? "no complaints\n" : renderTable(["topic", "stage", "complaints"], topics.map((t) => [t.topic, t.stage, String(t.complaints)])));
      io.stdout(`\nNext: npm run earshot -- mentions --db ${options.db} --complaints\n`);
      return reports.some((r) => r.status === "failed") ? EXIT_FAILED : EXIT_OK;
    } finally {
      await runtime.close();
    }
  } finally {
    await replay.close();
  }
}
