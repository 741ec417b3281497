import { HttpError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher, type TermMatcher } from "../../text/terms.js";
import type { FetchContext, ItemError, Page, Source } from "../types.js";
import { parseRedditConfig, type RedditConfig, type RedditFeed } from "./config.js";
import { parseRedditListing, toRedditItems, type RedditItem } from "./parse.js";
import { fetchRedditReplies } from "./replies.js";

export { parseRedditConfig, type RedditConfig, type RedditFeed } from "./config.js";

/**
 * Reddit listings stop after about 1,000 things however far `after` is followed (reddit-archive
 * wiki "API": "listings … are limited to 1000 items"). Older posts are out of reach of a scan.
 */
export const REDDIT_LISTING_HORIZON = 1000;

/** Where one listing resumes: the newest creation time seen and the fullnames created at that second. */
export interface RedditFeedCursor {
  /** ISO time of the newest thing seen. */
  since: string;
  /** Fullnames created exactly at `since` (Reddit times have 1 s resolution), so they are not taken twice. */
  ids: string[];
}

/** The reddit cursor: `since` is the newest time over all listings; `feeds` is keyed by listing path + query. */
export interface RedditCursor extends Cursor {
  feeds?: Record<string, RedditFeedCursor>;
}

export const reddit: Source<RedditConfig> = {
  kind: "reddit",
  replies: "thread",
  fetchReplies: fetchRedditReplies,
  parseConfig: parseRedditConfig,
  async *pages(ctx, config, cursor) {
    const state: RedditCursor = { ...(cursor ?? {}), feeds: { ...((cursor as RedditCursor | null)?.feeds ?? {}) } };
    const matcher = createTermMatcher(config.terms);
    for (const feed of config.feeds) yield* scanFeed(ctx, config, feed, state, matcher);
  },
};

/**
 * Walks one listing back from the newest thing until the cursor (or `ctx.since` when
 * backfilling), then yields what it found oldest-first, so each page is a safe resume point.
 * Reddit's `after` pages towards older things; its `before` would page forward but returns
 * nothing once the anchor thing is deleted, so this walk is the robust way to resume.
 */
async function* scanFeed(ctx: FetchContext, config: RedditConfig, feed: RedditFeed, state: RedditCursor, matcher: TermMatcher): AsyncGenerator<Page> {
  const key = toFeedKey(config, feed);
  const label = `reddit ${key}`;
  const previous = state.feeds?.[key];
  let boundaryMs = previous ? Date.parse(previous.since) : Number.NaN;
  let boundaryIds = previous?.ids ?? [];
  if (ctx.since && (Number.isNaN(boundaryMs) || ctx.since.getTime() < boundaryMs)) {
    boundaryMs = ctx.since.getTime();
    boundaryIds = [];
  }
  const hasBoundary = !Number.isNaN(boundaryMs);
  // A first scan has no boundary: it takes what the listing offers, up to maxPages.
  const maxPages = config.maxPages;

  const walked = new Map<string, RedditItem>();
  const itemErrors: ItemError[] = [];
  let reached = false;
  let ended = false;
  let seen = 0;
  let after: string | undefined;
  for (let fetched = 0; ; ) {
    const listing = await fetchListing(ctx, toListingUrl(config, feed, after), label);
    fetched++;
    seen += listing.data.children.length;
    const parsed = toRedditItems(listing, label);
    itemErrors.push(...parsed.itemErrors);
    for (const item of parsed.items) {
      if (hasBoundary && (item.createdMs < boundaryMs || (item.createdMs === boundaryMs && boundaryIds.includes(item.fullname)))) {
        reached = true;
        continue;
      }
      // Pages overlap when new things arrive during the walk; the first copy wins.
      if (!walked.has(item.fullname)) walked.set(item.fullname, item);
    }
    after = listing.data.after ?? undefined;
    if (after === undefined || listing.data.children.length === 0) ended = true;
    if (reached || ended || fetched >= maxPages) break;
  }

  const items = [...walked.values()].sort(compareOldestFirst);
  let notice: string | undefined;
  if (hasBoundary && !reached) {
    const oldest = items[0] ? new Date(items[0].createdMs).toISOString() : "the newest thing";
    const from = new Date(boundaryMs).toISOString();
    if (!ended) {
      notice = `${label}: stopped after ${maxPages} pages (maxPages); things between ${from} and ${oldest} were not reached`;
    } else if (seen >= REDDIT_LISTING_HORIZON - config.limit) {
      notice = `${label}: Reddit listings end after about ${REDDIT_LISTING_HORIZON} things; things between ${from} and ${oldest} are out of reach`;
    }
  }

  const chunks = chunk(items, config.limit);
  if (chunks.length === 0 && (itemErrors.length > 0 || notice)) chunks.push([]);
  let current = previous ? { since: previous.since, ids: [...previous.ids] } : undefined;
  for (const [index, group] of chunks.entries()) {
    const mentions: MentionDraft[] = [];
    for (const item of group) {
      current = advance(current, item);
      if (!item.draft) continue;
      const matchedTerm = matcher.find(`${item.draft.title ?? ""}\n${item.draft.text}`);
      // Reddit search matches loosely (stemming, link domains, comments); keep only real mentions.
      if (config.terms.length > 0 && matchedTerm === undefined) continue;
      mentions.push({ ...item.draft, channel: config.channel, ...(matchedTerm ? { matchedTerm } : {}) });
    }
    if (current) state.feeds = { ...state.feeds, [key]: current };
    const page: Page = { mentions, cursor: toCursor(state) };
    if (index === 0 && itemErrors.length > 0) page.itemErrors = itemErrors;
    if (index === chunks.length - 1 && notice) page.notice = notice;
    yield page;
  }
}

