import { createHash } from "node:crypto";
import type { CheerioAPI } from "cheerio";
import { ParseError } from "../../core/errors.js";
import type { Channel, MentionDraft } from "../../core/mention.js";
import type { MarkupNode } from "../../text/html.js";
import type { ItemError } from "../types.js";
import type { EmbeddedConfig } from "./config.js";
import { collapse, extractMarkup, MAX_DEPTH, textOf, type MarkupRoot } from "./extract.js";
import type { MarkupSyntax, SchemaNode, SchemaRating, SchemaReview, SchemaValue } from "./wire.js";
import type { ReplyDraft } from "../../core/response.js";

/** `raw` snippets are cut to this many characters. */
export const MAX_RAW_CHARS = 64 * 1024;

/** A Review found in the page's markup, with what it is about. */
export interface FoundReview {
  syntax: MarkupSyntax;
  node: SchemaReview;
  /** The item it reviews: the node it is nested in, or its resolved `itemReviewed`. */
  item?: SchemaNode;
  /** Original payload for `raw` (the embedded entry as the app shipped it). */
  original?: unknown;
}

export interface FoundAggregate {
  syntax: MarkupSyntax;
  node: SchemaRating;
  item?: SchemaNode;
}

export interface PageReviews {
  reviews: FoundReview[];
  aggregates: FoundAggregate[];
  itemErrors: ItemError[];
  title?: string;
  lang?: string;
  /** Every structured-data block or item of the page failed: the page as a whole is unusable. */
  allBlocksFailed: boolean;
}

/**
 * Finds every schema.org Review and AggregateRating in a page: JSON-LD (objects, arrays,
 * `@graph`, `{"@id"}` references), microdata, RDFa, and the configured embedded JSON.
 * Throws ParseError only when the configured embedded JSON is missing or unusable.
 */
export function findReviews($: CheerioAPI, source: string, embedded?: EmbeddedConfig): PageReviews {
  const markup = extractMarkup($, source);
  const found = walkRoots(markup.roots, source, markup.itemErrors);
  if (embedded) found.reviews.push(...findEmbeddedReviews($, embedded, source));
  const page: PageReviews = {
    ...found,
    itemErrors: markup.itemErrors,
    allBlocksFailed: markup.itemErrors.length > 0 && markup.roots.every((r) => r.value === null) && found.reviews.length === 0,
  };
  if (markup.title) page.title = markup.title;
  if (markup.lang) page.lang = markup.lang;
  return page;
}

const REVIEW_PROPS = new Set(["review", "reviews"]);
const AGGREGATE_PROPS = new Set(["aggregateRating"]);

function typesOf(node: SchemaNode): string[] {
  const type = node["@type"];
  const list = Array.isArray(type) ? type : type === undefined ? [] : [type];
  return list.filter((t): t is string => typeof t === "string").map((t) => t.slice(Math.max(t.lastIndexOf("/"), t.lastIndexOf(":"), t.lastIndexOf("#")) + 1));
}

