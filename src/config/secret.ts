/**
 * The local HMAC secret that pseudonymises author handles. It lives in its own file (mode 0600),
 * never in the database: a copy of the database alone cannot be used to test which handles
 * wrote which mentions.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { ConfigError } from "../core/errors.js";
import { isDatabaseUrl } from "./load.js";

const SECRET_BYTES = 32;
const FILE_MODE = 0o600;

export interface SecretLocation {
  /** Absolute path, or null for an in-memory database without `privacy.secretFile` (a key for this process only). */
  path: string | null;
}

/**
 * Where the secret lives: `privacy.secretFile` (relative to the config file), else beside the
 * database as `<database>.secret`.
 */
export function toSecretLocation(config: { file: string | null; database: string; privacy?: { secretFile?: string | undefined } }, cwd: string): SecretLocation {
  const configured = config.privacy?.secretFile;
  if (configured) return { path: isAbsolute(configured) ? configured : resolve(config.file ? dirname(config.file) : cwd, configured) };
  if (config.database === ":memory:") return { path: null };
  // A PostgreSQL URL is no place for a file: the secret goes beside the config file (or in the
  // working directory). Every host of a cluster needs the same secret, or author hashes differ.
  if (isDatabaseUrl(config.database)) return { path: resolve(config.file ? dirname(config.file) : cwd, "earshot.secret") };
  return { path: `${config.database}.secret` };
}

/**
 * Reads the secret, creating it (32 random bytes, hex, mode 0600) on first run. Two processes
 * starting together cannot both create it: the file is opened with O_EXCL and the loser reads
 * the winner's. Errors name the file, never its content.
 */
export function loadOrCreateSecret(location: SecretLocation): Buffer {
  if (location.path === null) return randomBytes(SECRET_BYTES);
  const path = location.path;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(SECRET_BYTES).toString("hex")}\n`, { mode: FILE_MODE, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new ConfigError(path, `cannot create the secret file: ${(error as Error).message}`, { cause: error });
  }
  return loadSecret(path);
}

function loadSecret(path: string): Buffer {
  let text: string;
  try {
    tightenMode(path);
    text = readFileSync(path, "utf8").trim();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(path, `cannot read the secret file: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: error });
  }
  if (!/^[0-9a-f]{64,}$/iu.test(text)) {
    // A half-written or edited file would silently change every author hash: refuse it.
    throw new ConfigError(path, "the secret file is not 64+ hex characters; restore it from a backup (a new secret makes existing author hashes unmatchable)");
  }
  return Buffer.from(text, "hex");
}

/** Someone copied the file with a loose umask: make it owner-only again, as ssh insists. */
function tightenMode(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, FILE_MODE);
  } catch (error) {
    throw new ConfigError(path, `the secret file is readable by others (mode ${mode.toString(8)}) and cannot be made 0600`, { cause: error });
  }
}
