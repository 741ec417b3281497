import { ParseError } from "../../core/errors.js";
import type { MentionDraft } from "../../core/mention.js";
import type { ItemError } from "../types.js";
import { GOOGLE_PLAY_REVIEW as AT, GOOGLE_PLAY_SORT, type GooglePlayEnvelope } from "./wire.js";
import { toRawJson } from "../raw-payload.js";

/** The RPC id of "list reviews" in Play's web client. */
export const REVIEWS_RPC_ID = "UsvDTd";
/** `raw` snippets are cut to this many characters. */
/** Where a human reads a review; the RPC host (`baseUrl`) is not it. */
export const PLAY_STORE_WEB = "https://play.google.com";
/** The anti-XSSI prefix every batchexecute answer starts with. */
const XSSI_PREFIX = ")]}'";

export interface GooglePlayReviewItem {
  id: string;
  author?: string;
  /** Plain text; "" for a star rating without words. */
  text: string;
  /** 1–5. */
  rating: number;
  /** Time of the review's last edit. */
  at: Date;
  /** App version the review was written against. */
  version?: string;
  /** The review tuple as JSON, cut to MAX_RAW_CHARS (raw-payload.ts). */
  raw: string;
  /** The developer's response (position 7), when there is one. */
  reply?: { text: string; at: Date };
}

export interface ReviewsPage {
  /** Newest first, as requested. */
  reviews: GooglePlayReviewItem[];
  itemErrors: ItemError[];
  /** Token for the next (older) page; absent on the last page. */
  nextToken?: string;
  /** Review tuples in the answer, unreadable ones included. */
  reviewCount: number;
}

export interface ReviewsRequest {
  appId: string;
  /** Reviews per call; Play accepts up to 199. */
  count: number;
  /** `nextToken` of the previous page. */
  token?: string;
}

/** The form fields of one UsvDTd call, newest first: `f.req` holds the batch as JSON. */
export function toReviewsForm(request: ReviewsRequest): Record<string, string> {
  const inner = [null, null, [2, GOOGLE_PLAY_SORT.newest, [request.count, null, request.token ?? null], null, []], [request.appId, 7]];
  const outer = [[[REVIEWS_RPC_ID, JSON.stringify(inner), null, "generic"]]];
  return { "f.req": JSON.stringify(outer) };
}

/**
 * Parses a batchexecute answer carrying one UsvDTd call into reviews and the next-page token.
 * Throws ParseError (naming `sourceName` and `item`) when the answer is not batchexecute, holds
 * no UsvDTd envelope, or carries an RPC error; one unreadable review becomes an item error.
 */
export function parseReviewsAnswer(body: string, sourceName: string, item: string): ReviewsPage {
  const fail = (detail: string, cause?: unknown) => new ParseError({ source: sourceName, item, detail }, { cause });
  const payload = findRpcPayload(parseEnvelopes(body, fail), REVIEWS_RPC_ID, fail);
  if (payload === null) return { reviews: [], itemErrors: [], reviewCount: 0 };
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch (error) {
    throw fail(`${REVIEWS_RPC_ID} payload is not JSON: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  // An app with no reviews in this language answers null or an empty list.
  if (data === null) return { reviews: [], itemErrors: [], reviewCount: 0 };
  if (!Array.isArray(data)) throw fail(`${REVIEWS_RPC_ID} payload is not a list`);
  const list: unknown = data[0] ?? [];
  if (!Array.isArray(list)) throw fail(`${REVIEWS_RPC_ID} payload[0] (the reviews) is not a list`);

  const page: ReviewsPage = { reviews: [], itemErrors: [], reviewCount: list.length };
  list.forEach((tuple, index) => {
    const result = toReviewItem(tuple);
    if (typeof result === "string") {
      const id = Array.isArray(tuple) && typeof tuple[AT.id] === "string" ? (tuple[AT.id] as string) : undefined;
      page.itemErrors.push({ item: id ? `review ${id}` : `${item} review #${index + 1}`, message: `${sourceName}: cannot parse review: ${result}`, raw: toRawJson(tuple) });
    } else {
      page.reviews.push(result);
    }
  });
  // The token sits at payload[1][1]; the last page has no payload[1] (or a null there).
  const pager: unknown = data[1];
  const token = Array.isArray(pager) ? pager[1] : undefined;
  if (typeof token === "string" && token !== "") page.nextToken = token;
  return page;
}

/**
 * The envelopes of an answer, in either framing: one JSON array after the prefix, or (`rt=c`)
 * a length line before each JSON line. The declared lengths are not trusted (they count UTF-16
 * units on some servers, bytes on others): each chunk is one line because JSON escapes newlines.
 */
