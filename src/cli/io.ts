/**
 * What a command may touch of the outside world. Commands write through `io` and set
 * `io.exitCode`; only main.ts calls process.exit, so every command runs in-process in tests.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** 0 success, 1 a source (or the job) failed, 2 usage or config error. */
  exitCode: number;
  /** Aborted on SIGINT/SIGTERM by main.ts; long commands pass it down. */
  signal?: AbortSignal;
  /** The clock; default the system's. Tests pin it so relative filters (`--older-than`, windows) give exact results. */
  now?: () => Date;
  /** Reads all of standard input (`label --json -`); absent where there is none. */
  readStdin?: () => Promise<string>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
