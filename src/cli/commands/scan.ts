import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { scanAll } from "../../pipeline/scan-all.js";
import type { ScanReport } from "../../pipeline/scan.js";
import { checkAllThreads, type ThreadCheckReport } from "../../pipeline/check-threads.js";

import { toTerminalText } from "../format.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "../io.js";
import { collect, loadConfigFor, parseDateOption, type ConfigOptions, withConfigOptions } from "../options.js";
import { openRuntime } from "../runtime.js";

interface ScanOptions extends ConfigOptions {
  source?: string[];
  since?: Date;
  json?: boolean;
  /** --no-threads: skip the thread checks for brand replies after the scan. */
  threads: boolean;
}

export function defineScanCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("scan").description("scan the configured sources once and store new mentions"))
    .option("-s, --source <name>", "scan only this source (repeatable)", collect)
    .option("--since <date>", "backfill: walk history back to this date where the platform allows (YYYY-MM-DD)", parseDateOption)
    .option("--json", "print one JSON object per source run")
    .option("--no-threads", "skip checking complaint threads for brand replies after the scan (response tracking)")
    .action(async (options: ScanOptions) => {
      io.exitCode = await runScan(options, io);
    });
}

async function runScan(options: ScanOptions, io: CliIo): Promise<number> {
  const config = loadConfigFor(options, io);
  const runtime = await openRuntime(config, { ...(io.signal ? { signal: io.signal } : {}), ...(io.now ? { now: io.now } : {}) });
  try {
    let rows = runtime.sourceRows.filter((row) => row.enabled);
    if (options.source?.length) {
      const unknown = options.source.filter((name) => !runtime.sourceRows.some((row) => row.name === name));
      if (unknown.length > 0) throw new UsageError(`no source named ${unknown.map((n) => `"${n}"`).join(", ")} in ${config.file ?? "the config"}`);
      rows = runtime.sourceRows.filter((row) => options.source!.includes(row.name));
    }
    if (rows.length === 0) {
      io.stderr(`earshot: no sources to scan in ${config.file ?? "the config"}\n`);
      return EXIT_OK;
    }
    const reports = await scanAll(runtime.deps, rows, {
      concurrency: config.scan.concurrency,
      ...(options.since ? { since: options.since } : {}),
      onReport: (report) => io.stdout(options.json ? `${JSON.stringify(toJsonLine(report))}\n` : renderReportLine(report)),
    });
    if (options.threads) {
      // After the scans, with the rows as they are now: a thread-check failure never changes the scan's outcome.
      const fresh = (await runtime.store.listSources()).filter((row) => rows.some((r) => r.id === row.id));
      await checkAllThreads(runtime.threads.deps, fresh, runtime.threads.options, (report) => io.stdout(options.json ? `${JSON.stringify({ threadCheck: report })}\n` : renderThreadLine(report)));
    }
    return reports.some((r) => r.status === "failed") ? EXIT_FAILED : EXIT_OK;
  } finally {
    await runtime.close();
  }
}

function toJsonLine(report: ScanReport) {
  return {
    source: report.source,
    kind: report.kind,
    status: report.status,
    fetched: report.fetched,
    added: report.added,
    errors: report.errors,
    durationMs: report.durationMs,
    ...(report.error ? { error: report.error } : {}),
    ...(report.retryAfterMs !== undefined ? { retryAfterMs: report.retryAfterMs } : {}),
    ...(report.notices ? { notices: report.notices } : {}),
  };
}

export function renderReportLine(report: ScanReport): string {
  const mark = report.status === "failed" ? "✗" : report.status === "partial" ? "!" : "✓";
  const counts = `fetched ${report.fetched}, added ${report.added}, errors ${report.errors}, ${report.durationMs} ms`;
  const status = report.status === "ok" ? "" : ` [${report.status}]`;
  const error = report.error ? `\n    ${toTerminalText(report.error, 300)}` : "";
  const notices = (report.notices ?? []).map((n) => `\n    note: ${toTerminalText(n, 300)}`).join("");
  return `${mark} ${report.source}${status}: ${counts}${error}${notices}\n`;
}

export function renderThreadLine(report: ThreadCheckReport): string {
  const mark = report.status === "postponed" ? "!" : "✓";
  const status = report.status === "ok" ? "" : ` [${report.status}]`;
  const error = report.error ? `\n    ${toTerminalText(report.error, 300)}` : "";
  return `${mark} ${report.source} threads${status}: checked ${report.checked}, newly answered ${report.answered}, errors ${report.errors}${error}\n`;
}
