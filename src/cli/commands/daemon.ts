import type { Command } from "commander";
import { createDaemon } from "../../daemon/daemon.js";
import { parseListenAddress, startHealthServer, type HealthServer } from "../../daemon/health-server.js";
import { acquireInstanceLock } from "../../daemon/lock.js";
import { createPgBossDispatch, type ScanDispatch } from "../../daemon/work-queue.js";
import { isDatabaseUrl } from "../../config/load.js";
import { createDaemonMetrics } from "../../daemon/metrics.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { createJsonLogger } from "../logger.js";
import { loadConfigFor, type ConfigOptions, withConfigOptions } from "../options.js";
import { openRuntime } from "../runtime.js";
import { toMeasurableKinds } from "../../pipeline/brand-accounts.js";

import { toPurgeJob } from "./purge.js";
import { toSpikeAlertTrigger, toWeeklyDigestJob, type DigestJobDeps } from "./digest.js";
import type { Dashboard } from "./serve.js";

interface DaemonCommandOptions extends ConfigOptions {
  listen?: string;
  /** true: the dashboard at ui.listen; a string: at that address. */
  ui?: boolean | string;
}

export function defineDaemonCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("daemon").description("keep every source fresh on its schedule until SIGTERM/SIGINT (SIGHUP reloads the config)"))
    .option("--listen <host:port>", "serve /healthz and Prometheus /metrics here (e.g. 127.0.0.1:9464)")
    .option("--ui [host:port]", "also serve the dashboard (as `earshot serve`), at ui.listen or this address")
    .action(async (options: DaemonCommandOptions) => {
      io.exitCode = await runDaemon(options, io);
    });
}

async function runDaemon(options: DaemonCommandOptions, io: CliIo): Promise<number> {
  const config = loadConfigFor(options, io);
  const listen = options.listen ? parseListenAddress(options.listen) : undefined;
  const log = createJsonLogger(io.stderr);
  // PostgreSQL: any number of daemons share the work through the job queue instead of a lock file.
  const clustered = isDatabaseUrl(config.database);
  const lock = config.database === ":memory:" || clustered ? undefined : acquireInstanceLock(config.database, new Date());
  let dispatch: ScanDispatch | undefined;
  try {
    if (clustered) {
      dispatch = await createPgBossDispatch({
        url: config.database,
        concurrency: config.scan.concurrency,
        // A scan is abandoned at sourceTimeoutMs; a job still active a minute later lost its worker.
        expireMs: config.daemon.queue.expireMs ?? config.scan.sourceTimeoutMs + 60_000,
        retryLimit: config.daemon.queue.retryLimit,
        retryDelayMs: config.daemon.queue.retryDelayMs,
        pollMs: config.daemon.queue.pollMs,
        maintenanceMs: config.daemon.queue.maintenanceMs,
        onError: (error) => log.error({ job: "work-queue", error: error.message }, "job queue error"),
      });
      log.info({ worker: dispatch.workerId }, "sharing scans through the PostgreSQL job queue");
    }
    // The daemon owns shutdown: in-flight pages finish, so the CLI signal is not passed down as an
    // abort. `scan.workers: auto` means none here: scheduled scans bring a few new mentions each,
    // which one thread classifies in milliseconds, and a worker would hold a second classifier and
    // V8 heap for the whole life of the process (~60 MB; docs/performance.md, memory).
    const runtime = await openRuntime(config, { autoWorkers: 0 });
    const metrics = createDaemonMetrics();
    let current = config;
    const digestDeps: DigestJobDeps = { store: runtime.store, http: runtime.http, config: () => current, env: io.env, cwd: io.cwd, now: () => new Date(), log };
    const alertTrigger = toSpikeAlertTrigger(digestDeps);
    const daemon = createDaemon({
      deps: runtime.deps,
      config,
      log,
      metrics,
      ...(dispatch ? { dispatch } : {}),
      jobs: [toPurgeJob(runtime.store, config, log), toWeeklyDigestJob(digestDeps)],
      onScanFinished: (report) => alertTrigger(report),
      threads: runtime.threads,
      onThreadsChecked: (report) => {
        metrics.recordThreadCheck(report);
        if (report.checked > 0) alertTrigger({ added: 0 }, true);
      },
    });
    const measurableKinds = toMeasurableKinds(runtime.registry, runtime.threads.deps.brand);
    const threadBacklog = () => runtime.store.listThreadBacklog(measurableKinds, { now: new Date(), windowMs: runtime.threads.options.windowMs, recheckMs: runtime.threads.options.recheckMs });
    let health: HealthServer | undefined;
    let dashboard: Dashboard | undefined;
    const reload = async () => {
      try {
        const next = loadConfigFor(options, io);
        await daemon.reload(next);
        current = next;
      } catch (error) {
        log.error({ error: error instanceof Error ? error.message : String(error) }, "config reload failed; keeping the running config");
      }
    };
    const onHangup = () => void reload();
    process.on("SIGHUP", onHangup);
    try {
      await daemon.start();
      if (listen) {
        health = await startHealthServer(listen, {
          health: async () => ({ ok: true, sources: daemon.sourceNames().length, inFlight: daemon.inFlight, failing: await daemon.failingSources() }),
          metrics: async () => metrics.render({ inFlight: daemon.inFlight, failingSources: await daemon.failingSources(), sources: daemon.sourceNames(), threadBacklog: await threadBacklog(), ...(dispatch ? { queue: await dispatch.depths() } : {}) }),
        });
        log.info({ listen: health.origin }, "serving /healthz and /metrics");
      }
      if (options.ui) {
        // Loaded only with --ui: a daemon without it does not pay for the web server's modules at
        // start. The daemon's own connection is the dashboard's writer: one writer per process.
        const { startDashboard } = await import("./serve.js");
        dashboard = await startDashboard(config, { listen: typeof options.ui === "string" ? options.ui : config.ui.listen, env: io.env, log, writeStore: runtime.store });
        log.info({ listen: dashboard.server.url }, "serving the dashboard");
      }
      await waitForAbort(io.signal);
      await daemon.stop(config.daemon.shutdownGraceMs);
    } finally {
      process.off("SIGHUP", onHangup);
      await health?.close();
      await dashboard?.close();
      await runtime.close();
    }
  } finally {
    lock?.release();
  }
  return EXIT_OK;
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {}); // in-process without a signal: runs until the process ends
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
