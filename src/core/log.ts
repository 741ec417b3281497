/**
 * Structured log sink passed down from the CLI (which backs it with pino). Fields carry ids,
 * counts and durations — never mention text, author handles or secrets.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Drops everything: for one-off commands that report through their own output. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};
