import { ConfigError, HttpError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher, type TermMatcher } from "../../text/terms.js";
import type { FetchContext, ItemError, Page, Source } from "../types.js";
import { parseMastodonConfig, type MastodonConfig } from "./config.js";
import { compareIds, parseLinkHeader, parseMastodonSearch, parseMastodonTimeline, toMastodonItems, type MastodonItem } from "./parse.js";
import { fetchMastodonReplies } from "./replies.js";

export { parseMastodonConfig, type MastodonConfig } from "./config.js";

/**
 * The mastodon cursor. Status ids are per instance, so each stream's `min_id` is keyed by
 * instance host plus hashtag or search term: pointing the source at another instance, or adding
 * a tag, starts a fresh stream instead of paging with a foreign id.
 */
export interface MastodonCursor extends Cursor {
  /** `"{host}#{tag}"` or `"{host} search {term}"` → newest status id taken. */
  minIds?: Record<string, string>;
}

/** One hashtag timeline or one term's statuses search. */
interface Stream {
  kind: "tag" | "search";
  /** The hashtag (without "#") or the search term. */
  value: string;
  key: string;
  label: string;
}

export const mastodon: Source<MastodonConfig> = {
  kind: "mastodon",
  replies: "thread",
  fetchReplies: fetchMastodonReplies,
  parseConfig: parseMastodonConfig,
  async *pages(ctx, config, cursor) {
    const token = readToken(config);
    const host = new URL(config.instance).hostname;
    const state: MastodonCursor = { ...(cursor ?? {}), minIds: { ...((cursor as MastodonCursor | null)?.minIds ?? {}) } };
    const matcher = createTermMatcher(config.terms);
    // The same status can sit in a tag timeline and in search results: take it once per scan.
    const taken = new Set<string>();
    const streams: Stream[] = [
      ...config.tags.map((tag): Stream => ({ kind: "tag", value: tag, key: `${host}#${tag}`, label: `mastodon ${host} #${tag}` })),
      ...(config.search ? config.terms.map((term): Stream => ({ kind: "search", value: term, key: `${host} search ${term}`, label: `mastodon ${host} search "${term}"` })) : []),
    ];
    for (const stream of streams) {
      const scan = state.minIds?.[stream.key] && !ctx.since ? scanForward : scanBack;
      for await (const page of scan(ctx, config, stream, state, token)) {
        page.mentions = selectMentions(page.items, stream, matcher, taken);
        yield { mentions: page.mentions, cursor: page.cursor, ...(page.itemErrors?.length ? { itemErrors: page.itemErrors } : {}), ...(page.notice ? { notice: page.notice } : {}) };
      }
    }
  },
};

interface StreamPage extends Page {
  items: MastodonItem[];
}

/**
 * Incremental scan: `min_id` "sets a cursor at this ID and paginates forward" with no gaps, where
 * `since_id` would return only the newest page and skip statuses when more than `limit` arrived
 * between scans (mastodon/documentation `content/en/api/guidelines.md`). The next `min_id` comes
 * from the Link header's `rel="prev"` when the server sends one.
 */
async function* scanForward(ctx: FetchContext, config: MastodonConfig, stream: Stream, state: MastodonCursor, token: string | undefined): AsyncGenerator<StreamPage> {
  let minId = state.minIds?.[stream.key];
  for (let fetched = 0; fetched < config.maxPages; fetched++) {
    const { statuses, links } = await fetchStream(ctx, config, stream, token, { min_id: minId });
    if (statuses.length === 0) return;
    const { items, itemErrors } = toMastodonItems(statuses, stream.label, new URL(config.instance).hostname);
    const next = linkParam(links.prev, "min_id") ?? newestId(statuses);
    if (next === undefined || (minId !== undefined && compareIds(next, minId) <= 0)) {
      // Nothing to advance to (every status unreadable, or a server repeating an old page): stop rather than loop.
      if (itemErrors.length > 0) yield { items: [], mentions: [], cursor: toCursor(state), itemErrors };
      return;
    }
    minId = next;
    state.minIds = { ...state.minIds, [stream.key]: minId };
    yield { items: [...items].sort((a, b) => compareIds(a.id, b.id)), mentions: [], cursor: toCursor(state), itemErrors };
  }
}

/**
 * First scan and backfill: walk back from the newest status with `max_id` (Link `rel="next"`)
 * until `ctx.since`, the end of the timeline, or maxPages; then yield oldest-first so each page
 * is a safe resume point. A first scan without --since takes up to maxPages of recent history.
 */
