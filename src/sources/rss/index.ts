import { ConfigError } from "../../core/errors.js";
import { CHANNELS, type Channel, type Cursor, type MentionDraft } from "../../core/mention.js";
import { createTermMatcher } from "../../text/terms.js";
import { parseHttpUrl, parseStringList } from "../config-fields.js";
import type { Page, Source } from "../types.js";
import { parseFeed, toMention, type ParsedItem } from "./parse.js";

/** Options of one `kind: rss` source (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1). */
export interface RssConfig {
  /** Feed URL, http or https. */
  url: string;
  /**
   * Brand terms: when given, only items whose title or text contains one of them (case- and
   * diacritic-insensitive, short case endings allowed: src/text/terms.ts) are kept, and the first match is recorded as
   * `matchedTerm`. Default: keep every item.
   */
  terms?: string[];
  /** Channel stamped on every mention. Default `"review"` (feeds earshot watches are mostly review and complaint feeds). */
  channel: Channel;
  /** ISO 639-1 code that overrides the feed's declared language (for feeds that declare none or lie). */
  lang?: string;
  /** Keep at most this many items per fetch, the newest by date. Default: all. */
  maxItems?: number;
}

export const DEFAULT_RSS_CHANNEL: Channel = "review";

export const rss: Source<RssConfig> = {
  kind: "rss",
  parseConfig: parseRssConfig,
  async *pages(ctx, config, cursor) {
    const res = await ctx.http.get(config.url, {
      signal: ctx.signal,
      ...(cursor?.etag ? { etag: cursor.etag } : {}),
      ...(cursor?.lastModified ? { lastModified: cursor.lastModified } : {}),
    });
    if (res.notModified) {
      yield { mentions: [], cursor: cursor ?? {}, notModified: true };
      return;
    }
    // The http layer has already decoded the charset; relative links resolve against the final URL.
    const feed = parseFeed(res.text(), `rss ${config.url}`, { baseUrl: res.url || config.url });
    let items = sortOldestFirst(feed.items);
    if (config.maxItems !== undefined && items.length > config.maxItems) items = items.slice(items.length - config.maxItems);
    const matcher = config.terms && config.terms.length > 0 ? createTermMatcher(config.terms) : undefined;
    const mentions: MentionDraft[] = [];
    for (const item of items) {
      let matchedTerm: string | undefined;
      if (matcher) {
        matchedTerm = matcher.find(`${item.title ?? ""}\n${item.content || item.summary || ""}`);
        if (matchedTerm === undefined) continue;
      }
      mentions.push(toMention(item, feed, { channel: config.channel, ...(config.lang ? { lang: config.lang } : {}), ...(matchedTerm ? { matchedTerm } : {}) }));
    }
    const page: Page = { mentions, cursor: nextCursor(cursor, res.headers, feed.items, ctx.now()) };
    if (feed.itemErrors.length > 0) page.itemErrors = feed.itemErrors;
    // RSS 2.0 <ttl>: "number of minutes that indicates how long a channel can be cached".
    if (feed.ttlMinutes !== undefined) page.minNextCheckMs = feed.ttlMinutes * 60_000;
    yield page;
  },
};

/**
 * Validates an rss source entry. Unknown keys are ignored: the config layer passes the whole
 * entry (name, schedule, …) and checks those itself.
 */
export function parseRssConfig(raw: unknown, path: string): RssConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;
  const config: RssConfig = { url: parseHttpUrl(input.url, `${path}.url`, { missing: "is required (the feed's http or https URL)" }), channel: DEFAULT_RSS_CHANNEL };
  if (input.terms !== undefined) config.terms = parseStringList(input.terms, `${path}.terms`);
  if (input.channel !== undefined) {
    if (typeof input.channel !== "string" || !(CHANNELS as readonly string[]).includes(input.channel)) {
      throw new ConfigError(`${path}.channel`, `must be one of ${CHANNELS.join(", ")}`);
    }
    config.channel = input.channel as Channel;
  }
  if (input.lang !== undefined) {
    if (typeof input.lang !== "string" || !/^[a-z]{2}$/i.test(input.lang)) throw new ConfigError(`${path}.lang`, 'must be a two-letter ISO 639-1 code such as "lt"');
    config.lang = input.lang.toLowerCase();
  }
  if (input.maxItems !== undefined) {
    if (typeof input.maxItems !== "number" || !Number.isInteger(input.maxItems) || input.maxItems < 1) {
      throw new ConfigError(`${path}.maxItems`, "must be a positive integer");
    }
    config.maxItems = input.maxItems;
  }
  return config;
}

/**
 * Oldest first, so a page is a safe resume point (STYLE §3); undated items go last in feed order
 * (Array.prototype.sort is stable).
 */
function sortOldestFirst(items: readonly ParsedItem[]): ParsedItem[] {
  const time = (item: ParsedItem) => (item.published ?? item.updated)?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...items].sort((a, b) => time(a) - time(b) || 0);
}

/**
 * Validators come from this response only: a server that stopped sending an ETag must not be
 * asked with the old one. `since` only moves forward. Deduplication itself is the store's
 * unique (source, externalId); `since` is informational. Items dated more than a day ahead of
 * `now` (bad publisher clocks) do not move it.
 */
function nextCursor(previous: Cursor | null, headers: Record<string, string>, items: readonly ParsedItem[], now: Date): Cursor {
  const cursor: Cursor = {};
  if (headers.etag) cursor.etag = headers.etag;
  if (headers["last-modified"]) cursor.lastModified = headers["last-modified"];
  let newest = previous?.since ? Date.parse(previous.since) : Number.NaN;
  const latestPlausible = now.getTime() + 86_400_000;
  for (const item of items) {
    const t = (item.published ?? item.updated)?.getTime();
    if (t !== undefined && t <= latestPlausible && !(t <= newest)) newest = t;
  }
  if (!Number.isNaN(newest)) cursor.since = new Date(newest).toISOString();
  return cursor;
}
