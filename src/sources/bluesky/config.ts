import { ConfigError } from "../../core/errors.js";
import { CHANNELS, type Channel } from "../../core/mention.js";
import { parseEnvName, parseHttpUrl, parseIntegerField, parseStringList } from "../config-fields.js";

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
    limit: parseIntegerField(input.limit, `${path}.limit`, 1, 100) ?? 100,
    maxPages: parseIntegerField(input.maxPages, `${path}.maxPages`, 1, 100) ?? 10,
    identifierEnv: parseEnvName(input.identifierEnv, `${path}.identifierEnv`, "BLUESKY_APP_PASSWORD") ?? "BLUESKY_IDENTIFIER",
    passwordEnv: parseEnvName(input.passwordEnv, `${path}.passwordEnv`, "BLUESKY_APP_PASSWORD") ?? "BLUESKY_APP_PASSWORD",
    channel: "social",
    path,
  };
  const accessJwtEnv = parseEnvName(input.accessJwtEnv, `${path}.accessJwtEnv`, "BLUESKY_APP_PASSWORD");
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

function parseService(value: unknown, path: string): string {
  if (value === undefined) return DEFAULT_BLUESKY_SERVICE;
  return parseHttpUrl(value, path, { endpoint: true, missing: 'must be the XRPC service URL, e.g. "https://bsky.social"' });
}

