import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { ZodError } from "zod";
import { ConfigError } from "../core/errors.js";
import { configSchema, type ConfigFile } from "./schema.js";

/** A source entry as declared: common fields plus the kind's own settings in `options`. */
export interface SourceEntry {
  name: string;
  kind: string;
  schedule?: string;
  enabled: boolean;
  /** Everything else the entry says, for the source's parseConfig. */
  options: Record<string, unknown>;
  /** Field path for error messages: `earshot.yaml: sources[2]`. */
  path: string;
}

export interface Config extends Omit<ConfigFile, "sources" | "database"> {
  /** The file the config came from, or null when built in (demo, defaults). */
  file: string | null;
  /** Absolute database path (or ":memory:"). */
  database: string;
  /** The config file named a database itself; DATABASE_URL then does not replace it. */
  databaseConfigured?: boolean;
  sources: SourceEntry[];
}

export interface LoadConfigOptions {
  /** --config. */
  path?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** When no file is given or found, use an empty config instead of failing (for `mentions`, `digest`). */
  allowMissing?: boolean;
}

/** Finds and reads the config: --config, else $EARSHOT_CONFIG, else ./earshot.yaml. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path ?? options.env?.EARSHOT_CONFIG;
  const file = resolve(cwd, explicit ?? "earshot.yaml");
  if (!existsSync(file)) {
    if (explicit === undefined && options.allowMissing) return parseConfig({}, null, cwd);
    throw new ConfigError(file, explicit === undefined ? "no config file (pass --config FILE or set EARSHOT_CONFIG)" : "file not found");
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"), { prettyErrors: true, maxAliasCount: 100 });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : "YAML";
    throw new ConfigError(`${file}: ${where}`, error instanceof Error ? error.message.split("\n")[0]! : String(error), { cause: error });
  }
  return parseConfig(raw ?? {}, file, dirname(file));
}

/** A `postgres://` or `postgresql://` URL selects the PostgreSQL store; anything else is a SQLite path. */
export function isDatabaseUrl(database: string): boolean {
  return /^postgres(?:ql)?:\/\//iu.test(database);
}

/** Validates an already-parsed config object. `file` names it in errors; relative paths resolve from `baseDir`. */
export function parseConfig(raw: unknown, file: string | null, baseDir: string): Config {
  const label = file ?? "config";
  const result = configSchema.safeParse(raw);
  if (!result.success) throw toConfigError(label, result.error);
  const { sources, database, classifier, ...rest } = result.data;
  const seen = new Set<string>();
  const entries = sources.map((entry, i): SourceEntry => {
    const path = `${label}: sources[${i}]`;
    if (seen.has(entry.name)) throw new ConfigError(`${path}.name`, `duplicate source name "${entry.name}"`);
    seen.add(entry.name);
    const { name, kind, schedule, enabled, ...options } = entry;
    return { name, kind, enabled, path, options, ...(schedule ? { schedule } : {}) };
  });
  return {
    ...rest,
    file,
    database: database === ":memory:" || isAbsolute(database) || isDatabaseUrl(database) ? database : resolve(baseDir, database),
    databaseConfigured: typeof raw === "object" && raw !== null && "database" in raw,
    classifier: { model: classifier.model === "builtin" || classifier.model === "none" || isAbsolute(classifier.model) ? classifier.model : resolve(baseDir, classifier.model) },
    sources: entries,
  };
}

function toConfigError(label: string, error: ZodError): ConfigError {
  const issue = error.issues[0]!;
  const path = issue.path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  return new ConfigError(`${label}: ${path || "(top level)"}`, `${issue.message}${more}`, { cause: error });
}