function isObject(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Iterative walk over every node, bounded by MAX_DEPTH. A node typed Review (or a subtype:
 * UserReview, CriticReview, EmployerReview…) is a review; AggregateRating likewise. A review's
 * item is the node whose `review` property holds it, else its `itemReviewed` (resolved by `@id`).
 */
function walkRoots(roots: readonly MarkupRoot[], source: string, itemErrors: ItemError[]): Pick<PageReviews, "reviews" | "aggregates"> {
  const reviews: FoundReview[] = [];
  const aggregates: FoundAggregate[] = [];
  const byId = new Map<string, SchemaNode>();
  /** `{"@id": x}` held in a review/aggregateRating property: x's item is the holder. */
  const heldBy = new Map<string, SchemaNode>();

  type Frame = { value: unknown; depth: number; holder?: SchemaNode; prop?: string };
  for (const root of roots) {
    let tooDeep = false;
    const stack: Frame[] = [{ value: root.value, depth: 0 }];
    while (stack.length > 0) {
      const { value, depth, holder, prop } = stack.pop()!;
      if (depth > MAX_DEPTH) {
        tooDeep = true;
        continue;
      }
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, ...(holder ? { holder } : {}), ...(prop ? { prop } : {}) });
        continue;
      }
      if (!isObject(value)) continue;
      const id = typeof value["@id"] === "string" ? value["@id"] : undefined;
      const keys = Object.keys(value);
      if (id && keys.length === 1) {
        if (holder && prop && (REVIEW_PROPS.has(prop) || AGGREGATE_PROPS.has(prop))) heldBy.set(id, holder);
        continue;
      }
      if (id && !byId.has(id)) byId.set(id, value);
      const types = typesOf(value);
      const nestedIn = holder && prop && (REVIEW_PROPS.has(prop) || AGGREGATE_PROPS.has(prop)) ? holder : undefined;
      if (types.some((t) => t.endsWith("Review"))) reviews.push({ syntax: root.syntax, node: value as SchemaReview, ...(nestedIn ? { item: nestedIn } : {}) });
      else if (types.includes("AggregateRating")) aggregates.push({ syntax: root.syntax, node: value as SchemaRating, ...(nestedIn ? { item: nestedIn } : {}) });
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (key === "@context") continue;
        stack.push({ value: value[key], depth: depth + 1, holder: value, prop: key });
      }
    }
    if (tooDeep) itemErrors.push({ item: root.origin, message: `${source}: ${root.origin} nests deeper than ${MAX_DEPTH} levels; the deeper nodes were ignored` });
  }

  const resolveItem = (found: { node: SchemaNode; item?: SchemaNode }): void => {
    if (found.item) return;
    const id = typeof found.node["@id"] === "string" ? found.node["@id"] : undefined;
    const holder = id ? heldBy.get(id) : undefined;
    if (holder) {
      found.item = holder;
      return;
    }
    const reviewed = firstOf(found.node.itemReviewed as SchemaValue | undefined);
    if (isObject(reviewed)) {
      const target = typeof reviewed["@id"] === "string" ? byId.get(reviewed["@id"]) : undefined;
      found.item = target ?? reviewed;
    } else if (typeof reviewed === "string") {
      found.item = { name: reviewed };
    }
  };
  reviews.forEach(resolveItem);
  aggregates.forEach(resolveItem);
  return { reviews, aggregates };
}

/**
 * Reviews from app state embedded as JSON (`__NEXT_DATA__`), mapped field by field onto a
 * schema.org-shaped Review so one normaliser serves every syntax.
 */
function findEmbeddedReviews($: CheerioAPI, embedded: EmbeddedConfig, source: string): FoundReview[] {
  const where = `embedded JSON ${embedded.selector}`;
  const el = $(embedded.selector).first()[0] as unknown as MarkupNode | undefined;
  if (!el) throw new ParseError({ source, item: where, detail: "no element matches the selector (has the page changed?)" });
  let data: unknown;
  try {
    data = JSON.parse(textOf(el));
  } catch (error) {
    throw new ParseError({ source, item: where, detail: `invalid JSON (${error instanceof Error ? error.message : String(error)})` }, { cause: error });
  }
  const list = valueAt(data, embedded.path);
  if (!Array.isArray(list)) throw new ParseError({ source, item: `${where} ${embedded.path}`, detail: `is ${list === undefined ? "missing" : typeof list}, not an array of reviews` });
  const { fields } = embedded;
  return list.map((entry): FoundReview => {
    const get = (field: keyof typeof fields): unknown => (fields[field] === undefined ? undefined : valueAt(entry, fields[field]!));
    const node: SchemaReview = { "@type": "Review" };
    const assign = (key: string, value: unknown): void => {
      if (value !== undefined && value !== null) node[key] = value as SchemaValue;
    };
    const id = get("id");
    if (typeof id === "string" || typeof id === "number") node["@id"] = String(id);
    assign("reviewBody", get("text"));
    assign("name", get("title"));
    assign("author", get("author"));
    assign("datePublished", get("date"));
    assign("url", get("url"));
    assign("inLanguage", get("lang"));
    const rating = get("rating");
    if (rating !== undefined && rating !== null) {
      node.reviewRating = { "@type": "Rating", ratingValue: rating as string | number, bestRating: (get("bestRating") as number | undefined) ?? embedded.bestRating, worstRating: (get("worstRating") as number | undefined) ?? embedded.worstRating };
    }
    return { syntax: "embedded", node, original: entry };
  });
}