/** Fetches and parses one listing; a 403 becomes an error that says what Reddit's refusal usually means. */
async function fetchListing(ctx: FetchContext, url: URL, label: string) {
  try {
    const response = await ctx.http.get(url, { signal: ctx.signal, headers: { accept: "application/json" } });
    return parseRedditListing(response.text(), label);
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) {
      throw new HttpError(
        {
          url: error.url,
          status: 403,
          code: error.code,
          detail:
            `Forbidden: ${label}: Reddit refused the request. It answers 403 with an HTML "blocked" page to clients it ` +
            "does not trust (cloud IP ranges, generic or missing User-Agent, no OAuth token) and for private or banned " +
            "subreddits; set EARSHOT_CONTACT so the User-Agent names you, or point baseUrl at an OAuth proxy",
        },
        { cause: error },
      );
    }
    throw error;
  }
}

/** The listing URL for one request. `raw_json=1` makes Reddit send text unescaped (no `&amp;`). */
export function toListingUrl(config: RedditConfig, feed: RedditFeed, after?: string): URL {
  const subs = config.subreddits.length > 0 ? `/r/${config.subreddits.join("+")}` : "";
  const url = new URL(`${config.baseUrl}${subs}/${feed === "search" ? "search" : feed}.json`);
  if (feed === "search") {
    url.searchParams.set("q", toSearchQuery(config));
    url.searchParams.set("sort", "new");
    url.searchParams.set("t", "all");
    url.searchParams.set("type", "link");
    if (subs) url.searchParams.set("restrict_sr", "1");
  }
  url.searchParams.set("limit", String(config.limit));
  url.searchParams.set("raw_json", "1");
  if (after) url.searchParams.set("after", after);
  return url;
}

/** Reddit search syntax: quoted phrases joined by OR (reddit.com/wiki/search). */
export function toSearchQuery(config: RedditConfig): string {
  return config.query ?? config.terms.map((term) => `"${term.replace(/"/gu, "")}"`).join(" OR ");
}

/** Cursor key: the listing path plus its query, so a changed query or subreddit list starts its own cursor. */
function toFeedKey(config: RedditConfig, feed: RedditFeed): string {
  const subs = config.subreddits.length > 0 ? `r/${config.subreddits.join("+")}/` : "";
  return feed === "search" ? `${subs}search?q=${toSearchQuery(config)}` : `${subs}${feed}`;
}

function advance(current: RedditFeedCursor | undefined, item: RedditItem): RedditFeedCursor {
  const currentMs = current ? Date.parse(current.since) : Number.NEGATIVE_INFINITY;
  if (!current || item.createdMs > currentMs) return { since: new Date(item.createdMs).toISOString(), ids: [item.fullname] };
  if (item.createdMs === currentMs && !current.ids.includes(item.fullname)) return { since: current.since, ids: [...current.ids, item.fullname] };
  return current;
}

function toCursor(state: RedditCursor): RedditCursor {
  const feeds = state.feeds ?? {};
  const newest = Object.values(feeds).reduce((max, feed) => (feed.since > max ? feed.since : max), "");
  const cursor: RedditCursor = { ...state, feeds: { ...feeds } };
  if (newest) cursor.since = newest;
  return cursor;
}

/** Oldest first; fullnames break ties (base-36 ids grow with time, shorter is older). */
function compareOldestFirst(a: RedditItem, b: RedditItem): number {
  return a.createdMs - b.createdMs || a.fullname.length - b.fullname.length || (a.fullname < b.fullname ? -1 : a.fullname > b.fullname ? 1 : 0);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
