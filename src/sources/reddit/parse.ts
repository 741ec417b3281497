import { ParseError } from "../../core/errors.js";
import type { MentionDraft } from "../../core/mention.js";
import type { ItemError } from "../types.js";
import type { RedditComment, RedditLink, RedditListing, RedditThing } from "./wire.js";

/** Web links always point at the public site, whatever `baseUrl` the API calls went to. */
export const REDDIT_WEB_ORIGIN = "https://www.reddit.com";
/** `raw` and ItemError snippets are cut to this many characters. */
export const MAX_RAW_CHARS = 16 * 1024;

/** One child of a listing, reduced to what paging and the relevance filter need. */
export interface RedditItem {
  /** Fullname ("t3_…", "t1_…"): the mention's externalId and the cursor's tie-breaker. */
  fullname: string;
  createdMs: number;
  /**
   * The mention, or undefined when the content is gone ("[deleted]"/"[removed]"): such a thing
   * still moves the cursor but has nothing to store.
   */
  draft?: MentionDraft;
}

/**
 * Parses a listing body. Throws ParseError naming `source` when the body is not a Listing: an
 * HTML page (Reddit's network-security block page and the "whoa there, pardner!" rate page are
 * HTML served to clients it distrusts), truncated JSON, or an error object such as
 * `{"message":"Forbidden","error":403}`.
 */
export function parseRedditListing(body: string, source: string): RedditListing {
  const text = body.replace(/^\uFEFF/u, "").trimStart();
  if (text.startsWith("<")) {
    throw new ParseError({ source, detail: "expected a JSON Listing but got an HTML page (Reddit's block page? it answers HTML to clients it does not trust)" });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ParseError({ source, detail: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }, { cause: error });
  }
  if (!isObject(value)) throw new ParseError({ source, detail: `expected a JSON Listing object, got ${describe(value)}` });
  if (value.kind !== "Listing") {
    const reason = typeof value.message === "string" ? `: ${value.error ?? ""} ${value.message}`.trimEnd() : value.kind === undefined ? "" : ` (kind "${String(value.kind)}")`;
    throw new ParseError({ source, detail: `expected a Listing${reason}` });
  }
  const data = value.data;
  if (!isObject(data) || !Array.isArray(data.children)) throw new ParseError({ source, detail: "Listing has no data.children array" });
  if (data.after !== null && data.after !== undefined && typeof data.after !== "string") {
    throw new ParseError({ source, detail: `Listing data.after is ${describe(data.after)}, not a fullname or null` });
  }
  return value as unknown as RedditListing;
}

/**
 * Maps each child to a RedditItem. A child that cannot be read becomes an ItemError and the rest
 * are kept; `more` stubs (comment trees only) and other kinds are not mentions and are skipped.
 */
export function toRedditItems(listing: RedditListing, source: string): { items: RedditItem[]; itemErrors: ItemError[] } {
  const items: RedditItem[] = [];
  const itemErrors: ItemError[] = [];
  listing.data.children.forEach((thing, index) => {
    try {
      const item = toRedditItem(thing, source, index);
      if (item) items.push(item);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      itemErrors.push({ item: error.item ?? `child ${index}`, message: error.message, raw: truncate(safeStringify(thing)) });
    }
  });
  return { items, itemErrors };
}

