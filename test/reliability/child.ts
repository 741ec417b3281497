/**
 * Runs the built CLI (`npm test` builds first) as a real process: signals, SIGKILL, stderr logs
 * and the environment a source reads are about processes, not in-process calls.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const cliPath = resolve(import.meta.dirname, "../../dist/cli/main.js");

export function hasBuiltCli(): boolean {
  return existsSync(cliPath);
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedChild {
  child: ChildProcess;
  done: Promise<ChildResult>;
  /** stderr so far (the daemon's JSON log lines). */
  stderr(): string;
}

/** Starts `node dist/cli/main.js <args>`; `env` replaces the environment except PATH. */
export function startCli(args: string[], options: { cwd: string; env?: Record<string, string> }): StartedChild {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => void (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")));
  const done = new Promise<ChildResult>((resolveDone) => child.on("close", (code, signal) => resolveDone({ code, signal, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

export function runCliProcess(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<ChildResult> {
  return startCli(args, options).done;
}
