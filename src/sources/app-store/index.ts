import { ConfigError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher } from "../../text/terms.js";
import type { ItemError, Page, Source } from "../types.js";
import { parseReviewPage, toMention, type AppStoreReview } from "./parse.js";
import { parseHttpUrl, parseStringList } from "../config-fields.js";

/** Options of one `kind: app-store` source: one app, one or more storefronts. */
export interface AppStoreConfig {
  /** The app's numeric App Store id (the digits after `id` in its store URL). */
  appId: string;
  /** Storefront country codes (ISO 3166-1 alpha-2, lower-cased): each has its own reviews and cursor. */
  countries: string[];
  /** ISO 639-1 code stamped on every review. Default: none (the classifier detects the language). */
  lang?: string;
  /** Feed host, for a mirror, proxy or the replay server. Default `https://itunes.apple.com`. */
  baseUrl: string;
  /**
   * Brand terms. Reviews of the configured app are relevant by definition, so terms do not filter
   * here: the first term found in a review's title or text is recorded as `matchedTerm`.
   */
  terms?: string[];
  /** Feed pages read per country and scan, 1–10 (Apple serves no more than 10). Default 10. */
  maxPages: number;
}

export const DEFAULT_APP_STORE_BASE_URL = "https://itunes.apple.com";
/** Apple's page-depth limit: page 11 answers "CustomerReviews RSS page depth is limited to 10". */
export const APP_STORE_MAX_PAGES = 10;
/** Apple's page size; with the page cap it bounds how far back a storefront can be read. */
const REVIEWS_PER_PAGE = 50;
/** Mentions per yielded page: a committed batch is a resume point. */
const BATCH_SIZE = 50;

/** Per-storefront resume point: the newest `updated` stored, and the review ids carrying exactly that time. */
interface CountryCursor {
  since: string;
  ids: string[];
}

export const appStore: Source<AppStoreConfig> = {
  kind: "app-store",
  parseConfig: parseAppStoreConfig,
  async *pages(ctx, config, cursor) {
    const matcher = createTermMatcher(config.terms ?? []);
    const countries = readCountryCursors(cursor);
    for (const cc of config.countries) {
      const sourceName = `app-store ${config.appId}/${cc}`;
      const previous = countries[cc];
      // Backfill walks back to --since; otherwise stop at what the cursor says is stored.
      const bound = ctx.since ?? (previous ? new Date(previous.since) : undefined);
      const storedAtBound = new Set(ctx.since || !previous ? [] : previous.ids);
      const fresh: AppStoreReview[] = [];
      const itemErrors: ItemError[] = [];
      let reachedBound = false;
      let reachedEnd = false;
      let oldestSeen: Date | undefined;
      // The feed is newest-first with no date filter: read pages until one holds a review older
      // than the bound, then hand them over oldest-first.
      for (let page = 1; page <= config.maxPages; page++) {
        const res = await ctx.http.get(toReviewsUrl(config, cc, page), { signal: ctx.signal, headers: { accept: "application/json" } });
        const parsed = parseReviewPage(res.text(), sourceName, `page ${page}`);
        itemErrors.push(...parsed.itemErrors);
        if (parsed.entryCount === 0) {
          reachedEnd = true;
          break;
        }
        for (const review of parsed.reviews) {
          if (!oldestSeen || review.updatedAt < oldestSeen) oldestSeen = review.updatedAt;
          if (isNew(review, bound, storedAtBound)) fresh.push(review);
          else if (bound && review.updatedAt < bound) reachedBound = true;
        }
        // A short page could mean the last one, but Apple does not promise the page size:
        // only an empty page ends the walk.
        if (reachedBound) break;
      }
      const notice = bound && !reachedBound && !reachedEnd ? capNotice(sourceName, config.maxPages, bound, oldestSeen) : undefined;

      const ordered = dedupeById(fresh).sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
      let state = previous;
      for (let start = 0; start === 0 || start < ordered.length; start += BATCH_SIZE) {
        const batch = ordered.slice(start, start + BATCH_SIZE);
        if (batch.length === 0 && itemErrors.length === 0 && !notice) break;
        state = advanceCursor(state, batch);
        const mentions: MentionDraft[] = batch.map((review) => {
          const matchedTerm = matcher.find(`${review.title ?? ""}\n${review.text}`);
          return toMention(review, { ...(config.lang ? { lang: config.lang } : {}), ...(matchedTerm ? { matchedTerm } : {}) });
        });
        if (state) countries[cc] = state;
        const out: Page = { mentions, cursor: { countries: { ...countries } } };
        if (start === 0 && itemErrors.length > 0) out.itemErrors = itemErrors;
        if (start === 0 && notice) out.notice = notice;
        yield out;
      }
    }
  },
};

/**
 * Validates an app-store source entry. Unknown keys are ignored: the config layer passes the
 * whole entry (name, schedule, …) and checks those itself.
 */
