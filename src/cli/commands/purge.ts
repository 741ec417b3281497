import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import type { Config } from "../../config/load.js";
import type { Logger } from "../../core/log.js";
import type { DaemonJob } from "../../daemon/daemon.js";
import { openStore } from "../../store/open.js";
import type { Store } from "../../store/types.js";
import { type ErasureReport, type RetentionClock } from "../../store/types.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, parsePositiveInt, type ConfigOptions, withConfigOptions } from "../options.js";

interface PurgeOptions extends ConfigOptions {
  days?: number;
  by: RetentionClock;
  json?: boolean;
}

const DAY_MS = 86_400_000;
/** Daily at 03:17 in the config's time zone: off the hour, when few scans run. */
export const PURGE_SCHEDULE = "17 3 * * *";

export function definePurgeCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("purge").description("delete mentions (with their payloads and topic rows) older than retention.days"))
    .option("--days <n>", "keep this many days instead of retention.days", parsePositiveInt)
    .option("--by <clock>", "age by `published` time (fetched time when unknown) or by `fetched` time", parseClock, "published")
    .option("--json", "print the counts as JSON")
    .action(async (options: PurgeOptions) => {
      const config = loadConfigFor(options, io, true);
      const days = options.days ?? config.retention.days;
      const store = await openStore(config.database);
      try {
        const cutoff = new Date(Date.now() - days * DAY_MS);
        const report = await store.deleteMentionsBefore(cutoff, options.by);
        io.stdout(options.json ? `${JSON.stringify({ days, by: options.by, cutoff: cutoff.toISOString(), ...report })}\n` : renderErasure(`older than ${days} days (${options.by} before ${cutoff.toISOString()})`, report));
      } finally {
        await store.close();
      }
      io.exitCode = EXIT_OK;
    });
}

/** The daemon's daily retention job: the same delete as `earshot purge`, on the daemon's connection. */
export function toPurgeJob(store: Store, config: Pick<Config, "retention">, log: Logger, now: () => Date = () => new Date()): DaemonJob {
  return {
    name: "retention-purge",
    schedule: PURGE_SCHEDULE,
    async run() {
      const report = await store.deleteMentionsBefore(new Date(now().getTime() - config.retention.days * DAY_MS));
      log.info({ job: "retention-purge", days: config.retention.days, ...report }, "retention purge finished");
    },
  };
}

/** One line a person reads: what went, and whether the WAL was emptied too. */
export function renderErasure(what: string, report: ErasureReport): string {
  const wal = report.walCheckpointed ? "" : " (a reader held the write-ahead log; its old pages are cleared at the next checkpoint)";
  return `removed ${report.mentions} mention(s) ${what}: ${report.rawPayloads} raw payload(s), ${report.topicRows} topic row(s), ${report.responses > 0 ? `${report.responses} brand response(s), ` : ""}${report.scanErrors} item-error snippet(s)${report.corrections > 0 ? `, ${report.corrections} label correction(s)` : ""}${wal}\n`;
}

function parseClock(value: string): RetentionClock {
  if (value !== "published" && value !== "fetched") throw new InvalidArgumentError(`"${value}" is not published or fetched`);
  return value;
}
