import { ConfigError } from "../../core/errors.js";
import { CHANNELS, type Channel } from "../../core/mention.js";

/** Options of one `kind: bluesky` source (`app.bsky.feed.searchPosts`). */
export interface BlueskyConfig {
  /**
   * XRPC service URL. Default `https://bsky.social` (the entryway: it takes app-password logins and
   * proxies searchPosts to the AppView with the session).
   */
  service: string;
  /**
   * Brand terms: one searchPosts query per term (a quoted phrase), and a relevance filter on the
   * post text (case- and diacritic-insensitive, on word boundaries) recorded as `matchedTerm`.
   * The config layer fills them from `brand.terms`.
   */
  terms: string[];
  /** One raw query (Lucene-style, e.g. `nordvik lang:lt`) instead of one per term. */
  query?: string;
  /** Only posts in this language (ISO 639-1; searchPosts `lang`). Default: all. */
  lang?: string;
  /** Posts per request, 1–100 (the lexicon's maximum). Default 100. */
  limit: number;
  /** Requests per query per scan when catching up or backfilling. Default 10. */
  maxPages: number;
  /**
   * Name of an environment variable holding an access JWT, sent as `Authorization: Bearer …`.
   * When set, no session is created (the token expires after about two hours).
   */
  accessJwtEnv?: string;
  /** Name of the environment variable holding the account handle or email for createSession. Default `BLUESKY_IDENTIFIER`. */
  identifierEnv: string;
  /** Name of the environment variable holding an app password (bsky.app → Settings → App passwords). Default `BLUESKY_APP_PASSWORD`. */
  passwordEnv: string;
  /** Channel stamped on every mention. Default `"social"`. */
  channel: Channel;
  /** Where this config sits in the config file, for errors raised while scanning (missing credentials). */
  path: string;
}

export const DEFAULT_BLUESKY_SERVICE = "https://bsky.social";

/** Validates a bluesky source entry; unknown keys (name, schedule…) are the config layer's. Never reads the environment. */
export function parseBlueskyConfig(raw: unknown, path: string): BlueskyConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;
  const config: BlueskyConfig = {
    service: parseService(input.service, `${path}.service`),
    terms: parseStringList(input.terms, `${path}.terms`),
    limit: parseInteger(input.limit, `${path}.limit`, 1, 100) ?? 100,
    maxPages: parseInteger(input.maxPages, `${path}.maxPages`, 1, 100) ?? 10,
    identifierEnv: parseEnvName(input.identifierEnv, `${path}.identifierEnv`) ?? "BLUESKY_IDENTIFIER",
    passwordEnv: parseEnvName(input.passwordEnv, `${path}.passwordEnv`) ?? "BLUESKY_APP_PASSWORD",
    channel: "social",
    path,
  };
  const accessJwtEnv = parseEnvName(input.accessJwtEnv, `${path}.accessJwtEnv`);
  if (accessJwtEnv) config.accessJwtEnv = accessJwtEnv;
  if (input.query !== undefined) {
    if (typeof input.query !== "string" || input.query.trim() === "") throw new ConfigError(`${path}.query`, "must be a non-empty string");
    config.query = input.query.trim();
  }
  if (config.terms.length === 0 && config.query === undefined) throw new ConfigError(`${path}.terms`, "is required (or set query, or brand.terms)");
  if (input.lang !== undefined) {
    if (typeof input.lang !== "string" || !/^[a-z]{2}$/iu.test(input.lang)) throw new ConfigError(`${path}.lang`, 'must be a two-letter ISO 639-1 code such as "lt"');
    config.lang = input.lang.toLowerCase();
  }
  if (input.channel !== undefined) {
    if (typeof input.channel !== "string" || !(CHANNELS as readonly string[]).includes(input.channel)) {
      throw new ConfigError(`${path}.channel`, `must be one of ${CHANNELS.join(", ")}`);
    }
    config.channel = input.channel as Channel;
  }
  return config;
}

/** Only a variable's name belongs in the config file, never the secret itself. */
function parseEnvName(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/u.test(value)) {
    throw new ConfigError(path, "must be the name of an environment variable, e.g. BLUESKY_APP_PASSWORD (not the secret itself)");
  }
  return value;
}

function parseService(value: unknown, path: string): string {
  if (value === undefined) return DEFAULT_BLUESKY_SERVICE;
  if (typeof value !== "string" || value.trim() === "") throw new ConfigError(path, 'must be the XRPC service URL, e.g. "https://bsky.social"');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch (error) {
    throw new ConfigError(path, `is not a URL: "${value}"`, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(path, `must be an http or https URL, not ${url.protocol}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/u, "");
}

function parseStringList(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, "must be a list of strings");
  return value.map((item, i) => {
    if (typeof item !== "string" || item.trim() === "") throw new ConfigError(`${path}[${i}]`, "must be a non-empty string");
    return item.trim();
  });
}

function parseInteger(value: unknown, path: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) throw new ConfigError(path, `must be an integer from ${min} to ${max}`);
  return value;
}
