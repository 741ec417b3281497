import { ParseError } from "../../core/errors.js";
import type { MentionDraft } from "../../core/mention.js";
import { htmlToText } from "../../text/html.js";
import type { ItemError } from "../types.js";
import type { HnSearchHit, HnSearchResponse } from "./wire.js";
import { toRawJson } from "../raw-payload.js";

/** `raw` snippets are cut to this many characters. */
/** Where a human reads an item; the API host (`baseUrl`) is not it. */
export const HN_ITEM_URL = "https://news.ycombinator.com/item?id=";

export interface HnHit {
  /** HN item id. */
  id: string;
  type: "story" | "comment";
  /** Epoch seconds. */
  createdAtI: number;
  author?: string;
  /** Story title (stories only). */
  title?: string;
  /** Plain text of `story_text` / `comment_text` ("" for a link-only story). */
  text: string;
  /** The story's own link (stories) or the thread's story link (comments). */
  link?: string;
  /** The thread's title (comments only). */
  storyTitle?: string;
  /** The item a comment answers (comments only). */
  parentId?: string;
  /** The hit's JSON without `_highlightResult`, cut to MAX_RAW_CHARS (raw-payload.ts). */
  raw: string;
}

export interface HnSearchPage {
  hits: HnHit[];
  itemErrors: ItemError[];
  /** Hits matching query and filters, including those beyond the paging cap. */
  nbHits: number;
  /** Reachable pages (0 when nothing matched). */
  nbPages: number;
  /** Hits in this response, unreadable ones included. */
  hitCount: number;
}

/**
 * Parses one `search_by_date` response. Throws ParseError (naming `sourceName` and `item`) when
 * the body is not a search response; an unreadable hit becomes an item error.
 */
export function parseSearchPage(body: string, sourceName: string, item: string): HnSearchPage {
  const fail = (detail: string, cause?: unknown) => new ParseError({ source: sourceName, item, detail }, { cause });
  if (body.trimStart().startsWith("<")) throw fail("expected JSON but got HTML (a block or error page?)");
  let response: unknown;
  try {
    response = JSON.parse(body);
  } catch (error) {
    throw fail(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (!isObject(response)) throw fail("not a search response: not a JSON object");
  const { hits, nbHits, nbPages } = response as HnSearchResponse;
  if (!Array.isArray(hits)) throw fail('not a search response: "hits" is not a list');
  if (!isCount(nbHits)) throw fail('"nbHits" is not a count');
  const page: HnSearchPage = { hits: [], itemErrors: [], nbHits, nbPages: isCount(nbPages) ? nbPages : hits.length > 0 ? 1 : 0, hitCount: hits.length };
  hits.forEach((value, index) => {
    const result = toHit(value);
    if (typeof result === "string") {
      const id = isObject(value) ? idOf((value as HnSearchHit).objectID) : undefined;
      page.itemErrors.push({ item: id ? `item ${id}` : `${item} hit #${index + 1}`, message: `${sourceName}: cannot parse hit: ${result}`, raw: toRawJson(value) });
    } else {
      page.hits.push(result);
    }
  });
  return page;
}

function toHit(value: unknown): HnHit | string {
  if (!isObject(value)) return "hit is not an object";
  const hit = value as HnSearchHit;
  const id = idOf(hit.objectID);
  if (!id) return '"objectID" is missing';
  const createdAtI = toEpochSeconds(hit.created_at_i, hit.created_at);
  if (createdAtI === undefined) return '"created_at_i" is not a time';
  const tags = Array.isArray(hit._tags) ? hit._tags : [];
  const type = tags.includes("comment") || (!tags.includes("story") && typeof hit.comment_text === "string") ? "comment" : "story";
  const html = type === "comment" ? hit.comment_text : hit.story_text;
  if (html !== null && html !== undefined && typeof html !== "string") return `"${type}_text" is not text`;
  const out: HnHit = { id, type, createdAtI, text: html ? htmlToText(html) : "", raw: toRawJson(withoutHighlights(hit)) };
  const author = nonEmpty(hit.author);
  if (author) out.author = author;
  const parentId = type === "comment" ? idOf(hit.parent_id) : undefined;
  if (parentId) out.parentId = parentId;
  if (type === "story") {
    const title = nonEmpty(hit.title);
    if (title) out.title = title;
    const link = httpUrl(hit.url);
    if (link) out.link = link;
  } else {
    const storyTitle = nonEmpty(hit.story_title);
    if (storyTitle) out.storyTitle = storyTitle;
    const link = httpUrl(hit.story_url);
    if (link) out.link = link;
  }
  return out;
}

/** `created_at_i` (epoch seconds), else `created_at` (ISO), else undefined. */
function toEpochSeconds(epoch: unknown, iso: unknown): number | undefined {
  if (typeof epoch === "number" && Number.isInteger(epoch) && epoch > 0) return epoch;
  if (typeof iso === "string") {
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms) && /^\d{4}-\d{2}-\d{2}T/.test(iso)) return Math.floor(ms / 1000);
  }
  return undefined;
}

export interface ToMentionOptions {
  matchedTerm?: string;
}

/** Stories and comments become `forum` mentions linking to the HN item page. */
export function toMention(hit: HnHit, options: ToMentionOptions = {}): MentionDraft {
  const mention: MentionDraft = {
    externalId: hit.id,
    url: `${HN_ITEM_URL}${hit.id}`,
    text: hit.text,
    publishedAt: new Date(hit.createdAtI * 1000),
    channel: "forum",
    raw: hit.raw,
  };
  if (hit.author) mention.author = hit.author;
  if (hit.title) mention.title = hit.title;
  if (hit.parentId) mention.inReplyTo = hit.parentId;
  if (options.matchedTerm) mention.matchedTerm = options.matchedTerm;
  return mention;
}

/** What the relevance filter reads: the hit's own words, its link, and for comments the thread title. */
export function toSearchableText(hit: HnHit): string {
  return [hit.title, hit.text, hit.storyTitle, hit.link].filter((s) => s !== undefined && s !== "").join("\n");
}

function withoutHighlights(hit: HnSearchHit): Record<string, unknown> {
  const { _highlightResult: _ignored, ...rest } = hit as Record<string, unknown>;
  return rest;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return String(value);
  return typeof value === "string" && /^\d+$/.test(value.trim()) ? value.trim() : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function httpUrl(value: unknown): string | undefined {
  const s = nonEmpty(value);
  return s && /^https?:\/\//i.test(s) ? s : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
