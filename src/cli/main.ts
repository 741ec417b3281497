#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { describeError, EarshotError } from "../core/errors.js";
import { version } from "./version.js";
import { EXIT_FAILED, EXIT_USAGE, type CliIo } from "./io.js";

/** Each entry adds one subcommand; the command's module is imported only when it runs. */
type CommandDefiner = (program: Command, io: CliIo) => void;

// Keyed by command name: `earshot scan` loads only scan's module (and what it imports), so a
// command starts without paying for the classifier, the digest renderers or the mail client.
const commandTable: Record<string, () => Promise<CommandDefiner>> = {
  demo: async () => (await import("./commands/demo.js")).defineDemoCommand,
  scan: async () => (await import("./commands/scan.js")).defineScanCommand,
  mentions: async () => (await import("./commands/mentions.js")).defineMentionsCommand,
  digest: async () => (await import("./commands/digest.js")).defineDigestCommand,
  themes: async () => (await import("./commands/themes.js")).defineThemesCommand,
  export: async () => (await import("./commands/export.js")).defineExportCommand,
  status: async () => (await import("./commands/status.js")).defineStatusCommand,
  daemon: async () => (await import("./commands/daemon.js")).defineDaemonCommand,
  classify: async () => (await import("./commands/classify.js")).defineClassifyCommand,
  eval: async () => (await import("./commands/eval.js")).defineEvalCommand,
  train: async () => (await import("./commands/train.js")).defineTrainCommand,
  label: async () => (await import("./commands/label.js")).defineLabelCommand,
  reclassify: async () => (await import("./commands/reclassify.js")).defineReclassifyCommand,
  purge: async () => (await import("./commands/purge.js")).definePurgeCommand,
  forget: async () => (await import("./commands/forget.js")).defineForgetCommand,
  db: async () => (await import("./commands/db.js")).defineDbCommand,
  serve: async () => (await import("./commands/serve.js")).defineServeCommand,
};

/** Runs the CLI in-process: tests call this with their own argv and io. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = new Command("earshot")
    .description("Social-listening and review aggregation: customer complaints by topic and journey stage.")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .version(version)
    .showHelpAfterError();
  // Help and unknown commands need the whole table to list and suggest commands; --version none.
  const first = argv[0];
  const named = first !== undefined ? commandTable[first] : undefined;
  const loaders = named ? [named] : first === "--version" || first === "-V" ? [] : Object.values(commandTable);
  for (const load of loaders) (await load())(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    await program.parseAsync(argv, { from: "user" });
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help and --version end here.
      return EXIT_USAGE;
    }
    io.stderr(`earshot: ${describeError(error)}\n`);
    if (error instanceof EarshotError && (error.code === "ES_ERR_CONFIG" || error.code === "ES_ERR_USAGE")) return EXIT_USAGE;
    return EXIT_FAILED;
  }
}

// The npm bin is a symlink, so compare real paths.
const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const controller = new AbortController();
  let signalled = false;
  const onSignal = (name: string) => {
    if (signalled) process.exit(130); // a second signal means "now".
    signalled = true;
    process.stderr.write(`earshot: ${name} received, finishing the current page…\n`);
    controller.abort(new Error(`${name} received`));
  };
  // `earshot export | head`: the reader closed the pipe. Stop quietly, as Unix tools do, instead
  // of dying on an unhandled 'error' event with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    controller.abort(new Error("stdout closed by the reader"));
    process.exit(0);
  });
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  const io: CliIo = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    exitCode: 0,
    signal: controller.signal,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
  const code = await runCli(process.argv.slice(2), io);
  process.exitCode = code;
  // The command is done and has closed what it opened; the process normally ends by itself once
  // stdout drains. If a library leaves a handle open (a pool socket after pg-boss stopped was seen
  // keeping a stopped daemon alive), a service manager would wait for its kill timeout: end anyway,
  // and say so. Unref'd, so it never delays a normal exit.
  setTimeout(() => {
    process.stderr.write("earshot: a handle stayed open after the command finished; exiting\n");
    process.exit(code);
  }, 10_000).unref();
}
