import { ConfigError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher } from "../../text/terms.js";
import type { ItemError, Page, Source } from "../types.js";
import { parseReviewsAnswer, REVIEWS_RPC_ID, toMention, toReviewsForm, type GooglePlayReviewItem } from "./parse.js";
import { parseHttpUrl, parseIntegerField } from "../config-fields.js";

/** Options of one `kind: google-play` source: one app, one or more review languages. */
export interface GooglePlayConfig {
  /** The app's package name, e.g. `lt.nordvik.shop` (the `id=` of its store URL). */
  appId: string;
  /**
   * Review languages sent as `hl` (ISO 639-1, optionally with a region: `pt-BR`). Play filters
   * reviews by language, not by country; each language has its own cursor. Default `["en"]`.
   */
  languages: string[];
  /** Optional `gl` country code sent along; reviews are selected by language (`hl`), not by country. */
  country?: string;
  /** RPC host, for a proxy or the replay server. Default `https://play.google.com`. */
  baseUrl: string;
  /** Reviews per request, 1–199 (Play refuses more). Default 100. */
  pageSize: number;
  /** Requests per language and scan, which bounds how far one scan or backfill walks back. Default 5. */
  maxPages: number;
  /**
   * Minimum time between scans of this source, ms, reported as the page's `minNextCheckMs`.
   * Play throttles scripted clients hard and without Retry-After. Default 3 600 000 (1 h).
   */
  minIntervalMs: number;
  /** Brand terms: reviews of the configured app are relevant by definition, so terms only set `matchedTerm`. */
  terms?: string[];
}

export const DEFAULT_GOOGLE_PLAY_BASE_URL = "https://play.google.com";
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 199;
export const DEFAULT_MAX_PAGES = 5;
export const DEFAULT_MIN_INTERVAL_MS = 3_600_000;
/** Mentions per yielded page: a committed batch is a resume point. */
const BATCH_SIZE = 100;

/** Per-language resume point: the newest review time stored and the ids carrying exactly that time. */
interface LanguageCursor {
  since: string;
  ids: string[];
}

export const googlePlay: Source<GooglePlayConfig> = {
  kind: "google-play",
  replies: "payload",
  parseConfig: parseGooglePlayConfig,
  async *pages(ctx, config, cursor) {
    const matcher = createTermMatcher(config.terms ?? []);
    const languages = readLanguageCursors(cursor);
    for (const hl of config.languages) {
      const sourceName = `google-play ${config.appId}/${hl}`;
      const previous = languages[hl];
      const bound = ctx.since ?? (previous ? new Date(previous.since) : undefined);
      const storedAtBound = new Set(ctx.since || !previous ? [] : previous.ids);
      // Without a bound (first scan, no --since) one page of the newest reviews is enough.
      const pageLimit = bound ? config.maxPages : 1;
      const fresh: GooglePlayReviewItem[] = [];
      const itemErrors: ItemError[] = [];
      let token: string | undefined;
      let reachedBound = false;
      let oldestSeen: Date | undefined;
      for (let n = 1; n <= pageLimit; n++) {
        // batchexecute answers POST only; the form is sent as application/x-www-form-urlencoded.
        const res = await ctx.http.post(toReviewsUrl(config, hl), {
          form: toReviewsForm({ appId: config.appId, count: config.pageSize, ...(token ? { token } : {}) }),
          signal: ctx.signal,
        });
        const page = parseReviewsAnswer(res.text(), sourceName, `page ${n}`);
        itemErrors.push(...page.itemErrors);
        for (const review of page.reviews) {
          if (!oldestSeen || review.at < oldestSeen) oldestSeen = review.at;
          if (isNew(review, bound, storedAtBound)) fresh.push(review);
          else if (bound && review.at < bound) reachedBound = true;
        }
        token = page.nextToken;
        if (reachedBound || !token || page.reviewCount === 0) break;
      }
      const stoppedEarly = bound !== undefined && !reachedBound && token !== undefined;
      const notice = stoppedEarly
        ? `${sourceName}: stopped after maxPages (${config.maxPages}) requests; reviews between ${bound.toISOString()} and ${oldestSeen?.toISOString() ?? "now"} were not fetched (raise maxPages for a deeper backfill)`
        : undefined;

      const ordered = dedupeById(fresh).sort((a, b) => a.at.getTime() - b.at.getTime());
      let state = previous;
      // Always yield at least one page per language: it carries minNextCheckMs even when nothing is new.
      for (let start = 0; start === 0 || start < ordered.length; start += BATCH_SIZE) {
        const batch = ordered.slice(start, start + BATCH_SIZE);
        state = advanceCursor(state, batch);
        if (state) languages[hl] = state;
        const mentions: MentionDraft[] = batch.map((review) => {
          const matchedTerm = matcher.find(review.text);
          return toMention(review, { appId: config.appId, lang: hl.slice(0, 2).toLowerCase(), ...(matchedTerm ? { matchedTerm } : {}) });
        });
        const out: Page = { mentions, cursor: { languages: { ...languages } }, minNextCheckMs: config.minIntervalMs };
        if (start === 0 && itemErrors.length > 0) out.itemErrors = itemErrors;
        if (start === 0 && notice) out.notice = notice;
        yield out;
      }
    }
  },
};

