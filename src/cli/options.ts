import { InvalidArgumentError, type Command } from "commander";
import { isDatabaseUrl, loadConfig, type Config } from "../config/load.js";
import { resolve } from "node:path";
import type { CliIo } from "./io.js";

export interface ConfigOptions {
  config?: string;
  db?: string;
}

/** Adds the --config and --db options every database command takes (read by loadConfigFor). */
export function withConfigOptions(command: Command): Command {
  return command
    .option("-c, --config <file>", "config file (default: $EARSHOT_CONFIG or ./earshot.yaml)")
    .option("--db <path>", "database file or postgres:// URL (overrides `database` in the config and DATABASE_URL)");
}

/**
 * --config / $EARSHOT_CONFIG / ./earshot.yaml; the database is --db, else the config's own
 * `database`, else $DATABASE_URL, else ./earshot.db. DATABASE_URL is a name many other programs
 * read: set for another application, it must not redirect a config that names its database.
 */
export function loadConfigFor(options: ConfigOptions, io: CliIo, allowMissing = false): Config {
  const config = loadConfig({ ...(options.config ? { path: options.config } : {}), env: io.env, cwd: io.cwd, allowMissing });
  const database = options.db ?? (config.databaseConfigured ? undefined : io.env.DATABASE_URL);
  if (!database) return config;
  return { ...config, database: database === ":memory:" || isDatabaseUrl(database) ? database : resolve(io.cwd, database) };
}

/** Accepts YYYY-MM-DD or a full ISO timestamp; dates are UTC midnight. */
export function parseDateOption(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/u.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`"${value}" is not a date (use YYYY-MM-DD)`);
  return date;
}

/** `90m`, `24h`, `3d`, `2w` → milliseconds. */
export function parseDurationOption(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/u.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration (use e.g. 90m, 24h, 3d, 2w)`);
  const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as "m" | "h" | "d" | "w"];
  return Number(match[1]) * unitMs;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--model`: `builtin`, `none`, or a model file relative to the working directory. */
export function toModelChoice(value: string, cwd: string): string {
  return value === "builtin" || value === "none" ? value : resolve(cwd, value);
}
