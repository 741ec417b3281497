import { ConfigError, HttpError, ParseError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher, type TermMatcher } from "../../text/terms.js";
import type { FetchContext, ItemError, Page, Source } from "../types.js";
import { parseBlueskyConfig, type BlueskyConfig } from "./config.js";
import { parseBlueskySearch, toBlueskyItems, type BlueskyItem } from "./parse.js";
import { fetchBlueskyReplies } from "./replies.js";

export { parseBlueskyConfig, type BlueskyConfig } from "./config.js";

/** Where one query resumes: the newest sortAt seen and the post URIs at exactly that time. */
export interface BlueskyQueryCursor {
  /** ISO sortAt of the newest post seen; sent as searchPosts `since` (inclusive). */
  since: string;
  uris: string[];
}

/** The bluesky cursor: per query (term), plus `since`, the newest time over all queries. */
export interface BlueskyCursor extends Cursor {
  queries?: Record<string, BlueskyQueryCursor>;
}

/**
 * One session per thread-check run, not per thread: createSession allows 30 logins per 5
 * minutes. Keyed by the config object the run parsed, so the token lives as long as that run.
 */
const threadSessions = new WeakMap<BlueskyConfig, Promise<string>>();

export const bluesky: Source<BlueskyConfig> = {
  kind: "bluesky",
  parseConfig: parseBlueskyConfig,
  replies: "thread",
  async fetchReplies(ctx, config, thread) {
    let session = threadSessions.get(config);
    if (!session) {
      session = fetchAccessJwt(ctx, config);
      threadSessions.set(config, session);
      // A failed login is not kept: the next run logs in afresh.
      session.catch(() => threadSessions.delete(config));
    }
    return fetchBlueskyReplies(ctx, config, thread, await session);
  },
  async *pages(ctx, config, cursor) {
    // Credentials are resolved per scan and live only in this closure and request headers.
    const accessJwt = await fetchAccessJwt(ctx, config);
    const state: BlueskyCursor = { ...(cursor ?? {}), queries: { ...((cursor as BlueskyCursor | null)?.queries ?? {}) } };
    const matcher = createTermMatcher(config.terms);
    const taken = new Set<string>();
    const queries = config.query !== undefined ? [config.query] : config.terms.map((term) => `"${term.replace(/"/gu, "")}"`);
    for (const query of queries) yield* scanQuery(ctx, config, query, accessJwt, state, matcher, taken);
  },
};

/**
 * Walks searchPosts (sort=latest, newest first, `cursor` towards older posts) back to the
 * stored position or `ctx.since`, passing it as `since` so the server stops there too, then
 * yields oldest-first so each page is a safe resume point.
 */
