import { ParseError } from "../../core/errors.js";
import type { MentionDraft } from "../../core/mention.js";
import type { ItemError } from "../types.js";
import type { AppStoreDocument, AppStoreEntry, AppStoreLabel } from "./wire.js";
import { toRawJson } from "../raw-payload.js";

/** `raw` snippets are cut to this many characters. */

/** One customer review, reduced to what earshot keeps. */
export interface AppStoreReview {
  /** Apple's review id (`id.label`), digits. */
  id: string;
  author?: string;
  title?: string;
  /** `content.label`, plain text ("" when Apple sent no body). */
  text: string;
  /** `im:rating`, 1–5. */
  rating: number;
  /** `im:version`: the app version the review was written against. */
  version?: string;
  /** `updated`: when the review was written or last edited. */
  updatedAt: Date;
  /** `link.attributes.href`: the app's review page in that storefront. */
  url?: string;
  /** The entry's JSON, cut to MAX_RAW_CHARS (raw-payload.ts). */
  raw: string;
}

export interface ReviewPage {
  /** Reviews in feed order (newest first). */
  reviews: AppStoreReview[];
  /** Entries that were not reviews earshot could read. */
  itemErrors: ItemError[];
  /** Entries on the page, app-metadata entry and unreadable ones included: 0 means past the last page. */
  entryCount: number;
}

/**
 * Parses one page of the customer-reviews JSON feed. Throws ParseError (naming `sourceName` and
 * `item`, e.g. "page 3") when the body is not that feed at all; one unreadable entry becomes an
 * item error and the rest are kept.
 */
export function parseReviewPage(body: string, sourceName: string, item: string): ReviewPage {
  const fail = (detail: string, cause?: unknown) => new ParseError({ source: sourceName, item, detail }, { cause });
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const first = text.trimStart()[0];
  // Apple answers unknown storefronts and outages with an HTML page, sometimes with status 200.
  if (first === "<") throw fail("expected the JSON reviews feed but got HTML or XML (unknown country, or a block page?)");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw fail(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (!isObject(document) || !isObject((document as AppStoreDocument).feed)) throw fail('not a reviews feed: no "feed" object');
  const entries = toEntryList((document as AppStoreDocument).feed!.entry);
  if (entries === undefined) throw fail('"feed.entry" is neither a list nor an object');

  const page: ReviewPage = { reviews: [], itemErrors: [], entryCount: entries.length };
  entries.forEach((entry, index) => {
    const result = toReview(entry);
    if (result === "metadata") return;
    if (typeof result === "string") {
      const id = isObject(entry) ? labelOf((entry as AppStoreEntry).id) : undefined;
      page.itemErrors.push({ item: id ? `review ${id}` : `${item} entry #${index + 1}`, message: `${sourceName}: cannot parse review: ${result}`, raw: toRawJson(entry) });
      return;
    }
    page.reviews.push(result);
  });
  return page;
}

/** Apple's three spellings of a list: an array, a lone object for one entry, nothing for none. */
function toEntryList(entry: unknown): unknown[] | undefined {
  if (entry === undefined || entry === null) return [];
  if (Array.isArray(entry)) return entry;
  if (isObject(entry)) return [entry];
  return undefined;
}

/** A review, "metadata" for the app entry older feeds put first, or the reason it is unusable. */
function toReview(value: unknown): AppStoreReview | "metadata" | string {
  if (!isObject(value)) return "entry is not an object";
  const entry = value as AppStoreEntry;
  // Older feeds open with the app itself (im:name, im:artist, im:image…) and no rating.
  if (entry["im:name"] !== undefined && entry["im:rating"] === undefined) return "metadata";
  const id = labelOf(entry.id);
  if (!id) return '"id.label" is missing';
  const ratingLabel = labelOf(entry["im:rating"]);
  if (ratingLabel === undefined || !/^[1-5]$/.test(ratingLabel)) return `"im:rating" is ${ratingLabel === undefined ? "missing" : `"${ratingLabel}", not 1–5`}`;
  const updatedLabel = labelOf(entry.updated);
  const updatedAt = parseFeedDate(updatedLabel);
  if (!updatedAt) return `"updated" is ${updatedLabel === undefined ? "missing" : `"${updatedLabel}", not a date`}`;
  const content = contentOf(entry.content);
  if (content === null) return '"content.label" is not text';

  const review: AppStoreReview = { id, text: content, rating: Number(ratingLabel), updatedAt, raw: toRawJson(entry) };
  const author = labelOf(entry.author?.name);
  if (author) review.author = author;
  const title = labelOf(entry.title);
  if (title) review.title = title;
  const version = labelOf(entry["im:version"]);
  if (version) review.version = version;
  const url = linkOf(entry.link);
  if (url) review.url = url;
  return review;
}

/** The text body: the `type: "text"` variant when a list holds text and html; null when not a string. */
function contentOf(content: AppStoreEntry["content"]): string | null {
  if (content === undefined) return "";
  const candidates = Array.isArray(content) ? content : [content];
  const chosen = candidates.find((c) => isObject(c) && isObject(c.attributes) && c.attributes.type === "text") ?? candidates[0];
  if (!isObject(chosen)) return null;
  const label = (chosen as AppStoreLabel).label;
  if (label === undefined) return "";
  return typeof label === "string" ? label.trim() : null;
}

function linkOf(link: AppStoreEntry["link"]): string | undefined {
  const links = Array.isArray(link) ? link : link === undefined ? [] : [link];
  for (const candidate of links) {
    const href = isObject(candidate) && isObject(candidate.attributes) ? candidate.attributes.href : undefined;
    if (typeof href === "string" && /^https?:\/\//i.test(href)) return href;
  }
  return undefined;
}

/** `{"label": "…"}` → trimmed string; numbers are accepted because some mirrors unwrap them. */
function labelOf(value: AppStoreLabel | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const label = value.label;
  if (typeof label === "number" && Number.isFinite(label)) return String(label);
  if (typeof label !== "string") return undefined;
  const trimmed = label.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** `updated` is RFC 3339 with a numeric offset ("2023-02-01T05:06:45-07:00", Apple's Cupertino time). */
function parseFeedDate(value: string | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface ToMentionOptions {
  /** ISO 639-1 code stamped on the mention (Apple does not state a review's language). */
  lang?: string;
  matchedTerm?: string;
}

export function toMention(review: AppStoreReview, options: ToMentionOptions = {}): MentionDraft {
  const mention: MentionDraft = {
    externalId: review.id,
    text: review.text,
    rating: review.rating,
    ratingScale: 5,
    publishedAt: review.updatedAt,
    channel: "app_store",
    raw: review.raw,
  };
  if (review.url) mention.url = review.url;
  if (review.author) mention.author = review.author;
  if (review.title) mention.title = review.title;
  if (review.version) mention.appVersion = review.version;
  if (options.lang) mention.lang = options.lang;
  if (options.matchedTerm) mention.matchedTerm = options.matchedTerm;
  return mention;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
