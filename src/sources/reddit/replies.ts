/**
 * The comments under a stored reddit post or comment, for brand response tracking (issue 13):
 * `GET /comments/{post id}.json` answers `[post Listing, comment Listing]`, replies nested in
 * `data.replies` (a Listing, or "" when none). Deleted comments keep their place with author and
 * body "[deleted]"; comments removed by moderators keep their author with body "[removed]"
 * (../shared/corpora/reddit-praw-cassettes/TestComment.test_refresh__deleted_comment.01.json).
 */
import { ParseError } from "../../core/errors.js";
import type { ReplyDraft, ThreadRef } from "../../core/response.js";
import type { FetchContext } from "../types.js";
import type { RedditConfig } from "./config.js";
import { REDDIT_WEB_ORIGIN } from "./parse.js";

/** Comments read per thread: Reddit's own cap for one request is 500. */
export const REDDIT_THREAD_LIMIT = 200;
/** Reply levels read below the post (Reddit's `depth`): brand answers sit near the top. */
export const REDDIT_THREAD_DEPTH = 4;

export async function fetchRedditReplies(ctx: FetchContext, config: RedditConfig, thread: ThreadRef): Promise<ReplyDraft[]> {
  const label = `reddit thread ${thread.externalId}`;
  const target = toThreadTarget(thread);
  if (!target) throw new ParseError({ source: "reddit", item: thread.externalId, detail: "neither a post (t3_) nor a comment (t1_) with its link_id in the stored payload" });
  const url = new URL(`${config.baseUrl}/comments/${target.postId}${target.commentId ? `/_/${target.commentId}` : ""}.json`);
  url.searchParams.set("limit", String(REDDIT_THREAD_LIMIT));
  url.searchParams.set("depth", String(REDDIT_THREAD_DEPTH));
  url.searchParams.set("sort", "old");
  url.searchParams.set("raw_json", "1");
  const body = (await ctx.http.get(url, { signal: ctx.signal, headers: { accept: "application/json" } })).text();
  return parseRedditThread(body, label, target.commentId ? `t1_${target.commentId}` : undefined);
}

function toThreadTarget(thread: ThreadRef): { postId: string; commentId?: string } | undefined {
  const [prefix, id] = thread.externalId.split("_", 2);
  if (!id || !/^[a-z0-9]+$/u.test(id)) return undefined;
  if (prefix === "t3") return { postId: id };
  if (prefix !== "t1") return undefined;
  // A comment's thread is its post's, narrowed to the comment: the post id is in the stored payload.
  const link = /"link_id"\s*:\s*"t3_([a-z0-9]+)"/u.exec(thread.raw ?? "")?.[1];
  return link ? { postId: link, commentId: id } : undefined;
}

/**
 * Every comment below the thread's root (or below `rootFullname` when the mention is a comment),
 * depth-first. Throws ParseError naming the thread when the answer is not the documented pair.
 */
export function parseRedditThread(body: string, label: string, rootFullname?: string): ReplyDraft[] {
  let value: unknown;
  try {
    value = JSON.parse(body.replace(/^\uFEFF/u, ""));
  } catch (error) {
    throw new ParseError({ source: label, detail: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }, { cause: error });
  }
  if (!Array.isArray(value) || value.length < 2) throw new ParseError({ source: label, detail: "expected [post Listing, comments Listing]" });
  const replies: ReplyDraft[] = [];
  const visit = (listing: unknown, below: boolean) => {
    const children = isObject(listing) && isObject(listing.data) && Array.isArray(listing.data.children) ? listing.data.children : [];
    for (const child of children) {
      // `more` stubs stand for comments past the limit/depth: bounded on purpose.
      if (!isObject(child) || child.kind !== "t1" || !isObject(child.data)) continue;
      const c = child.data;
      const isRoot = rootFullname !== undefined && c.name === rootFullname;
      if (below && !isRoot) {
        const reply = toReply(c);
        if (reply) replies.push(reply);
      }
      visit(c.replies, below || isRoot);
    }
  };
  visit(value[1], rootFullname === undefined);
  return replies;
}

function toReply(c: Record<string, unknown>): ReplyDraft | undefined {
  const seconds = typeof c.created_utc === "number" ? c.created_utc : undefined;
  if (typeof c.name !== "string" || seconds === undefined) return undefined;
  const body = typeof c.body === "string" ? c.body : "";
  const deleted = body === "[deleted]" || body === "[removed]";
  const reply: ReplyDraft = { externalId: c.name, text: deleted ? "" : body.trim(), publishedAt: new Date(seconds * 1000) };
  // "[deleted]" as author: the account is gone, nobody can be credited with the reply.
  if (typeof c.author === "string" && c.author !== "[deleted]") reply.author = c.author;
  if (deleted) reply.deleted = true;
  if (typeof c.permalink === "string" && c.permalink.startsWith("/")) reply.url = `${REDDIT_WEB_ORIGIN}${c.permalink}`;
  return reply;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
