import type { Command } from "commander";
import { parseTaxonomy } from "../../classify/index.js";
import type { Config } from "../../config/load.js";
import type { Logger } from "../../core/log.js";
import { renderDigest } from "../../digest/render.js";
import { toIsoWeekLabel } from "../../digest/week.js";
import { createBrandMatcher, toMeasurableKinds } from "../../pipeline/brand-accounts.js";
import { createSourceRegistry } from "../../sources/registry.js";
import { openStore } from "../../store/open.js";
import type { Store } from "../../store/types.js";
import { checkListenAccess, parseListenAddress } from "../../web/security.js";
import { startWebServer, type WebOptions, type WebServer } from "../../web/server.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { createJsonLogger } from "../logger.js";
import { loadConfigFor, type ConfigOptions, withConfigOptions } from "../options.js";
import { loadDigestFor } from "./digest.js";

interface ServeOptions extends ConfigOptions {
  listen?: string;
}

export function defineServeCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("serve").description("the dashboard: browse, search and correct mentions in a browser (en, lt, ru, fi)"))
    .option("--listen <host:port>", "address to listen on (default: ui.listen, 127.0.0.1:8080); anything but loopback needs EARSHOT_UI_TOKEN")
    .action(async (options: ServeOptions) => {
      io.exitCode = await runServe(options, io);
    });
}

async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  const config = loadConfigFor(options, io, true);
  const log = createJsonLogger(io.stderr);
  const dashboard = await startDashboard(config, { listen: options.listen ?? config.ui.listen, env: io.env, log });
  io.stderr(`earshot serve: ${dashboard.server.url}/ (${config.database})\n`);
  try {
    await waitForAbort(io.signal);
  } finally {
    await dashboard.close();
  }
  return EXIT_OK;
}

export interface Dashboard {
  server: WebServer;
  close(): Promise<void>;
}

/**
 * Opens the connections the dashboard needs and starts it: the writer first (it applies pending
 * migrations, such as the search index), then the read-only connection every page reads through.
 * Shared by `serve` and `daemon --ui`.
 */
export async function startDashboard(config: Config, options: { listen: string; env: Record<string, string | undefined>; log: Logger; writeStore?: Store }): Promise<Dashboard> {
  const address = parseListenAddress(options.listen);
  const token = options.env.EARSHOT_UI_TOKEN || undefined;
  checkListenAccess(address, token);
  const ownWriter = options.writeStore === undefined;
  const writeStore = options.writeStore ?? (await openStore(config.database, { rawStorage: config.storage.raw }));
  const inMemory = config.database === ":memory:";
  // :memory: has no file a second connection could open: tests and demos read through the writer.
  const openReader = async () => (inMemory ? writeStore : openStore(config.database, { readonly: true }));
  const store = await openReader();
  try {
    // The digest is the same either way, faster with rollups; a daemon keeps them current.
    await writeStore.refreshDigestRollups({ timezone: config.timezone, now: new Date() });
  } catch (error) {
    options.log.warn({ error: error instanceof Error ? error.message : String(error) }, "serve: daily rollups not refreshed; counting from the mentions");
  }
  const server = await startWebServer(toWebOptions(config, { store, writeStore, openReader, token, log: options.log }), address);
  return {
    server,
    close: async () => {
      await server.close();
      if (!inMemory) await store.close();
      if (ownWriter) await writeStore.close();
    },
  };
}

export function toWebOptions(config: Config, parts: Pick<WebOptions, "store" | "writeStore" | "openReader" | "token" | "log">): WebOptions {
  const taxonomy = parseTaxonomy(config.taxonomy, `${config.file ?? "config"}: taxonomy`);
  return {
    ...parts,
    timezone: config.timezone,
    locale: config.ui.locale,
    topics: Object.entries(taxonomy.topics).map(([id, topic]) => ({ id, stage: topic.stage })),
    loadDigest: (store, week, { themes }) => loadDigestFor(store, config, { week: toIsoWeekLabel(week) }, new Date(), themes ? {} : { themes: false }),
    renderDigest,
    digestWeeks: config.digest.trendWeeks,
    threads: {
      kinds: toMeasurableKinds(createSourceRegistry(), createBrandMatcher(config.brand.accounts)),
      windowMs: config.responses.windowDays * 86_400_000,
      recheckMs: config.responses.recheckMs,
    },
    now: () => new Date(),
  };
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {}); // in-process without a signal: runs until the process ends
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}


