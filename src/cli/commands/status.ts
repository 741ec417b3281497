import type { Command } from "commander";
import { openStore } from "../../store/open.js";
import { type SourceStatus } from "../../store/types.js";
import { type ThreadBacklog } from "../../store/types.js";
import { createBrandMatcher, toMeasurableKinds } from "../../pipeline/brand-accounts.js";
import { createSourceRegistry } from "../../sources/registry.js";
import { renderTable, toTerminalText } from "../format.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, type ConfigOptions, withConfigOptions } from "../options.js";
import { isDatabaseUrl } from "../../config/load.js";
import { readQueueDepths } from "../../daemon/work-queue.js";

interface StatusOptions extends ConfigOptions {
  json?: boolean;
}

export function defineStatusCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("status").description("per source: last run, result, added, next check, consecutive failures, last error"))
    .option("--json", "print a JSON array")
    .action(async (options: StatusOptions) => {
      const config = loadConfigFor(options, io, true);
      const store = await openStore(config.database);
      try {
        const rows = (await store.listSourceStatus());
        const failingAfter = config.daemon.failingAfter;
        const kinds = toMeasurableKinds(createSourceRegistry(), createBrandMatcher(config.brand.accounts));
        const now = io.now?.() ?? new Date();
        const backlog = await store.listThreadBacklog(kinds, { now, windowMs: config.responses.windowDays * 86_400_000, recheckMs: config.responses.recheckMs });
        const bySource = new Map(backlog.map((b) => [b.source, b]));
        io.stdout(options.json ? `${JSON.stringify(rows.map((r) => ({ ...toJson(r, failingAfter), threadChecks: toBacklogJson(bySource.get(r.source)) })), null, 2)}\n` : renderStatus(rows, failingAfter) + renderBacklog(backlog, config.responses.windowDays, now));
        // PostgreSQL: the daemons' shared job queue (text only: --json stays one array of sources).
        if (!options.json && isDatabaseUrl(config.database)) {
          const q = await readQueueDepths(config.database);
          io.stdout(`\nJob queue: ${q.queued} queued, ${q.active} running, ${q.deadLetters} dead letter(s)${q.deadLetters > 0 ? " (failed every retry: see the daemons' logs)" : ""}\n`);
        }
      } finally {
        await store.close();
      }
      io.exitCode = EXIT_OK;
    });
}

function toJson(row: SourceStatus, failingAfter: number) {
  return {
    source: row.source,
    kind: row.kind,
    enabled: row.enabled,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastStatus: row.lastStatus,
    added: row.added,
    nextCheckAt: row.nextCheckAt?.toISOString() ?? null,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    consecutiveFailures: row.consecutiveFailures,
    failing: row.consecutiveFailures >= failingAfter,
    lastError: row.lastError,
  };
}

function renderStatus(rows: SourceStatus[], failingAfter: number): string {
  if (rows.length === 0) return "no sources yet: run `earshot scan` or `earshot daemon` first\n";
  const time = (d: Date | null) => d?.toISOString().slice(0, 16).replace("T", " ") ?? "-";
  const table = renderTable(
    ["source", "kind", "last run", "result", "added", "next check", "failures", "last error"],
    rows.map((r) => [
      toTerminalText(r.source, 28) + (r.enabled ? "" : " (disabled)"),
      r.kind,
      time(r.lastRunAt),
      r.consecutiveFailures >= failingAfter ? "FAILING" : (r.lastStatus ?? "-"),
      r.added === null ? "-" : String(r.added),
      time(r.nextCheckAt),
      String(r.consecutiveFailures),
      toTerminalText(r.lastError, 60),
    ]),
  );
  const failing = rows.filter((r) => r.consecutiveFailures >= failingAfter);
  const warning = failing.length > 0 ? `\n${failing.length} source(s) FAILING (${failingAfter}+ consecutive failures): ${failing.map((r) => toTerminalText(r.source, 40)).join(", ")}\n` : "";
  return table + warning;
}

/** Response tracking's thread checks of a measurable source; null where replies are not measured. */
function toBacklogJson(row: ThreadBacklog | undefined) {
  if (!row) return null;
  return { due: row.due, unanswered: row.unanswered, answered: row.answered, postponedUntil: row.postponedUntil?.toISOString() ?? null, lastError: row.lastError };
}

function renderBacklog(rows: ThreadBacklog[], windowDays: number, now: Date): string {
  if (rows.length === 0) return "";
  const time = (d: Date | null) => (d && d > now ? d.toISOString().slice(0, 16).replace("T", " ") : "-");
  const table = renderTable(
    ["source", "due now", "unanswered", "answered", "postponed until", "last thread error"],
    rows.map((r) => [toTerminalText(r.source, 28), String(r.due), String(r.unanswered), String(r.answered), time(r.postponedUntil), toTerminalText(r.lastError, 60)]),
  );
  return `\nthread checks (complaints of the last ${windowDays} days, brand replies):\n${table}`;
}
