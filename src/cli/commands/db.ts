import { InvalidArgumentError, type Command } from "commander";
import { openStore } from "../../store/open.js";
import { RAW_STORAGE_MODES, type CompactProgress, type RawRewriteProgress, type RawStorage } from "../../store/types.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, parsePositiveInt, type ConfigOptions, withConfigOptions } from "../options.js";

interface RewriteRawOptions extends ConfigOptions {
  to?: RawStorage;
  batch: number;
  vacuum?: boolean;
  json?: boolean;
}

/** At most one progress line per this many ms on stderr, so a 1M-row run prints a few dozen. */
const PROGRESS_EVERY_MS = 2_000;

export function defineDbCommand(program: Command, io: CliIo): void {
  const db = program.command("db").description("database maintenance");
  defineCompactCommand(db, io);
  withConfigOptions(db.command("rewrite-raw").description("rewrite stored item payloads to storage.raw (compress older databases); resumable: run it again after an interruption"))
    .option("--to <mode>", `target form instead of storage.raw: ${RAW_STORAGE_MODES.join(", ")}`, parseMode)
    .option("--batch <n>", "mention ids per transaction", parsePositiveInt, 20_000)
    .option("--vacuum", "rebuild the file afterwards, so the freed space goes back to the disk (needs room for a copy)")
    .option("--json", "print the result as JSON")
    .action(async (options: RewriteRawOptions) => {
      const config = loadConfigFor(options, io, true);
      const to = options.to ?? config.storage.raw;
      const store = await openStore(config.database, { rawStorage: config.storage.raw });
      const started = Date.now();
      let lastPrinted = 0;
      let result: RawRewriteProgress;
      try {
        result = await store.rewriteRawPayloads({
          to,
          batchIds: options.batch,
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: (p) => {
            if (Date.now() - lastPrinted < PROGRESS_EVERY_MS) return;
            lastPrinted = Date.now();
            io.stderr(`rewrite-raw: id ${p.doneThroughId.toLocaleString("en-US")} of ${p.maxId.toLocaleString("en-US")}, ${p.rewritten.toLocaleString("en-US")} payload(s) rewritten\n`);
          },
        });
        const finished = result.doneThroughId >= result.maxId;
        if (finished && options.vacuum) await store.vacuum();
      } finally {
        await store.close();
      }
      const finished = result.doneThroughId >= result.maxId;
      const summary = { to, ...result, finished, durationMs: Date.now() - started };
      io.stdout(
        options.json
          ? `${JSON.stringify(summary)}\n`
          : finished
            ? `rewrote ${result.rewritten} payload(s) to ${to} in ${(summary.durationMs / 1000).toFixed(1)} s${options.vacuum ? "" : "; the file keeps its size until --vacuum (new mentions reuse the freed pages)"}\n`
            : `stopped after id ${result.doneThroughId} of ${result.maxId} (${result.rewritten} payload(s) rewritten); run it again to finish\n`,
      );
      io.exitCode = finished ? EXIT_OK : EXIT_FAILED;
    });
}

interface CompactOptions extends ConfigOptions {
  batch: number;
  vacuum?: boolean;
  json?: boolean;
}

function defineCompactCommand(db: Command, io: CliIo): void {
  withConfigOptions(db.command("compact").description("rewrite rows stored by older versions into the compact forms (packed evidence, payloads without the row's own fields); resumable: run it again after an interruption"))
    .option("--batch <n>", "mention ids per transaction", parsePositiveInt, 20_000)
    .option("--vacuum", "rebuild the file afterwards, so the freed space goes back to the disk (needs room for a copy)")
    .option("--json", "print the result as JSON")
    .action(async (options: CompactOptions) => {
      const config = loadConfigFor(options, io, true);
      // Opening applies pending migrations (0009 converts hashes and topic rows in SQL): timed apart.
      const opening = Date.now();
      const store = await openStore(config.database, { rawStorage: config.storage.raw });
      const openMs = Date.now() - opening;
      const started = Date.now();
      let lastPrinted = 0;
      let result: CompactProgress;
      try {
        result = await store.compactStoredRows({
          batchIds: options.batch,
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: (p) => {
            if (Date.now() - lastPrinted < PROGRESS_EVERY_MS) return;
            lastPrinted = Date.now();
            io.stderr(`compact: id ${p.doneThroughId.toLocaleString("en-US")} of ${p.maxId.toLocaleString("en-US")}, ${p.packed.toLocaleString("en-US")} row(s) packed, ${p.repackedPayloads.toLocaleString("en-US")} payload(s) repacked\n`);
          },
        });
        if (result.doneThroughId >= result.maxId && options.vacuum) await store.vacuum();
      } finally {
        await store.close();
      }
      const finished = result.doneThroughId >= result.maxId;
      const summary = { ...result, finished, durationMs: Date.now() - started, openMs };
      io.stdout(
        options.json
          ? `${JSON.stringify(summary)}\n`
          : finished
            ? `packed the evidence of ${result.packed} row(s) and repacked ${result.repackedPayloads} payload(s) in ${(summary.durationMs / 1000).toFixed(1)} s${options.vacuum ? "" : "; the file keeps its size until --vacuum (new mentions reuse the freed pages)"}\n`
            : `stopped after id ${result.doneThroughId} of ${result.maxId} (${result.packed} row(s) packed); run it again to finish\n`,
      );
      io.exitCode = finished ? EXIT_OK : EXIT_FAILED;
    });
}

function parseMode(value: string): RawStorage {
  const mode = RAW_STORAGE_MODES.find((m) => m === value);
  if (!mode) throw new InvalidArgumentError(`"${value}" is not one of ${RAW_STORAGE_MODES.join(", ")}`);
  return mode;
}
