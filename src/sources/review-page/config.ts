import { ConfigError } from "../../core/errors.js";
import { CHANNELS, type Channel } from "../../core/mention.js";
import { parseHttpUrl, parseIntegerField, parseStringList } from "../config-fields.js";

/** Fields an embedded-JSON review can be mapped from; `text` is required. */
export const EMBEDDED_FIELDS = ["id", "text", "title", "author", "date", "rating", "bestRating", "worstRating", "url", "lang"] as const;
export type EmbeddedField = (typeof EMBEDDED_FIELDS)[number];

/**
 * Reviews that a JavaScript app ships as JSON inside the page (Next.js `__NEXT_DATA__`, Nuxt
 * `__NUXT_DATA__`, Redux state) instead of schema.org markup.
 */
export interface EmbeddedConfig {
  /** CSS selector of the element holding the JSON, e.g. `script#__NEXT_DATA__`. */
  selector: string;
  /** Dotted path from the JSON root to the reviews array, e.g. `props.pageProps.reviews` (numbers index arrays). */
  path: string;
  /** Dotted path inside one review object per field. `text` is required. */
  fields: { text: string } & Partial<Record<Exclude<EmbeddedField, "text">, string>>;
  /** Scale top when the review carries no `bestRating` field. Default 5. */
  bestRating: number;
  /** Scale bottom when the review carries no `worstRating` field. Default 1. */
  worstRating: number;
}

/** Options of one `kind: review-page` source. */
export interface ReviewPageConfig {
  /** First page of the reviews (newest first, ideally). Required unless `urlTemplate` is given. */
  url: string;
  /**
   * Page URL with `{page}` standing for the page number, e.g. `https://shop.example/p/42/reviews?page={page}`.
   * When set, pages `startPage`, `startPage + 1`, … are fetched; otherwise the `nextSelector` link is followed.
   */
  urlTemplate?: string;
  /** First page number for `urlTemplate`. Default 1. */
  startPage: number;
  /** Link to the next page when there is no template. Default `a[rel~="next"], link[rel~="next"]`. */
  nextSelector: string;
  /** Most pages one walk fetches (a bound on a runaway paginator). Default 5, at most 100. */
  maxPages: number;
  embedded?: EmbeddedConfig;
  /** Brand terms (relevance filter and `matchedTerm`). */
  terms?: string[];
  /**
   * Drop reviews that mention none of `terms` in their title, body, the reviewed item's name or
   * the page title. Default true when terms are given.
   */
  filterByTerms: boolean;
  /** Also store each AggregateRating as a snapshot mention ("4.4/5 from 89 ratings"). Default false. */
  aggregates: boolean;
  /** Default `"review"`. */
  channel: Channel;
  /** ISO 639-1 code overriding `inLanguage` and `<html lang>`. */
  lang?: string;
  /** The product token matched against robots.txt groups. Default `"earshot"`. */
  robotsUserAgent: string;
}

export const DEFAULT_NEXT_SELECTOR = 'a[rel~="next"], link[rel~="next"]';
export const DEFAULT_MAX_PAGES = 5;
export const MAX_MAX_PAGES = 100;