export function toReviewsUrl(config: Pick<GooglePlayConfig, "baseUrl" | "country">, hl: string): string {
  const params = new URLSearchParams({ rpcids: REVIEWS_RPC_ID, hl });
  if (config.country) params.set("gl", config.country);
  return `${config.baseUrl}/_/PlayStoreUi/data/batchexecute?${params.toString()}`;
}

function isNew(review: GooglePlayReviewItem, bound: Date | undefined, storedAtBound: ReadonlySet<string>): boolean {
  if (!bound) return true;
  const t = review.at.getTime();
  return t > bound.getTime() || (t === bound.getTime() && !storedAtBound.has(review.id));
}

/** The cursor only moves forward: a backfill batch older than the stored cursor leaves it alone. */
function advanceCursor(previous: LanguageCursor | undefined, batch: readonly GooglePlayReviewItem[]): LanguageCursor | undefined {
  let state = previous ? { since: previous.since, ids: [...previous.ids] } : undefined;
  for (const review of batch) {
    const current = state ? Date.parse(state.since) : Number.NEGATIVE_INFINITY;
    const t = review.at.getTime();
    if (t > current) state = { since: review.at.toISOString(), ids: [review.id] };
    else if (t === current && state && !state.ids.includes(review.id)) state.ids.push(review.id);
  }
  return state;
}

function dedupeById(reviews: readonly GooglePlayReviewItem[]): GooglePlayReviewItem[] {
  // A review pushed onto the next page by a new one while we paged shows up twice.
  const byId = new Map<string, GooglePlayReviewItem>();
  for (const review of reviews) if (!byId.has(review.id)) byId.set(review.id, review);
  return [...byId.values()];
}

/** Stored per-language cursors; anything malformed (a cursor from an older version) is ignored. */
function readLanguageCursors(cursor: Cursor | null): Record<string, LanguageCursor> {
  const out: Record<string, LanguageCursor> = {};
  const stored = cursor?.languages;
  if (typeof stored !== "object" || stored === null) return out;
  for (const [hl, value] of Object.entries(stored as Record<string, unknown>)) {
    const v = value as Partial<LanguageCursor> | null;
    if (v && typeof v.since === "string" && !Number.isNaN(Date.parse(v.since))) {
      out[hl] = { since: v.since, ids: Array.isArray(v.ids) ? v.ids.filter((id): id is string => typeof id === "string") : [] };
    }
  }
  return out;
}

/**
 * Validates a google-play source entry. Unknown keys are ignored: the config layer passes the
 * whole entry (name, schedule, …) and checks those itself.
 */
export function parseGooglePlayConfig(raw: unknown, path: string): GooglePlayConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;
  const config: GooglePlayConfig = {
    appId: parseAppId(input.appId, `${path}.appId`),
    languages: ["en"],
    baseUrl: input.baseUrl === undefined ? DEFAULT_GOOGLE_PLAY_BASE_URL : parseHttpUrl(input.baseUrl, `${path}.baseUrl`, { endpoint: true }),
    pageSize: parseIntegerField(input.pageSize, `${path}.pageSize`, 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    maxPages: parseIntegerField(input.maxPages, `${path}.maxPages`, 1, 1000) ?? DEFAULT_MAX_PAGES,
    minIntervalMs: parseIntegerField(input.minIntervalMs, `${path}.minIntervalMs`, 0, 7 * 86_400_000) ?? DEFAULT_MIN_INTERVAL_MS,
  };
  if (input.languages !== undefined) {
    if (!Array.isArray(input.languages) || input.languages.length === 0) throw new ConfigError(`${path}.languages`, 'must be a non-empty list of language codes such as ["lt", "en"]');
    config.languages = [
      ...new Set(
        input.languages.map((hl, i) => {
          if (typeof hl !== "string" || !/^[a-z]{2}(?:[-_][a-z]{2})?$/i.test(hl.trim())) throw new ConfigError(`${path}.languages[${i}]`, 'must be an ISO 639-1 code, optionally with a region ("lt", "pt-BR")');
          const [lang, region] = hl.trim().split(/[-_]/);
          return region ? `${lang!.toLowerCase()}-${region.toUpperCase()}` : lang!.toLowerCase();
        }),
      ),
    ];
  }
  if (input.country !== undefined) {
    if (typeof input.country !== "string" || !/^[a-z]{2}$/i.test(input.country)) throw new ConfigError(`${path}.country`, 'must be a two-letter country code such as "lt"');
    config.country = input.country.toLowerCase();
  }
  if (input.terms !== undefined) {
    if (!Array.isArray(input.terms)) throw new ConfigError(`${path}.terms`, "must be a list of strings");
    config.terms = input.terms.map((term, i) => {
      if (typeof term !== "string" || term.trim() === "") throw new ConfigError(`${path}.terms[${i}]`, "must be a non-empty string");
      return term.trim();
    });
  }
  return config;
}

function parseAppId(value: unknown, path: string): string {
  // Android package names: dot-separated Java identifiers, at least two segments.
  if (typeof value !== "string" || !/^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/.test(value.trim())) {
    throw new ConfigError(path, 'is required: the app\'s package name, e.g. "lt.nordvik.shop" (the id= of its Play Store URL)');
  }
  return value.trim();
}

