/**
 * The replies under a stored post, for brand response tracking (issue 13):
 * `app.bsky.feed.getPostThread?uri=…&depth=…&parentHeight=0` answers `{ thread: threadViewPost }`
 * whose `replies` hold threadViewPosts, or `#notFoundPost` (deleted) and `#blockedPost` stubs
 * (lexicons/app/bsky/feed/defs.json in ../shared/corpora/bluesky-atproto-fixtures). A deleted
 * reply has no author and cannot be credited; a blocked one keeps its author's DID, so a brand
 * reply hidden from our account still counts, marked deleted (its text is not shown).
 */
import { ParseError } from "../../core/errors.js";
import { parseJsonBody } from "../json-body.js";
import type { ReplyDraft, ThreadRef } from "../../core/response.js";
import type { FetchContext } from "../types.js";
import type { BlueskyConfig } from "./config.js";

/** Reply levels read below the post. */
export const BLUESKY_THREAD_DEPTH = 6;
/** Replies read per thread, depth-first. */
export const BLUESKY_THREAD_LIMIT = 500;
const BLUESKY_WEB_ORIGIN = "https://bsky.app";

export async function fetchBlueskyReplies(ctx: FetchContext, config: BlueskyConfig, thread: ThreadRef, accessJwt: string): Promise<ReplyDraft[]> {
  if (!thread.externalId.startsWith("at://")) throw new ParseError({ source: "bluesky", item: thread.externalId, detail: "not an at:// post URI" });
  const url = new URL(`${config.service}/xrpc/app.bsky.feed.getPostThread`);
  url.searchParams.set("uri", thread.externalId);
  url.searchParams.set("depth", String(BLUESKY_THREAD_DEPTH));
  url.searchParams.set("parentHeight", "0");
  const body = (await ctx.http.get(url, { signal: ctx.signal, headers: { accept: "application/json", authorization: `Bearer ${accessJwt}` } })).text();
  return parseBlueskyThread(body, `bluesky thread ${thread.externalId}`);
}

export function parseBlueskyThread(body: string, label: string): ReplyDraft[] {
  const value = parseJsonBody(body, label);
  const root = isObject(value) ? value.thread : undefined;
  if (!isObject(root) || !isObject(root.post)) throw new ParseError({ source: label, detail: "expected { thread: threadViewPost }" });
  const replies: ReplyDraft[] = [];
  const stack: unknown[] = Array.isArray(root.replies) ? [...root.replies].reverse() : [];
  while (stack.length > 0 && replies.length < BLUESKY_THREAD_LIMIT) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    if (node.blocked === true && typeof node.uri === "string" && isObject(node.author) && typeof node.author.did === "string") {
      // No time is shown for a blocked post; the rkey is a TID, whose high bits are its creation time in µs.
      const at = toTidTime(node.uri);
      if (at) replies.push({ externalId: node.uri, authorIds: [node.author.did], text: "", publishedAt: at, deleted: true });
      continue;
    }
    if (!isObject(node.post)) continue;
    if (Array.isArray(node.replies)) stack.push(...[...node.replies].reverse());
    const post = node.post;
    const record = isObject(post.record) ? post.record : {};
    const createdMs = typeof record.createdAt === "string" ? Date.parse(record.createdAt) : Number.NaN;
    const author = isObject(post.author) ? post.author : {};
    if (typeof post.uri !== "string" || Number.isNaN(createdMs)) continue;
    const reply: ReplyDraft = { externalId: post.uri, text: typeof record.text === "string" ? record.text : "", publishedAt: new Date(createdMs) };
    if (typeof author.handle === "string" && author.handle !== "handle.invalid") reply.author = author.handle;
    if (typeof author.did === "string") reply.authorIds = [author.did];
    const rkey = post.uri.split("/").pop();
    if (rkey && typeof author.did === "string") reply.url = `${BLUESKY_WEB_ORIGIN}/profile/${author.did}/post/${rkey}`;
    replies.push(reply);
  }
  return replies;
}

const TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

/** atproto TIDs (specs "Record Key: tid"): 13 base32-sortable chars, the top 53 bits µs since the epoch. */
function toTidTime(uri: string): Date | undefined {
  const rkey = uri.split("/").pop() ?? "";
  if (!/^[2-7a-z]{13}$/u.test(rkey)) return undefined;
  let value = 0n;
  for (const c of rkey) value = value * 32n + BigInt(TID_ALPHABET.indexOf(c));
  const micros = value >> 10n;
  const ms = Number(micros / 1000n);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