async function* scanQuery(
  ctx: FetchContext,
  config: BlueskyConfig,
  query: string,
  accessJwt: string,
  state: BlueskyCursor,
  matcher: TermMatcher,
  taken: Set<string>,
): AsyncGenerator<Page> {
  const label = `bluesky search ${query}`;
  const previous = state.queries?.[query];
  let boundaryMs = previous ? Date.parse(previous.since) : Number.NaN;
  let boundaryUris = previous?.uris ?? [];
  if (ctx.since && (Number.isNaN(boundaryMs) || ctx.since.getTime() < boundaryMs)) {
    boundaryMs = ctx.since.getTime();
    boundaryUris = [];
  }
  const hasBoundary = !Number.isNaN(boundaryMs);

  const walked = new Map<string, BlueskyItem>();
  const itemErrors: ItemError[] = [];
  let reached = false;
  let ended = false;
  let hitsTotal: number | undefined;
  let page: string | undefined;
  for (let fetched = 0; ; ) {
    const output = await fetchSearch(ctx, config, query, accessJwt, label, hasBoundary ? new Date(boundaryMs).toISOString() : undefined, page);
    fetched++;
    if (typeof output.hitsTotal === "number") hitsTotal = output.hitsTotal;
    const parsed = toBlueskyItems(output.posts, label);
    itemErrors.push(...parsed.itemErrors);
    for (const item of parsed.items) {
      if (hasBoundary && (item.sortAtMs < boundaryMs || (item.sortAtMs === boundaryMs && boundaryUris.includes(item.uri)))) {
        reached = true;
        continue;
      }
      if (!walked.has(item.uri)) walked.set(item.uri, item);
    }
    page = output.cursor || undefined;
    if (page === undefined || output.posts.length === 0) ended = true;
    if (reached || ended || fetched >= config.maxPages) break;
  }

  const items = [...walked.values()].sort((a, b) => a.sortAtMs - b.sortAtMs || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  let notice: string | undefined;
  if (hasBoundary && !reached) {
    const from = new Date(boundaryMs).toISOString();
    const oldest = items[0] ? new Date(items[0].sortAtMs).toISOString() : "the newest post";
    if (!ended) notice = `${label}: stopped after ${config.maxPages} pages (maxPages); posts between ${from} and ${oldest} were not reached`;
    // The lexicon warns the cursor "may not necessarily allow scrolling through entire result set".
    else if (ctx.since && hitsTotal !== undefined && hitsTotal > walked.size + itemErrors.length) {
      notice = `${label}: the search cursor ended after ${walked.size} of about ${hitsTotal} hits; posts between ${from} and ${oldest} may be out of reach`;
    }
  }

  const chunks: BlueskyItem[][] = [];
  for (let i = 0; i < items.length; i += config.limit) chunks.push(items.slice(i, i + config.limit));
  if (chunks.length === 0 && (itemErrors.length > 0 || notice)) chunks.push([]);
  let current = previous ? { since: previous.since, uris: [...previous.uris] } : undefined;
  for (const [index, group] of chunks.entries()) {
    const mentions: MentionDraft[] = [];
    for (const item of group) {
      current = advance(current, item);
      if (taken.has(item.uri)) continue;
      // Search matches stems and link text; keep only posts that really name the brand.
      const matchedTerm = matcher.find(item.draft.text);
      if (config.terms.length > 0 && matchedTerm === undefined) continue;
      taken.add(item.uri);
      mentions.push({ ...item.draft, channel: config.channel, ...(matchedTerm ? { matchedTerm } : {}) });
    }
    if (current) state.queries = { ...state.queries, [query]: current };
    const result: Page = { mentions, cursor: toCursor(state) };
    if (index === 0 && itemErrors.length > 0) result.itemErrors = itemErrors;
    if (index === chunks.length - 1 && notice) result.notice = notice;
    yield result;
  }
}

async function fetchSearch(
  ctx: FetchContext,
  config: BlueskyConfig,
  query: string,
  accessJwt: string,
  label: string,
  since: string | undefined,
  cursor: string | undefined,
) {
  const url = new URL(`${config.service}/xrpc/app.bsky.feed.searchPosts`);
  url.searchParams.set("q", query);
  url.searchParams.set("sort", "latest");
  url.searchParams.set("limit", String(config.limit));
  if (since) url.searchParams.set("since", since);
  if (config.lang) url.searchParams.set("lang", config.lang);
  if (cursor) url.searchParams.set("cursor", cursor);
  try {
    const response = await ctx.http.get(url, { signal: ctx.signal, headers: { accept: "application/json", authorization: `Bearer ${accessJwt}` } });
    return parseBlueskySearch(response.text(), label);
  } catch (error) {
    if (error instanceof HttpError && (error.status === 400 || error.status === 401 || error.status === 403)) {
      const credential = config.accessJwtEnv ? `the access JWT from ${config.accessJwtEnv}` : `the session of ${config.identifierEnv}`;
      throw new HttpError(
        { url: error.url, status: error.status, code: error.code, detail: `${statusText(error)}: ${label}: searchPosts refused the request (a bad query, or ${credential} expired or is invalid)` },
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The bearer token for this scan: from `accessJwtEnv`, else a fresh app-password session
 * (com.atproto.server.createSession; rate-limited to 30 per 5 minutes and 300 per day per
 * account, so schedule bluesky sources no more often than every few minutes).
 */
async function fetchAccessJwt(ctx: FetchContext, config: BlueskyConfig): Promise<string> {
  if (config.accessJwtEnv) {
    const token = process.env[config.accessJwtEnv]?.trim();
    if (!token) throw new ConfigError(`${config.path}.accessJwtEnv`, `environment variable ${config.accessJwtEnv} is not set (it should hold a Bluesky access JWT)`);
    return token;
  }
  const identifier = process.env[config.identifierEnv]?.trim();
  const password = process.env[config.passwordEnv]?.trim();
  if (!identifier) {
    throw new ConfigError(`${config.path}.identifierEnv`, `environment variable ${config.identifierEnv} is not set: Bluesky search needs a logged-in account (its handle or email), or set accessJwtEnv`);
  }
  if (!password) {
    throw new ConfigError(`${config.path}.passwordEnv`, `environment variable ${config.passwordEnv} is not set: create an app password at bsky.app → Settings → Privacy and security → App passwords`);
  }
  const url = new URL(`${config.service}/xrpc/com.atproto.server.createSession`);
  let body: string;
  try {
    // createSession is an XRPC procedure: POST with a JSON body (never retried inline by the client).
    const response = await ctx.http.post(url, { json: { identifier, password }, signal: ctx.signal, headers: { accept: "application/json" } });
    body = response.text();
  } catch (error) {
    if (error instanceof HttpError && (error.status === 400 || error.status === 401)) {
      // The request body held the password; the error names only the variables.
      throw new HttpError(
        { url: error.url, method: "POST", status: error.status, code: error.code, detail: `${statusText(error)}: bluesky createSession refused the credentials in ${config.identifierEnv} / ${config.passwordEnv} (wrong app password, or the account is taken down)` },
        { cause: error },
      );
    }
    throw error;
  }
  return toAccessJwt(body);
}

/** The session's accessJwt. Never quotes the body in an error: it holds the tokens. */
function toAccessJwt(body: string): string {
  let session: unknown;
  try {
    session = JSON.parse(body);
  } catch (error) {
    throw new ParseError({ source: "bluesky createSession", detail: "the answer is not JSON" }, { cause: new Error(error instanceof SyntaxError ? "invalid JSON" : "unreadable answer") });
  }
  const accessJwt = typeof session === "object" && session !== null ? (session as { accessJwt?: unknown }).accessJwt : undefined;
  if (typeof accessJwt !== "string" || accessJwt === "") throw new ParseError({ source: "bluesky createSession", detail: "the answer has no accessJwt" });
  return accessJwt;
}

/** "Unauthorized" from `[GET] "url": 401 Unauthorized`, to rebuild the message with more context. */
function statusText(error: HttpError): string {
  return error.message.replace(/^\[[A-Z]+\] "[^"]*": \d+ /u, "");
}

function advance(current: BlueskyQueryCursor | undefined, item: BlueskyItem): BlueskyQueryCursor {
  const currentMs = current ? Date.parse(current.since) : Number.NEGATIVE_INFINITY;
  if (!current || item.sortAtMs > currentMs) return { since: new Date(item.sortAtMs).toISOString(), uris: [item.uri] };
  if (item.sortAtMs === currentMs && !current.uris.includes(item.uri)) return { since: current.since, uris: [...current.uris, item.uri] };
  return current;
}

function toCursor(state: BlueskyCursor): BlueskyCursor {
  const queries = state.queries ?? {};
  const newest = Object.values(queries).reduce((max, q) => (q.since > max ? q.since : max), "");
  const cursor: BlueskyCursor = { ...state, queries: { ...queries } };
  if (newest) cursor.since = newest;
  return cursor;
}
