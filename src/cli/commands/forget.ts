import type { Command } from "commander";
import { loadOrCreateSecret, toSecretLocation } from "../../config/secret.js";
import { UsageError } from "../../core/errors.js";
import { createSourceRegistry, findSource } from "../../sources/registry.js";
import { openStore } from "../../store/open.js";
import { type ErasureReport } from "../../store/types.js";
import { toAuthorHash } from "../../text/pii-author.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, type ConfigOptions, withConfigOptions } from "../options.js";
import { renderErasure } from "./purge.js";

interface ForgetOptions extends ConfigOptions {
  author?: string;
  kind?: string;
  url?: string;
  json?: boolean;
}

export function defineForgetCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("forget").description("erase every stored trace of a person (--author) or of one post (--url) and report what was removed"))
    .option("--author <handle>", "the author's handle or name as the platform shows it (case-insensitive, leading @ optional)")
    .option("--kind <kind>", "only the author on this source kind (e.g. reddit); default: every kind")
    .option("--url <url>", "the mention's URL")
    .option("--json", "print the counts as JSON")
    .action(async (options: ForgetOptions) => {
      io.exitCode = await runForget(options, io);
    });
}

async function runForget(options: ForgetOptions, io: CliIo): Promise<number> {
  if ((options.author === undefined) === (options.url === undefined)) throw new UsageError("give exactly one of --author HANDLE and --url URL");
  if (options.kind !== undefined && options.author === undefined) throw new UsageError("--kind goes with --author");
  if (options.author !== undefined && options.author.trim() === "") throw new UsageError("--author is empty");
  const registry = createSourceRegistry();
  const kinds = options.kind !== undefined ? [findSource(registry, options.kind).kind] : [...registry.keys()];
  const config = loadConfigFor(options, io, true);
  const store = await openStore(config.database);
  try {
    let report: ErasureReport;
    let what: string;
    if (options.author !== undefined) {
      const key = loadOrCreateSecret(toSecretLocation(config, io.cwd));
      const authorHashes = kinds.map((kind) => toAuthorHash(key, kind, options.author!));
      report = await store.deleteAuthorMentions({ authorHashes, handles: [options.author], ...(options.kind !== undefined ? { kinds } : {}) });
      // The handle is the operator's own input, but output may be piped into logs: name kinds, not the person.
      what = `by the given author on ${options.kind ?? "any source kind"}`;
    } else {
      report = await store.deleteUrlMentions(options.url!);
      what = "at the given URL";
    }
    io.stdout(options.json ? `${JSON.stringify(report)}\n` : renderErasure(what, report));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
