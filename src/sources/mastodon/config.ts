import { ConfigError } from "../../core/errors.js";
import { CHANNELS, type Channel } from "../../core/mention.js";
import { parseHttpUrl, parseIntegerField, parseStringList } from "../config-fields.js";

/** Options of one `kind: mastodon` source: hashtag timelines and/or statuses search on one instance. */
export interface MastodonConfig {
  /** Instance URL (a bare host means https). Default `https://mastodon.social`. Ids and cursors are per instance. */
  instance: string;
  /**
   * Brand terms: they drive statuses search (one query per term) and filter search results
   * (case- and diacritic-insensitive, on word boundaries), recorded as `matchedTerm`. The config
   * layer fills them from `brand.terms`.
   */
  terms: string[];
  /**
   * Hashtags (without "#") whose public timelines are read. Every tagged status is kept: the tag
   * is the signal. Default: the terms that are valid hashtags ("Nordvik" → "nordvik"), unless
   * `search` is on.
   */
  tags: string[];
  /** Also run statuses search for each term (GET /api/v2/search?type=statuses). Default false; needs `tokenEnv`. */
  search: boolean;
  /**
   * Name of the environment variable holding an access token (read scope), sent as
   * `Authorization: Bearer …`. Never stored. Required for search; needed for timelines on
   * instances that disable public timeline previews.
   */
  tokenEnv?: string;
  /** Statuses per request, 1–40 (Mastodon's maximum). Default 40. */
  limit: number;
  /** Requests per stream per scan when walking back (first scan, backfill) or catching up. Default 10. */
  maxPages: number;
  /** Channel stamped on every mention. Default `"social"`. */
  channel: Channel;
  /** Where this config sits in the config file, for errors raised while scanning (missing token). */
  path: string;
}

export const DEFAULT_MASTODON_INSTANCE = "https://mastodon.social";

/** Validates a mastodon source entry; unknown keys (name, schedule…) are the config layer's. */
export function parseMastodonConfig(raw: unknown, path: string): MastodonConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;
  const config: MastodonConfig = {
    instance: parseInstance(input.instance, `${path}.instance`),
    terms: parseStringList(input.terms, `${path}.terms`),
    tags: parseStringList(input.tags, `${path}.tags`).map((tag, i) => parseTag(tag, `${path}.tags[${i}]`)),
    search: false,
    limit: parseIntegerField(input.limit, `${path}.limit`, 1, 40) ?? 40,
    maxPages: parseIntegerField(input.maxPages, `${path}.maxPages`, 1, 100) ?? 10,
    channel: "social",
    path,
  };
  if (input.search !== undefined) {
    if (typeof input.search !== "boolean") throw new ConfigError(`${path}.search`, "must be true or false");
    config.search = input.search;
  }
  if (input.tokenEnv !== undefined) {
    if (typeof input.tokenEnv !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/u.test(input.tokenEnv)) {
      throw new ConfigError(`${path}.tokenEnv`, "must be the name of an environment variable, e.g. MASTODON_TOKEN (not the token itself)");
    }
    config.tokenEnv = input.tokenEnv;
  }
  if (input.channel !== undefined) {
    if (typeof input.channel !== "string" || !(CHANNELS as readonly string[]).includes(input.channel)) {
      throw new ConfigError(`${path}.channel`, `must be one of ${CHANNELS.join(", ")}`);
    }
    config.channel = input.channel as Channel;
  }
  if (input.tags === undefined && !config.search) config.tags = [...new Set(config.terms.flatMap((term) => toTag(term)))];
  if (config.search && config.terms.length === 0) throw new ConfigError(`${path}.terms`, "is required for search (or set brand.terms)");
  if (config.search && !config.tokenEnv) {
    // Mastodon answers unauthenticated statuses search with no statuses at all.
    throw new ConfigError(`${path}.tokenEnv`, "is required for search: Mastodon only searches statuses for an authenticated user");
  }
  if (config.tags.length === 0 && !config.search) throw new ConfigError(`${path}.tags`, "is required: list hashtags, turn on search, or give terms that are valid hashtags");
  return config;
}

/** A term usable as a hashtag: letters, digits and underscores once spaces are dropped. */
function toTag(term: string): string[] {
  const tag = term.replace(/\s+/gu, "").replace(/^#/u, "").toLowerCase();
  return /^[\p{L}\p{N}_]+$/u.test(tag) ? [tag] : [];
}

function parseTag(tag: string, path: string): string {
  const bare = tag.replace(/^#/u, "");
  if (!/^[\p{L}\p{N}_]+$/u.test(bare)) throw new ConfigError(path, `"${tag}" is not a hashtag (letters, digits and underscores)`);
  return bare.toLowerCase();
}

function parseInstance(value: unknown, path: string): string {
  if (value === undefined) return DEFAULT_MASTODON_INSTANCE;
  // A bare host ("mastodon.social") is accepted and means https.
  const withScheme = typeof value === "string" && value.trim() !== "" && !/^[a-z][a-z0-9+.-]*:\/\//iu.test(value.trim()) ? `https://${value.trim()}` : value;
  return parseHttpUrl(withScheme, path, { endpoint: true, missing: 'must be the instance URL, e.g. "https://mastodon.social"' });
}