export function parseEnvelopes(body: string, fail: (detail: string, cause?: unknown) => ParseError): GooglePlayEnvelope[] {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (!text.startsWith(XSSI_PREFIX)) {
    const hint = text.trimStart().startsWith("<") ? " (an HTML consent, sign-in or block page?)" : "";
    throw fail(`not a batchexecute answer: it does not start with )]}'${hint}`);
  }
  const rest = text.slice(XSSI_PREFIX.length);
  const lines = rest.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  const chunked = lines.length > 0 && /^\d+$/.test(lines[0]!);
  const jsonParts = chunked ? lines.filter((line) => !/^\d+$/.test(line)) : [rest];
  const envelopes: GooglePlayEnvelope[] = [];
  for (const part of jsonParts) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(part);
    } catch (error) {
      throw fail(`batchexecute ${chunked ? "chunk" : "body"} is not JSON: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    if (!Array.isArray(parsed)) throw fail(`batchexecute ${chunked ? "chunk" : "body"} is not a list of envelopes`);
    for (const envelope of parsed) if (Array.isArray(envelope)) envelopes.push(envelope);
  }
  return envelopes;
}

/** The payload string of `rpcId`'s `wrb.fr` envelope; null when the call succeeded with no payload. */
function findRpcPayload(envelopes: readonly GooglePlayEnvelope[], rpcId: string, fail: (detail: string) => ParseError): string | null {
  const envelope = envelopes.find((e) => e[0] === "wrb.fr" && e[1] === rpcId);
  if (!envelope) {
    // ["er", …] lines report a failed batch as a whole.
    const error = envelopes.find((e) => e[0] === "er");
    throw fail(error ? `batchexecute error ${JSON.stringify(error).slice(0, 200)}` : `no "${rpcId}" answer in the batch`);
  }
  const payload = envelope[2];
  if (typeof payload === "string") return payload;
  const error = envelope[5];
  // A null payload with an error slot (e.g. [3] for a bad argument, [5] for a missing app) is a failed call.
  if (error !== null && error !== undefined) throw fail(`${rpcId} failed with error ${JSON.stringify(error).slice(0, 200)} (unknown app id, or the request format changed?)`);
  if (payload === null || payload === undefined) return null;
  throw fail(`${rpcId} payload is neither a string nor null`);
}

function toReviewItem(tuple: unknown): GooglePlayReviewItem | string {
  if (!Array.isArray(tuple)) return "review is not a list";
  const id = tuple[AT.id];
  if (typeof id !== "string" || id.trim() === "") return "id (position 0) is missing";
  const score = tuple[AT.score];
  if (typeof score !== "number" || !Number.isInteger(score) || score < 1 || score > 5) return `stars (position 2) are ${JSON.stringify(score) ?? "missing"}, not 1–5`;
  const at = toDate(tuple[AT.at]);
  if (!at) return `time (position 5) is ${JSON.stringify(tuple[AT.at]) ?? "missing"}, not [seconds, nanos]`;
  const text = tuple[AT.text];
  if (text !== null && text !== undefined && typeof text !== "string") return "text (position 4) is not a string";
  const review: GooglePlayReviewItem = { id: id.trim(), text: typeof text === "string" ? text.trim() : "", rating: score, at, raw: toRawJson(tuple) };
  const author = Array.isArray(tuple[AT.author]) ? (tuple[AT.author] as unknown[])[0] : undefined;
  if (typeof author === "string" && author.trim() !== "") review.author = author.trim();
  // Position 7 is `[null, text, [epochSeconds, nanos]]` (google-play-scraper reads replyText
  // [7,1] and replyDate [7,2]); a reply without a readable time is left out rather than guessed.
  const reply = tuple[AT.reply];
  if (Array.isArray(reply)) {
    const replyAt = toDate(reply[2]);
    if (replyAt && typeof reply[1] === "string") review.reply = { text: reply[1].trim(), at: replyAt };
  }
  const version = tuple[AT.version];
  if (typeof version === "string" && version.trim() !== "") review.version = version.trim();
  return review;
}

/** `[epochSeconds, nanos]` → Date (millisecond precision). */
function toDate(value: unknown): Date | undefined {
  if (!Array.isArray(value)) return undefined;
  const [seconds, nanos] = value as unknown[];
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds <= 0) return undefined;
  const extraMs = typeof nanos === "number" && nanos >= 0 && nanos < 1e9 ? Math.floor(nanos / 1e6) : 0;
  return new Date(seconds * 1000 + extraMs);
}

export interface ToMentionOptions {
  appId: string;
  /** ISO 639-1 code of the `hl` the review was listed under. */
  lang?: string;
  matchedTerm?: string;
}

export function toMention(review: GooglePlayReviewItem, options: ToMentionOptions): MentionDraft {
  const mention: MentionDraft = {
    externalId: review.id,
    url: `${PLAY_STORE_WEB}/store/apps/details?id=${encodeURIComponent(options.appId)}&reviewId=${encodeURIComponent(review.id)}`,
    text: review.text,
    rating: review.rating,
    ratingScale: 5,
    publishedAt: review.at,
    channel: "app_store",
    raw: review.raw,
  };
  if (review.author) mention.author = review.author;
  if (review.version) mention.appVersion = review.version;
  // Play shows one developer response per review; its page has no id of its own.
  if (review.reply) mention.replies = [{ externalId: "developer-response", byOwner: {}, text: review.reply.text, publishedAt: review.reply.at, url: mention.url! }];
  if (options.lang) mention.lang = options.lang;
  if (options.matchedTerm) mention.matchedTerm = options.matchedTerm;
  return mention;
}