async function* scanBack(ctx: FetchContext, config: MastodonConfig, stream: Stream, state: MastodonCursor, token: string | undefined): AsyncGenerator<StreamPage> {
  const sinceMs = ctx.since?.getTime();
  const walked = new Map<string, MastodonItem>();
  const itemErrors: ItemError[] = [];
  let newest: string | undefined;
  let maxId: string | undefined;
  let reached = false;
  let ended = false;
  for (let fetched = 0; ; ) {
    const { statuses, links } = await fetchStream(ctx, config, stream, token, { max_id: maxId });
    fetched++;
    if (statuses.length === 0) {
      ended = true;
      break;
    }
    const parsed = toMastodonItems(statuses, stream.label, new URL(config.instance).hostname);
    itemErrors.push(...parsed.itemErrors);
    for (const item of parsed.items) {
      if (sinceMs !== undefined && item.createdMs < sinceMs) {
        reached = true;
        continue;
      }
      if (!walked.has(item.id)) walked.set(item.id, item);
    }
    newest = maxOf(newest, newestId(statuses));
    const next = linkParam(links.next, "max_id") ?? oldestId(statuses);
    if (next === undefined || next === maxId) {
      ended = true;
      break;
    }
    maxId = next;
    if (reached || fetched >= config.maxPages) break;
  }

  const items = [...walked.values()].sort((a, b) => compareIds(a.id, b.id));
  let notice: string | undefined;
  if (sinceMs !== undefined && !reached && !ended) {
    const oldest = items[0] ? new Date(items[0].createdMs).toISOString() : "the newest status";
    notice = `${stream.label}: stopped after ${config.maxPages} pages (maxPages); statuses between ${new Date(sinceMs).toISOString()} and ${oldest} were not reached`;
  }
  const previous = state.minIds?.[stream.key];
  const chunks: MastodonItem[][] = [];
  for (let i = 0; i < items.length; i += config.limit) chunks.push(items.slice(i, i + config.limit));
  if (chunks.length === 0 && (newest !== undefined || notice || itemErrors.length > 0)) chunks.push([]);
  for (const [index, group] of chunks.entries()) {
    const last = index === chunks.length - 1;
    // Backfill never moves the cursor back; the last page also covers unreadable statuses' ids.
    const minId = maxOf(previous, last ? newest : group.at(-1)?.id);
    if (minId !== undefined) state.minIds = { ...state.minIds, [stream.key]: minId };
    const page: StreamPage = { items: group, mentions: [], cursor: toCursor(state) };
    if (index === 0 && itemErrors.length > 0) page.itemErrors = itemErrors;
    if (last && notice) page.notice = notice;
    yield page;
  }
}

/**
 * Hashtag timeline statuses are all kept (the tag is the signal; "#nordvikfail" does not contain
 * the word "Nordvik"), recording the matching term or the tag. Search matches loosely, so its
 * results are kept only when a term really occurs.
 */
function selectMentions(items: readonly MastodonItem[], stream: Stream, matcher: TermMatcher, taken: Set<string>): MentionDraft[] {
  const mentions: MentionDraft[] = [];
  for (const item of items) {
    if (taken.has(item.draft.externalId)) continue;
    const matched = matcher.find([item.draft.title ?? "", item.draft.text, ...item.tags.map((tag) => `#${tag}`)].join("\n"));
    if (stream.kind === "search" && matched === undefined) continue;
    taken.add(item.draft.externalId);
    const matchedTerm = matched ?? `#${stream.value}`;
    mentions.push({ ...item.draft, matchedTerm });
  }
  return mentions;
}

async function fetchStream(
  ctx: FetchContext,
  config: MastodonConfig,
  stream: Stream,
  token: string | undefined,
  position: { min_id?: string | undefined; max_id?: string | undefined },
): Promise<{ statuses: unknown[]; links: Record<string, string> }> {
  const url =
    stream.kind === "tag"
      ? new URL(`${config.instance}/api/v1/timelines/tag/${encodeURIComponent(stream.value)}`)
      : new URL(`${config.instance}/api/v2/search`);
  if (stream.kind === "search") {
    url.searchParams.set("q", stream.value);
    url.searchParams.set("type", "statuses");
    // resolve=true would make the instance fetch remote URLs on our behalf; a term is never one.
    url.searchParams.set("resolve", "false");
  }
  url.searchParams.set("limit", String(config.limit));
  if (position.min_id) url.searchParams.set("min_id", position.min_id);
  if (position.max_id) url.searchParams.set("max_id", position.max_id);
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const response = await ctx.http.get(url, { signal: ctx.signal, headers });
    const body = response.text();
    const statuses = stream.kind === "tag" ? parseMastodonTimeline(body, stream.label) : parseMastodonSearch(body, stream.label);
    return { statuses, links: parseLinkHeader(response.headers.link) };
  } catch (error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403 || error.status === 422)) {
      const hint = token
        ? `the token from ${config.tokenEnv} was refused (revoked, or missing the read scope?)`
        : "this instance requires an access token here (public timeline previews off, or search); set tokenEnv";
      throw new HttpError({ url: error.url, status: error.status, code: error.code, detail: `${error.message.replace(/^\[GET\] "[^"]*": \d+ /u, "")}: ${stream.label}: ${hint}` }, { cause: error });
    }
    throw error;
  }
}

/** The token is read per scan and only ever put in a request header: never in config, cursor or messages. */
function readToken(config: MastodonConfig): string | undefined {
  if (!config.tokenEnv) return undefined;
  const token = process.env[config.tokenEnv]?.trim();
  if (!token) throw new ConfigError(`${config.path}.tokenEnv`, `environment variable ${config.tokenEnv} is not set (it should hold a Mastodon access token with the read scope)`);
  return token;
}

function linkParam(link: string | undefined, name: string): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link).searchParams.get(name) ?? undefined;
  } catch (error) {
    // A Link URL we cannot parse is ignored: the ids in the page give the same position.
    void error;
    return undefined;
  }
}

function statusIds(statuses: readonly unknown[]): string[] {
  return statuses.flatMap((s) => (typeof s === "object" && s !== null && typeof (s as { id?: unknown }).id === "string" ? [(s as { id: string }).id] : []));
}

function newestId(statuses: readonly unknown[]): string | undefined {
  return statusIds(statuses).reduce<string | undefined>((max, id) => maxOf(max, id), undefined);
}

function oldestId(statuses: readonly unknown[]): string | undefined {
  return statusIds(statuses).reduce<string | undefined>((min, id) => (min === undefined || compareIds(id, min) < 0 ? id : min), undefined);
}

function maxOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

function toCursor(state: MastodonCursor): MastodonCursor {
  return { ...state, minIds: { ...state.minIds } };
}
