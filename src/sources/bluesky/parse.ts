import { ParseError } from "../../core/errors.js";
import { parseJsonBody } from "../json-body.js";
import type { MentionDraft } from "../../core/mention.js";
import type { ItemError } from "../types.js";
import type { BlueskySearchPostsOutput } from "./wire.js";

/** Web links always point at the Bluesky app, whatever `service` the API calls went to. */
export const BLUESKY_WEB_ORIGIN = "https://bsky.app";
/** `raw` and ItemError snippets are cut to this many characters. */
export const MAX_RAW_CHARS = 16 * 1024;

/** One post, reduced to what paging and the relevance filter need. */
export interface BlueskyItem {
  uri: string;
  /**
   * searchPosts sorts and filters (`since`) by "sortAt", roughly the earlier of createdAt and
   * indexedAt (lexicon app.bsky.feed.searchPosts `since`): the cursor uses the same clock.
   */
  sortAtMs: number;
  draft: MentionDraft;
}

/**
 * Parses a searchPosts body. Throws ParseError naming `source` when it is not a searchPosts
 * output: invalid or truncated JSON, an HTML page, an XRPC error body, no `posts` array.
 */
export function parseBlueskySearch(body: string, source: string): BlueskySearchPostsOutput {
  const value = parseJsonBody(body, source);
  if (!isObject(value) || !Array.isArray(value.posts)) {
    const error = isObject(value) && typeof value.error === "string" ? `an XRPC error: ${value.error}${typeof value.message === "string" ? ` (${value.message.slice(0, 200)})` : ""}` : describe(value);
    throw new ParseError({ source, detail: `expected a searchPosts output with a posts array, got ${error}` });
  }
  if (value.cursor !== undefined && typeof value.cursor !== "string") throw new ParseError({ source, detail: `"cursor" is ${describe(value.cursor)}, not a string` });
  return value as unknown as BlueskySearchPostsOutput;
}

/** Maps posts to items; one unusable post becomes an ItemError and the rest are kept. */
export function toBlueskyItems(posts: readonly unknown[], source: string): { items: BlueskyItem[]; itemErrors: ItemError[] } {
  const items: BlueskyItem[] = [];
  const itemErrors: ItemError[] = [];
  posts.forEach((post, index) => {
    try {
      items.push(toBlueskyItem(post, source, index));
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      itemErrors.push({ item: error.item ?? `post ${index}`, message: error.message, raw: truncate(JSON.stringify(post) ?? String(post)) });
    }
  });
  return { items, itemErrors };
}

/** One `#postView` → item. Throws ParseError naming the post (its at:// uri when it has one). */
export function toBlueskyItem(value: unknown, source: string, index = 0): BlueskyItem {
  const uri = isObject(value) && typeof value.uri === "string" ? value.uri : undefined;
  const fail = (detail: string) => new ParseError({ source, item: uri ?? `post ${index}`, detail });
  if (!isObject(value)) throw fail(`is ${describe(value)}, not a postView`);
  // at://{did}/{collection}/{rkey} (atproto "AT URI scheme").
  const parts = uri ? /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/u.exec(uri) : null;
  if (!uri || !parts) throw fail(`"uri" is ${describe(value.uri)}, not an at:// record URI`);
  if (parts[2] !== "app.bsky.feed.post") throw fail(`is a ${parts[2]} record, not a post`);
  const author = value.author;
  if (!isObject(author) || typeof author.handle !== "string" || typeof author.did !== "string") throw fail(`"author" lacks a did and handle`);
  const record = value.record;
  if (!isObject(record)) throw fail(`"record" is ${describe(record)}`);
  if (record.$type !== undefined && record.$type !== "app.bsky.feed.post") throw fail(`"record.$type" is ${describe(record.$type)}`);
  if (typeof record.text !== "string") throw fail(`"record.text" is ${describe(record.text)}`);
  const createdMs = typeof record.createdAt === "string" ? Date.parse(record.createdAt) : Number.NaN;
  const indexedMs = typeof value.indexedAt === "string" ? Date.parse(value.indexedAt) : Number.NaN;
  if (Number.isNaN(createdMs) && Number.isNaN(indexedMs)) throw fail(`neither "record.createdAt" nor "indexedAt" is a date`);
  const sortAtMs = Number.isNaN(createdMs) ? indexedMs : Number.isNaN(indexedMs) ? createdMs : Math.min(createdMs, indexedMs);

  // "handle.invalid" means the handle no longer verifies; the DID still identifies the author.
  const profile = author.handle === "handle.invalid" || author.handle === "" ? author.did : author.handle;
  const draft: MentionDraft = {
    externalId: uri,
    text: record.text.trim(),
    channel: "social",
    url: `${BLUESKY_WEB_ORIGIN}/profile/${profile}/post/${parts[3]}`,
    author: profile,
    publishedAt: new Date(Number.isNaN(createdMs) ? indexedMs : createdMs),
    raw: truncate(JSON.stringify(value)),
  };
  const lang = Array.isArray(record.langs) ? toLangCode(record.langs[0]) : undefined;
  if (lang) draft.lang = lang;
  // app.bsky.feed.post#replyRef: { root, parent } strong refs.
  const parent = isObject(record.reply) && isObject(record.reply.parent) ? record.reply.parent.uri : undefined;
  if (typeof parent === "string" && parent.startsWith("at://")) draft.inReplyTo = parent;
  return { uri, sortAtMs, draft };
}

/** BCP-47 "en", "en-US", "pt-BR" → ISO 639-1 "en", "pt"; three-letter and other tags → undefined. */
function toLangCode(tag: unknown): string | undefined {
  if (typeof tag !== "string") return undefined;
  return /^([a-z]{2})(?:-[a-z0-9]+)*$/iu.exec(tag.trim())?.[1]?.toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value.slice(0, 60)}"` : typeof value === "object" ? "an object" : typeof value;
}

function truncate(text: string): string {
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}