export function parseReviewPageConfig(raw: unknown, path: string): ReviewPageConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;

  let urlTemplate: string | undefined;
  if (input.urlTemplate !== undefined) {
    if (typeof input.urlTemplate !== "string" || !input.urlTemplate.includes("{page}")) throw new ConfigError(`${path}.urlTemplate`, 'must be a URL containing "{page}"');
    parseHttpUrl(input.urlTemplate.replaceAll("{page}", "1"), `${path}.urlTemplate`);
    urlTemplate = input.urlTemplate.trim();
  }
  const startPage = input.startPage === undefined ? 1 : parseIntegerField(input.startPage, `${path}.startPage`, 0)!;
  const url =
    input.url !== undefined
      ? parseHttpUrl(input.url, `${path}.url`)
      : urlTemplate !== undefined
        ? parseHttpUrl(urlTemplate.replaceAll("{page}", String(startPage)), `${path}.urlTemplate`)
        : (() => {
            throw new ConfigError(`${path}.url`, 'is required (the first reviews page), or give "urlTemplate" with {page}');
          })();

  const config: ReviewPageConfig = {
    url,
    startPage,
    nextSelector: DEFAULT_NEXT_SELECTOR,
    maxPages: DEFAULT_MAX_PAGES,
    filterByTerms: true,
    aggregates: false,
    channel: "review",
    robotsUserAgent: "earshot",
  };
  if (urlTemplate !== undefined) config.urlTemplate = urlTemplate;
  if (input.nextSelector !== undefined) {
    if (typeof input.nextSelector !== "string" || input.nextSelector.trim() === "") throw new ConfigError(`${path}.nextSelector`, "must be a CSS selector");
    config.nextSelector = input.nextSelector.trim();
  }
  if (input.maxPages !== undefined) {
    config.maxPages = parseIntegerField(input.maxPages, `${path}.maxPages`, 1)!;
    if (config.maxPages > MAX_MAX_PAGES) throw new ConfigError(`${path}.maxPages`, `must be at most ${MAX_MAX_PAGES}`);
  }
  if (input.embedded !== undefined) config.embedded = parseEmbedded(input.embedded, `${path}.embedded`);
  if (input.terms !== undefined) config.terms = parseStringList(input.terms, `${path}.terms`);
  if (input.filterByTerms !== undefined) {
    if (typeof input.filterByTerms !== "boolean") throw new ConfigError(`${path}.filterByTerms`, "must be true or false");
    config.filterByTerms = input.filterByTerms;
  }
  if (input.aggregates !== undefined) {
    if (typeof input.aggregates !== "boolean") throw new ConfigError(`${path}.aggregates`, "must be true or false");
    config.aggregates = input.aggregates;
  }
  if (input.channel !== undefined) {
    if (typeof input.channel !== "string" || !(CHANNELS as readonly string[]).includes(input.channel)) throw new ConfigError(`${path}.channel`, `must be one of ${CHANNELS.join(", ")}`);
    config.channel = input.channel as Channel;
  }
  if (input.lang !== undefined) {
    if (typeof input.lang !== "string" || !/^[a-z]{2}$/iu.test(input.lang)) throw new ConfigError(`${path}.lang`, 'must be a two-letter ISO 639-1 code such as "lt"');
    config.lang = input.lang.toLowerCase();
  }
  if (input.robotsUserAgent !== undefined) {
    if (typeof input.robotsUserAgent !== "string" || !/^[a-z0-9_-]+$/iu.test(input.robotsUserAgent)) {
      throw new ConfigError(`${path}.robotsUserAgent`, "must be a robots.txt product token (letters, digits, - and _)");
    }
    config.robotsUserAgent = input.robotsUserAgent;
  }
  return config;
}

function parseEmbedded(value: unknown, path: string): EmbeddedConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(path, "must be an object with selector, path and fields");
  const input = value as Record<string, unknown>;
  if (typeof input.selector !== "string" || input.selector.trim() === "") throw new ConfigError(`${path}.selector`, 'is required, e.g. "script#__NEXT_DATA__"');
  if (typeof input.path !== "string" || input.path.trim() === "") throw new ConfigError(`${path}.path`, 'is required: the dotted path to the reviews array, e.g. "props.pageProps.reviews"');
  if (typeof input.fields !== "object" || input.fields === null || Array.isArray(input.fields)) throw new ConfigError(`${path}.fields`, "is required: map at least text to a key of each review");
  const fields: Partial<Record<EmbeddedField, string>> = {};
  for (const [field, key] of Object.entries(input.fields as Record<string, unknown>)) {
    if (!(EMBEDDED_FIELDS as readonly string[]).includes(field)) throw new ConfigError(`${path}.fields.${field}`, `unknown field; known: ${EMBEDDED_FIELDS.join(", ")}`);
    if (typeof key !== "string" || key.trim() === "") throw new ConfigError(`${path}.fields.${field}`, "must be a key path");
    fields[field as EmbeddedField] = key.trim();
  }
  if (!fields.text) throw new ConfigError(`${path}.fields.text`, "is required");
  const embedded: EmbeddedConfig = { selector: input.selector.trim(), path: input.path.trim(), fields: fields as EmbeddedConfig["fields"], bestRating: 5, worstRating: 1 };
  if (input.bestRating !== undefined) embedded.bestRating = parseNumber(input.bestRating, `${path}.bestRating`);
  if (input.worstRating !== undefined) embedded.worstRating = parseNumber(input.worstRating, `${path}.worstRating`);
  if (embedded.bestRating <= embedded.worstRating) throw new ConfigError(`${path}.bestRating`, "must be greater than worstRating");
  return embedded;
}

function parseNumber(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ConfigError(path, "must be a number");
  return value;
}
