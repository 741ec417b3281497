/**
 * The comments under a stored HN story or comment, for brand response tracking (issue 13):
 * Algolia's `GET /api/v1/items/:id` answers the item with its whole reply tree in `children`
 * (https://hn.algolia.com/api, "Items"). A deleted comment keeps its place with `author` and
 * `text` null; it cannot be credited to anyone.
 */
import { ParseError } from "../../core/errors.js";
import { parseJsonBody } from "../json-body.js";
import type { ReplyDraft, ThreadRef } from "../../core/response.js";
import { htmlToText } from "../../text/html.js";
import type { FetchContext } from "../types.js";
import type { HackerNewsConfig } from "./index.js";

/** Comments read per thread, depth-first: a bound on a huge story's tree. */
export const HN_THREAD_LIMIT = 500;
const HN_ITEM_URL = "https://news.ycombinator.com/item?id=";

export async function fetchHackerNewsReplies(ctx: FetchContext, config: HackerNewsConfig, thread: ThreadRef): Promise<ReplyDraft[]> {
  if (!/^\d+$/u.test(thread.externalId)) throw new ParseError({ source: "hackernews", item: thread.externalId, detail: "not an HN item id" });
  const body = (await ctx.http.get(`${config.baseUrl}/api/v1/items/${thread.externalId}`, { signal: ctx.signal, headers: { accept: "application/json" } })).text();
  return parseHackerNewsItem(body, `hackernews item ${thread.externalId}`);
}

export function parseHackerNewsItem(body: string, label: string): ReplyDraft[] {
  const value = parseJsonBody(body, label);
  if (typeof value !== "object" || value === null || !Array.isArray((value as { children?: unknown }).children)) throw new ParseError({ source: label, detail: "expected an item with a children array" });
  const replies: ReplyDraft[] = [];
  const stack = [...((value as { children: unknown[] }).children)].reverse();
  while (stack.length > 0 && replies.length < HN_THREAD_LIMIT) {
    const item = stack.pop();
    if (typeof item !== "object" || item === null) continue;
    const c = item as Record<string, unknown>;
    if (Array.isArray(c.children)) stack.push(...[...c.children].reverse());
    const seconds = typeof c.created_at_i === "number" ? c.created_at_i : typeof c.created_at === "string" ? Date.parse(c.created_at) / 1000 : Number.NaN;
    if ((typeof c.id !== "number" && typeof c.id !== "string") || Number.isNaN(seconds)) continue;
    const reply: ReplyDraft = { externalId: String(c.id), text: typeof c.text === "string" ? htmlToText(c.text) : "", publishedAt: new Date(seconds * 1000), url: `${HN_ITEM_URL}${String(c.id)}` };
    if (typeof c.author === "string") reply.author = c.author;
    if (c.author === null && c.text === null) reply.deleted = true;
    replies.push(reply);
  }
  return replies;
}