/** One `t3` or `t1` thing → RedditItem; other kinds → undefined. Throws ParseError naming the item. */
export function toRedditItem(thing: RedditThing, source: string, index = 0): RedditItem | undefined {
  if (!isObject(thing) || !isObject(thing.data)) throw new ParseError({ source, item: `child ${index}`, detail: "not a {kind, data} thing" });
  if (thing.kind !== "t3" && thing.kind !== "t1") return undefined;
  const data = thing.data as Record<string, unknown>;
  const fullname = typeof data.name === "string" && /^t[13]_[0-9a-z]+$/u.test(data.name) ? data.name : undefined;
  const item = fullname ?? (typeof data.id === "string" ? `${thing.kind}_${data.id}` : `child ${index}`);
  const fail = (detail: string) => new ParseError({ source, item, detail });
  if (!fullname) throw fail(`"name" is ${describe(data.name)}, not a ${thing.kind} fullname`);
  // Reddit sends epoch seconds as floats ("1732350000.0"); very old dumps sometimes as strings.
  const createdSeconds = typeof data.created_utc === "string" ? Number(data.created_utc) : data.created_utc;
  if (typeof createdSeconds !== "number" || !Number.isFinite(createdSeconds) || createdSeconds <= 0) {
    throw fail(`"created_utc" is ${describe(data.created_utc)}, not epoch seconds`);
  }
  const createdMs = Math.round(createdSeconds * 1000);
  if (typeof data.subreddit !== "string") throw fail(`"subreddit" is ${describe(data.subreddit)}`);
  const draft = thing.kind === "t3" ? toLinkDraft(data as unknown as RedditLink, fail) : toCommentDraft(data as unknown as RedditComment, fail);
  if (!draft) return { fullname, createdMs };
  draft.externalId = fullname;
  draft.publishedAt = new Date(createdMs);
  const author = toAuthor(data.author);
  if (author) draft.author = author;
  draft.raw = truncate(safeStringify(thing));
  return { fullname, createdMs, draft };
}

/** Reddit replaces the content of deleted and mod-removed things with these markers. */
const GONE = new Set(["[deleted]", "[removed]"]);

function toLinkDraft(link: RedditLink, fail: (detail: string) => ParseError): MentionDraft | undefined {
  if (typeof link.title !== "string") throw fail(`"title" is ${describe(link.title)}`);
  if (link.selftext !== undefined && link.selftext !== null && typeof link.selftext !== "string") throw fail(`"selftext" is ${describe(link.selftext)}`);
  const selftext = typeof link.selftext === "string" && !GONE.has(link.selftext.trim()) ? link.selftext.trim() : "";
  // A removed self post keeps its title, which is often the whole complaint.
  const draft: MentionDraft = { externalId: "", title: link.title.trim(), text: selftext, channel: "forum" };
  const url = toPermalink(link.permalink) ?? `${REDDIT_WEB_ORIGIN}/r/${link.subreddit}/comments/${link.id}/`;
  draft.url = url;
  return draft;
}

function toCommentDraft(comment: RedditComment, fail: (detail: string) => ParseError): MentionDraft | undefined {
  if (typeof comment.body !== "string") throw fail(`"body" is ${describe(comment.body)}`);
  if (GONE.has(comment.body.trim())) return undefined;
  const draft: MentionDraft = { externalId: "", text: comment.body.trim(), channel: "forum" };
  if (typeof comment.parent_id === "string" && /^t[13]_/u.test(comment.parent_id)) draft.inReplyTo = comment.parent_id;
  const postId = typeof comment.link_id === "string" ? comment.link_id.replace(/^t3_/u, "") : undefined;
  // Comments in older listings carry no permalink; this is the canonical comment URL form.
  const url = toPermalink(comment.permalink) ?? (postId ? `${REDDIT_WEB_ORIGIN}/r/${comment.subreddit}/comments/${postId}/_/${comment.id}/` : undefined);
  if (url) draft.url = url;
  return draft;
}

/** Site-relative permalink → absolute web URL, minus tracking queries such as `?ref=search_posts`. */
function toPermalink(permalink: unknown): string | undefined {
  if (typeof permalink !== "string" || !permalink.startsWith("/")) return undefined;
  return `${REDDIT_WEB_ORIGIN}${permalink.split("?")[0]}`;
}

function toAuthor(author: unknown): string | undefined {
  return typeof author === "string" && author !== "" && !GONE.has(author) ? author : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value.slice(0, 40)}"` : typeof value;
}

/** Values here come from JSON.parse, so stringify cannot meet a cycle or a BigInt. */
function safeStringify(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function truncate(text: string): string {
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}
