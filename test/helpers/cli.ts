import { runCli } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `earshot <argv>` would, capturing its output. */
export async function runEarshot(argv: string[], options: { cwd: string; env?: Record<string, string | undefined>; now?: () => Date }): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    cwd: options.cwd,
    exitCode: 0,
    ...(options.now ? { now: options.now } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