export function parseAppStoreConfig(raw: unknown, path: string): AppStoreConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;
  const config: AppStoreConfig = {
    appId: parseAppId(input.appId, `${path}.appId`),
    countries: parseCountries(input.countries, `${path}.countries`),
    baseUrl: input.baseUrl === undefined ? DEFAULT_APP_STORE_BASE_URL : parseHttpUrl(input.baseUrl, `${path}.baseUrl`, { endpoint: true }),
    maxPages: APP_STORE_MAX_PAGES,
  };
  if (input.lang !== undefined) {
    if (typeof input.lang !== "string" || !/^[a-z]{2}$/i.test(input.lang)) throw new ConfigError(`${path}.lang`, 'must be a two-letter ISO 639-1 code such as "lt"');
    config.lang = input.lang.toLowerCase();
  }
  if (input.terms !== undefined) config.terms = parseStringList(input.terms, `${path}.terms`);
  if (input.maxPages !== undefined) {
    const n = input.maxPages;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > APP_STORE_MAX_PAGES) {
      throw new ConfigError(`${path}.maxPages`, `must be an integer from 1 to ${APP_STORE_MAX_PAGES} (Apple serves at most ${APP_STORE_MAX_PAGES} pages)`);
    }
    config.maxPages = n;
  }
  return config;
}

function parseAppId(value: unknown, path: string): string {
  const text = typeof value === "number" && Number.isInteger(value) && value > 0 ? String(value) : typeof value === "string" ? value.trim() : undefined;
  // Store URLs spell it "id1234567890"; accept that as pasted.
  const match = text === undefined ? null : /^(?:id)?(\d{1,15})$/i.exec(text);
  if (!match) throw new ConfigError(path, 'is required: the app\'s numeric App Store id, e.g. "1234567890" (from apps.apple.com/…/id1234567890)');
  return match[1]!;
}

function parseCountries(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(path, 'is required: a list of two-letter storefront codes such as ["lt", "fi"]');
  const countries = value.map((cc, i) => {
    if (typeof cc !== "string" || !/^[a-z]{2}$/i.test(cc.trim())) throw new ConfigError(`${path}[${i}]`, 'must be a two-letter country code such as "lt"');
    return cc.trim().toLowerCase();
  });
  return [...new Set(countries)];
}

export function toReviewsUrl(config: Pick<AppStoreConfig, "baseUrl" | "appId">, cc: string, page: number): string {
  return `${config.baseUrl}/${cc}/rss/customerreviews/page=${page}/id=${config.appId}/sortby=mostrecent/json`;
}

/** Stored per-country cursors; anything malformed (a cursor from an older version) is ignored. */
function readCountryCursors(cursor: Cursor | null): Record<string, CountryCursor> {
  const out: Record<string, CountryCursor> = {};
  const stored = cursor?.countries;
  if (typeof stored !== "object" || stored === null) return out;
  for (const [cc, value] of Object.entries(stored as Record<string, unknown>)) {
    const v = value as Partial<CountryCursor> | null;
    if (v && typeof v.since === "string" && !Number.isNaN(Date.parse(v.since))) {
      out[cc] = { since: v.since, ids: Array.isArray(v.ids) ? v.ids.filter((id): id is string => typeof id === "string") : [] };
    }
  }
  return out;
}

/** Newer than the bound, or at the bound's very second but not stored yet (reviews share seconds). */
function isNew(review: AppStoreReview, bound: Date | undefined, storedAtBound: ReadonlySet<string>): boolean {
  if (!bound) return true;
  const t = review.updatedAt.getTime();
  return t > bound.getTime() || (t === bound.getTime() && !storedAtBound.has(review.id));
}

/** The cursor only moves forward: a backfill batch older than the stored cursor leaves it alone. */
function advanceCursor(previous: CountryCursor | undefined, batch: readonly AppStoreReview[]): CountryCursor | undefined {
  let state = previous ? { since: previous.since, ids: [...previous.ids] } : undefined;
  for (const review of batch) {
    const iso = review.updatedAt.toISOString();
    const current = state ? Date.parse(state.since) : Number.NEGATIVE_INFINITY;
    const t = review.updatedAt.getTime();
    if (t > current) state = { since: iso, ids: [review.id] };
    else if (t === current && state && !state.ids.includes(review.id)) state.ids.push(review.id);
  }
  return state;
}

function dedupeById(reviews: readonly AppStoreReview[]): AppStoreReview[] {
  // A review pushed to the next page by a new one while we paged shows up twice.
  const byId = new Map<string, AppStoreReview>();
  for (const review of reviews) if (!byId.has(review.id)) byId.set(review.id, review);
  return [...byId.values()];
}

function capNotice(sourceName: string, maxPages: number, bound: Date, oldestSeen: Date | undefined): string {
  const limit = maxPages === APP_STORE_MAX_PAGES ? `Apple serves at most ${APP_STORE_MAX_PAGES} pages (${APP_STORE_MAX_PAGES * REVIEWS_PER_PAGE} reviews) per storefront` : `maxPages is ${maxPages}`;
  const reach = oldestSeen ? `reviews between ${bound.toISOString()} and ${oldestSeen.toISOString()} are out of reach` : `reviews back to ${bound.toISOString()} are out of reach`;
  return `${sourceName}: ${limit}; ${reach}`;
}
