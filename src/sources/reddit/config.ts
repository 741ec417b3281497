import { ConfigError } from "../../core/errors.js";
import { CHANNELS, type Channel } from "../../core/mention.js";
import { parseHttpUrl, parseIntegerField, parseStringList } from "../config-fields.js";

/**
 * Which listings a reddit source walks:
 * - `search`: Reddit search, newest first (`/search.json?sort=new`, or `/r/{subs}/search.json?restrict_sr=1`
 *   when `subreddits` is set). Posts only: Reddit's JSON search does not return comments.
 * - `new`: every new post of `subreddits` (`/r/{subs}/new.json`), kept when a term matches.
 * - `comments`: every new comment of `subreddits` (`/r/{subs}/comments.json`), kept when a term matches.
 */
export const REDDIT_FEEDS = ["search", "new", "comments"] as const;
export type RedditFeed = (typeof REDDIT_FEEDS)[number];

/** Options of one `kind: reddit` source. */
export interface RedditConfig {
  /** API origin. Default `https://www.reddit.com` (the public `.json` endpoints; `https://oauth.reddit.com` with a proxy that adds tokens). */
  baseUrl: string;
  /**
   * Brand terms: they build the search query and filter every listing (title + text, case- and
   * diacritic-insensitive, on word boundaries); the match is recorded as `matchedTerm`. Required
   * for `search` unless `query` is given. The config layer fills them from `brand.terms`.
   */
  terms: string[];
  /** Reddit search query overriding the one built from terms (`"term1" OR "term2"`). */
  query?: string;
  /** Subreddit names without `r/`. Empty: search all of Reddit. Required for `new` and `comments`. */
  subreddits: string[];
  /** Listings to walk, each with its own cursor. Default `["search"]`. */
  feeds: RedditFeed[];
  /** Things per request, 1–100 (Reddit's maximum). Default 100. */
  limit: number;
  /**
   * Requests per listing per scan when catching up or backfilling. Default 10: Reddit listings
   * end after about 1,000 things, so 10 × 100 reaches the platform's own horizon.
   */
  maxPages: number;
  /** Channel stamped on every mention. Default `"forum"`. */
  channel: Channel;
}

export const DEFAULT_REDDIT_BASE_URL = "https://www.reddit.com";

/** Validates a reddit source entry; unknown keys (name, schedule…) are the config layer's. */
export function parseRedditConfig(raw: unknown, path: string): RedditConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;
  const config: RedditConfig = {
    baseUrl: input.baseUrl === undefined ? DEFAULT_REDDIT_BASE_URL : parseHttpUrl(input.baseUrl, `${path}.baseUrl`, { endpoint: true }),
    terms: parseStringList(input.terms, `${path}.terms`),
    subreddits: parseStringList(input.subreddits, `${path}.subreddits`).map((name, i) => parseSubreddit(name, `${path}.subreddits[${i}]`)),
    feeds: ["search"],
    limit: parseIntegerField(input.limit, `${path}.limit`, 1, 100) ?? 100,
    maxPages: parseIntegerField(input.maxPages, `${path}.maxPages`, 1, 100) ?? 10,
    channel: "forum",
  };
  if (input.query !== undefined) {
    if (typeof input.query !== "string" || input.query.trim() === "") throw new ConfigError(`${path}.query`, "must be a non-empty string");
    config.query = input.query.trim();
  }
  if (input.feeds !== undefined) {
    const feeds = parseStringList(input.feeds, `${path}.feeds`);
    if (feeds.length === 0) throw new ConfigError(`${path}.feeds`, `must list at least one of ${REDDIT_FEEDS.join(", ")}`);
    feeds.forEach((feed, i) => {
      if (!(REDDIT_FEEDS as readonly string[]).includes(feed)) throw new ConfigError(`${path}.feeds[${i}]`, `must be one of ${REDDIT_FEEDS.join(", ")}`);
    });
    config.feeds = [...new Set(feeds)] as RedditFeed[];
  }
  if (config.subreddits.length === 0 && config.feeds.some((feed) => feed !== "search")) {
    throw new ConfigError(`${path}.subreddits`, `is required for feeds "new" and "comments" (which subreddits to watch)`);
  }
  if (config.feeds.includes("search") && config.terms.length === 0 && config.query === undefined) {
    throw new ConfigError(`${path}.terms`, "is required for the search feed (or set query, or brand.terms)");
  }
  if (input.channel !== undefined) {
    if (typeof input.channel !== "string" || !(CHANNELS as readonly string[]).includes(input.channel)) {
      throw new ConfigError(`${path}.channel`, `must be one of ${CHANNELS.join(", ")}`);
    }
    config.channel = input.channel as Channel;
  }
  return config;
}

/** Reddit subreddit names: 2–21 letters, digits and underscores (the `r/` prefix is tolerated). */
function parseSubreddit(name: string, path: string): string {
  const bare = name.replace(/^\/?r\//iu, "");
  if (!/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/u.test(bare)) throw new ConfigError(path, `"${name}" is not a subreddit name (2–21 letters, digits, underscores)`);
  return bare;
}