/** Dotted path lookup; numeric segments index arrays (`queries.0.state.data`). */
export function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const part of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/u.test(part)) current = current[Number(part)];
    else if (isObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Mapping

export interface ReviewContext {
  source: string;
  /** The page the review was found on (resolves relative ids and URLs). */
  pageUrl: string;
  /** The walk's first page without its query: fragment-only ids (`#r1`) resolve against it, so a review keeps its id when it moves to page 2. */
  stableBase: string;
  channel: Channel;
  /** Config `lang`, which overrides everything. */
  lang?: string;
  /** `<html lang>`. */
  pageLang?: string;
  /** Position on the page, for the item label when the review has no id. */
  index: number;
}

/**
 * Maps a found review to a MentionDraft. Text values are kept verbatim (trimmed): schema.org
 * `reviewBody` is Text, not HTML, and hostile payloads must come out as the string that went in
 * (constructed-hostile xss/product-reviews-jsonld-and-microdata.html). Throws ParseError naming
 * the review when it has nothing to store or its rating cannot be read.
 */
export function toReviewMention(found: FoundReview, ctx: ReviewContext): MentionDraft {
  const { node } = found;
  const rawId = textValue(node["@id"] as SchemaValue | undefined) ?? textValue(node.url);
  const id = rawId ? resolveId(rawId, ctx) : undefined;
  const label = id ? `review ${id}` : `${found.syntax} review #${ctx.index}`;
  const fail = (detail: string): ParseError => new ParseError({ source: ctx.source, item: label, detail });

  const body = textValue(node.reviewBody) ?? textValue(node.description) ?? textValue(node.text as SchemaValue | undefined);
  const title = textValue(node.name) ?? textValue(node.headline as SchemaValue | undefined);
  let rating: { value: number; original: unknown } | undefined;
  try {
    rating = toStarRating(node.reviewRating);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  if (!body && !title && rating === undefined) throw fail("the review has no text, title or rating");

  const mention: MentionDraft = { externalId: "", text: body ?? "", channel: ctx.channel, raw: toRaw(found.original ?? node) };
  if (title) mention.title = title;
  const author = authorName(node.author);
  if (author) mention.author = author;
  const publishedAt = parseReviewDate(firstOf(node.datePublished) ?? firstOf(node.dateCreated as SchemaValue | undefined));
  if (publishedAt) mention.publishedAt = publishedAt;
  if (rating !== undefined) {
    mention.rating = rating.value;
    mention.ratingScale = 5;
  }
  const url = textValue(node.url);
  const absolute = url ? toHttpUrl(url, ctx.pageUrl) : undefined;
  if (absolute) mention.url = absolute;
  const lang = ctx.lang ?? toLangCode(languageOf(node.inLanguage)) ?? toLangCode(ctx.pageLang);
  if (lang) mention.lang = lang;
  mention.externalId = id ?? toReviewHash(author, publishedAt, body ?? title ?? "");
  const replies = toOwnerReplies(node.comment as SchemaValue | undefined, mention.externalId, absolute);
  if (replies.length > 0) mention.replies = replies;
  return mention;
}

/**
 * Responses under a review: schema.org `Review.comment` (a `Comment` with `author`, `text`,
 * `dateCreated`), which is how shops mark up the owner's answer. Every comment is reported with
 * its author's name; brand.accounts["review-page"] decides which are the owner's. A comment
 * without an author or a date cannot be credited or timed and is left out.
 */
function toOwnerReplies(value: SchemaValue | undefined, reviewId: string, reviewUrl: string | undefined): ReplyDraft[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const replies: ReplyDraft[] = [];
  for (const entry of list) {
    if (!isObject(entry)) continue;
    const author = authorName(entry.author as SchemaValue | undefined);
    const at = parseReviewDate(firstOf(entry.dateCreated as SchemaValue | undefined) ?? firstOf(entry.datePublished as SchemaValue | undefined));
    if (!author || !at) continue;
    const text = textValue(entry.text as SchemaValue | undefined) ?? textValue(entry.description as SchemaValue | undefined) ?? "";
    const id = textValue(entry["@id"] as SchemaValue | undefined) ?? `comment:${reviewId}:${toReviewHash(author, at, text)}`;
    replies.push({ externalId: id, author, text, publishedAt: at, ...(reviewUrl ? { url: reviewUrl } : {}) });
  }
  return replies;
}

/** Aggregate snapshot as a mention (config `aggregates: true`): one per item, rating and count. */
export function toAggregateMention(found: FoundAggregate, ctx: ReviewContext): MentionDraft | undefined {
  let rating: { value: number } | undefined;
  try {
    rating = toStarRating(found.node);
  } catch (error) {
    throw new ParseError({ source: ctx.source, item: `aggregateRating #${ctx.index}`, detail: error instanceof Error ? error.message : String(error) });
  }
  if (!rating) return undefined;
  const name = itemName(found.item) ?? ctx.pageUrl;
  const count = numberValue(found.node.ratingCount) ?? numberValue(found.node.reviewCount);
  const value = textValue(found.node.ratingValue);
  const best = textValue(found.node.bestRating) ?? "5";
  const text = `${name}: ${value}/${best}${count !== undefined ? ` from ${count} ratings` : ""}`;
  // A new count or value is a new snapshot; the same one seen again is not.
  const mention: MentionDraft = { externalId: `aggregate:${createHash("sha256").update(`${name}\n${value}\n${count ?? ""}`).digest("hex").slice(0, 32)}`, text, title: name, rating: rating.value, ratingScale: 5, channel: ctx.channel, raw: toRaw(found.node) };
  if (ctx.lang) mention.lang = ctx.lang;
  return mention;
}

/** Name of the reviewed item (and its brand), for the relevance filter and aggregate titles. */
export function itemName(item: SchemaNode | undefined): string | undefined {
  if (!item) return undefined;
  const name = textValue(item.name as SchemaValue | undefined);
  const brand = firstOf(item.brand as SchemaValue | undefined);
  const brandName = isObject(brand) ? textValue(brand.name as SchemaValue | undefined) : textValue(brand);
  return [brandName, name].filter(Boolean).join(" ") || undefined;
}

/**
 * Stable id of a review without `@id`/`url`: author + date + body, whitespace-collapsed so the
 * same review in JSON-LD and microdata on one page gets one id.
 */
export function toReviewHash(author: string | undefined, date: Date | undefined, body: string): string {
  const key = JSON.stringify([collapse(author ?? ""), date?.toISOString() ?? "", collapse(body)]);
  return `sha256:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}

/**
 * Fragment ids (`#r1`) resolve against the walk's first page, paths (`/r/1`, `?r=1`) against the
 * page; absolute IRIs and bare tokens (`rv_5502`, app ids) are ids as they stand.
 */
function resolveId(id: string, ctx: ReviewContext): string {
  if (!/^(?:[#/?]|\.\.?\/)/u.test(id)) return id;
  try {
    return new URL(id, id.startsWith("#") ? ctx.stableBase : ctx.pageUrl).href;
  } catch (error) {
    // Not resolvable as a URL (a bare "12345"): the id is still an id.
    if (error instanceof TypeError) return id;
    throw error;
  }
}

function toHttpUrl(value: string, base: string): string | undefined {
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Ratings

/**
 * A Rating (or a bare value) normalised to 1–5: `1 + (value − worst) / (best − worst) × 4`.
 * schema.org defaults: bestRating 5, worstRating 1. Values may be numbers or strings with a
 * decimal comma ("4,5") or a slash ("4/5", which also gives the scale). A value of 0 with no
 * stated worstRating (zero-star widgets) counts as the bottom of the scale. Throws on a value
 * that is not a number or lies outside the scale: such a rating would be a guess.
 */
export function toStarRating(rating: unknown): { value: number; original: unknown } | undefined {
  const node = firstOf(rating as SchemaValue | undefined);
  if (node === undefined || node === null || node === "") return undefined;
  const fields: SchemaRating = isObject(node) ? node : { ratingValue: node as string | number };
  if (fields.ratingValue === undefined || fields.ratingValue === null || fields.ratingValue === "") return undefined;
  const parsed = parseRatingNumber(firstOf(fields.ratingValue as SchemaValue));
  if (!parsed) throw new Error(`ratingValue ${JSON.stringify(fields.ratingValue)} is not a number`);
  const bestGiven = parseRatingNumber(firstOf(fields.bestRating as SchemaValue | undefined))?.value ?? parsed.best;
  const worstGiven = parseRatingNumber(firstOf(fields.worstRating as SchemaValue | undefined))?.value;
  const best = bestGiven ?? 5;
  const worst = worstGiven ?? 1;
  if (best <= worst) throw new Error(`bestRating ${best} is not above worstRating ${worst}`);
  let value = parsed.value;
  if (value < worst && worstGiven === undefined && value >= 0) value = worst;
  if (value < worst || value > best) throw new Error(`ratingValue ${parsed.value} is outside ${worst}–${best}`);
  const normalised = best === 5 && worst === 1 ? value : 1 + ((value - worst) / (best - worst)) * 4;
  return { value: Math.round(normalised * 100) / 100, original: rating };
}

function parseRatingNumber(value: SchemaValue | undefined): { value: number; best?: number } | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? { value } : undefined;
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(?:\/\s*(\d+(?:[.,]\d+)?))?\s*$/u.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]!.replace(",", "."));
  return m[2] ? { value: n, best: Number(m[2].replace(",", ".")) } : { value: n };
}

// ---------------------------------------------------------------------------------------------
// Values

function firstOf(value: SchemaValue | undefined): SchemaValue | undefined {
  return Array.isArray(value) ? value.find((v) => v !== null && v !== undefined && v !== "") : value;
}

/** A literal's text, trimmed: strings, numbers, and JSON-LD value objects (`{"@value": …}`). */
function textValue(value: SchemaValue | undefined | unknown): string | undefined {
  const v = firstOf(value as SchemaValue | undefined);
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number") return String(v);
  if (isObject(v) && (typeof v["@value"] === "string" || typeof v["@value"] === "number")) return String(v["@value"]).trim() || undefined;
  return undefined;
}

function numberValue(value: unknown): number | undefined {
  const parsed = parseRatingNumber(firstOf(value as SchemaValue | undefined));
  return parsed?.value;
}

/** `author` as a string, a Person/Organization (`name`, else `alternateName`), or a list of either. */
export function authorName(value: SchemaValue | undefined): string | undefined {
  const list = Array.isArray(value) ? value : [value];
  for (const entry of list) {
    if (typeof entry === "string" && entry.trim()) return entry.trim();
    if (isObject(entry)) {
      const name = textValue(entry.name as SchemaValue | undefined) ?? textValue(entry.alternateName as SchemaValue | undefined);
      if (name) return name;
    }
  }
  return undefined;
}

function languageOf(value: SchemaValue | undefined): string | undefined {
  const v = firstOf(value);
  if (isObject(v)) return textValue(v.alternateName as SchemaValue | undefined) ?? textValue(v.name as SchemaValue | undefined);
  return textValue(v);
}

function toLangCode(tag: string | undefined): string | undefined {
  const m = tag ? /^([a-z]{2})(?:[-_][a-z0-9]{1,8})*$/iu.exec(tag.trim()) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * ISO 8601 dates as schema.org `Date`/`DateTime` (`2011-04-01`, `2026-11-02T09:14:00+02:00`) and
 * Unix epochs (embedded app JSON). A date without a zone is read as UTC. Anything else is no date.
 */
export function parseReviewDate(value: SchemaValue | undefined): Date | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 1e9) return undefined;
    return new Date(value >= 1e12 ? value : value * 1000);
  }
  const s = textValue(value);
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/iu.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const day = Number(d);
  const utc = Date.UTC(Number(y), Number(mo) - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  if (new Date(Date.UTC(Number(y), Number(mo) - 1, day)).getUTCDate() !== day || Number(mo) > 12) return undefined;
  let offset = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})$/u.exec(zone)!;
    offset = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  const date = new Date(utc - offset * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** JSON of a node, depth-capped: a review may sit on 20,000 levels of hostile nesting. */
function toRaw(value: unknown): string {
  const text = JSON.stringify(capDepth(value, 16));
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}

function capDepth(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth === 0) return "[nested too deep]";
  if (Array.isArray(value)) return value.map((v) => capDepth(v, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capDepth(v, depth - 1)]));
}
