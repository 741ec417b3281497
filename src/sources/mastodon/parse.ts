import { ParseError } from "../../core/errors.js";
import { parseJsonBody } from "../json-body.js";
import type { MentionDraft } from "../../core/mention.js";
import { htmlToText } from "../../text/html.js";
import type { ItemError } from "../types.js";
import type { MastodonStatus } from "./wire.js";

/** `raw` and ItemError snippets are cut to this many characters. */
export const MAX_RAW_CHARS = 16 * 1024;

/** One status, reduced to what paging and the relevance filter need. */
export interface MastodonItem {
  /** Instance-local id of the status as listed (the boost's id for boosts): the paging key. */
  id: string;
  createdMs: number;
  /** Hashtag names without "#", lower-cased. */
  tags: string[];
  draft: MentionDraft;
}

/**
 * Parses a timeline body (GET /api/v1/timelines/tag/:hashtag): a JSON array of statuses. Throws
 * ParseError naming `source` for anything else: invalid or truncated JSON (the docs' own timeline
 * examples elide items with `// ...` and are exactly that), an HTML page, or an `Error` entity.
 */
export function parseMastodonTimeline(body: string, source: string): unknown[] {
  const value = parseJsonBody(body, source);
  if (!Array.isArray(value)) throw new ParseError({ source, detail: `expected a JSON array of statuses, got ${describeBody(value)}` });
  return value;
}

/** Parses GET /api/v2/search: a `Search` object whose `statuses` are returned. */
export function parseMastodonSearch(body: string, source: string): unknown[] {
  const value = parseJsonBody(body, source);
  if (!isObject(value) || !Array.isArray(value.statuses)) {
    throw new ParseError({ source, detail: `expected a Search object with a statuses array, got ${describeBody(value)}` });
  }
  return value.statuses;
}

/** Maps statuses to items; one unusable status becomes an ItemError and the rest are kept. */
export function toMastodonItems(statuses: readonly unknown[], source: string, host: string): { items: MastodonItem[]; itemErrors: ItemError[] } {
  const items: MastodonItem[] = [];
  const itemErrors: ItemError[] = [];
  statuses.forEach((status, index) => {
    try {
      items.push(toMastodonItem(status, source, host, index));
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      itemErrors.push({ item: error.item ?? `status ${index}`, message: error.message, raw: truncate(JSON.stringify(status) ?? String(status)) });
    }
  });
  return { items, itemErrors };
}

/**
 * One status → item. A boost is read through to the boosted status (its text, author, uri), so
 * the same post boosted twice is one mention; paging still uses the listed id.
 * `host` completes local handles ("nordvik_fan" → "nordvik_fan@mastodon.social").
 */
export function toMastodonItem(value: unknown, source: string, host: string, index = 0): MastodonItem {
  if (!isObject(value)) throw new ParseError({ source, item: `status ${index}`, detail: `is ${describe(value)}, not a Status object` });
  const id = typeof value.id === "string" && value.id !== "" ? value.id : typeof value.id === "number" ? String(value.id) : undefined;
  const item = id ? `status ${id}` : `status ${index}`;
  const fail = (detail: string) => new ParseError({ source, item, detail });
  if (!id) throw fail(`"id" is ${describe(value.id)}`);
  const status = isObject(value.reblog) ? value.reblog : value;
  const where = status === value ? "" : "reblog.";
  const createdMs = typeof status.created_at === "string" ? Date.parse(status.created_at) : Number.NaN;
  if (Number.isNaN(createdMs)) throw fail(`"${where}created_at" is ${describe(status.created_at)}, not a date`);
  if (typeof status.uri !== "string" || status.uri === "") throw fail(`"${where}uri" is ${describe(status.uri)}`);
  if (typeof status.content !== "string") throw fail(`"${where}content" is ${describe(status.content)}`);
  const account = status.account;
  if (!isObject(account) || typeof account.acct !== "string") throw fail(`"${where}account.acct" is ${describe(isObject(account) ? account.acct : account)}`);

  const draft: MentionDraft = { externalId: status.uri, text: htmlToText(status.content), channel: "social", publishedAt: new Date(createdMs) };
  const url = typeof status.url === "string" && status.url !== "" ? status.url : status.uri.startsWith("http") ? status.uri : undefined;
  if (url) draft.url = url;
  if (typeof status.spoiler_text === "string" && status.spoiler_text.trim() !== "") draft.title = status.spoiler_text.trim();
  const lang = toLangCode(status.language);
  if (lang) draft.lang = lang;
  if (account.acct !== "") draft.author = account.acct.includes("@") ? account.acct : `${account.acct}@${host}`;
  draft.raw = truncate(JSON.stringify(value));
  const tags = Array.isArray(status.tags) ? status.tags.flatMap((tag) => (isObject(tag) && typeof tag.name === "string" ? [tag.name.toLowerCase()] : [])) : [];
  return { id, createdMs, tags, draft };
}

/**
 * RFC 8288 Link header → rel → URL. Mastodon pages timelines with `rel="next"` (older, `max_id`)
 * and `rel="prev"` (newer, `min_id`) (docs `api/guidelines.md#pagination`).
 */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/gu)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/iu.exec(match[2] ?? "")?.[1];
    if (rel) for (const name of rel.trim().split(/\s+/u)) links[name.toLowerCase()] ??= match[1] ?? "";
  }
  return links;
}

/** Orders Mastodon ids: numeric ids by value (longer is larger), others (flake ids, ULIDs) as strings. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/u.test(a) && /^\d+$/u.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "en", "en-GB", "pt_BR" → "en", "pt"; anything else → undefined. */
function toLangCode(language: unknown): string | undefined {
  if (typeof language !== "string") return undefined;
  const code = /^([a-z]{2})(?:[-_][a-z0-9]+)*$/iu.exec(language.trim())?.[1];
  return code?.toLowerCase();
}

function describeBody(value: unknown): string {
  // The Error entity: `{"error": "Record not found"}` (entities/Error.md).
  if (isObject(value) && typeof value.error === "string") return `an error: "${value.error.slice(0, 200)}"`;
  return describe(value);
}

function isObject(value: unknown): value is Record<string, unknown> & Partial<Record<keyof MastodonStatus, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value.slice(0, 40)}"` : typeof value === "object" ? "an object" : typeof value;
}

function truncate(text: string): string {
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}
