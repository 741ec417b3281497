import { ConfigError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher, type TermMatcher } from "../../text/terms.js";
import type { FetchContext, ItemError, Page, Source } from "../types.js";
import { parseSearchPage, toMention, toSearchableText, type HnHit, type HnSearchPage } from "./parse.js";
import { parseHttpUrl } from "../config-fields.js";
import { fetchHackerNewsReplies } from "./replies.js";

/** Options of one `kind: hackernews` source (Algolia's HN search, newest first). */
export interface HackerNewsConfig {
  /** Brand terms: one search per term, and the relevance filter that records `matchedTerm`. Required. */
  terms: string[];
  /** Search API host, for a mirror, proxy or the replay server. Default `https://hn.algolia.com`. */
  baseUrl: string;
  /** Hits per request, 1–1000. Default 100. */
  hitsPerPage: number;
  /** Item types searched. Default both: `["story", "comment"]`. */
  types: HnItemType[];
}

export type HnItemType = "story" | "comment";

export const DEFAULT_HN_BASE_URL = "https://hn.algolia.com";
export const DEFAULT_HITS_PER_PAGE = 100;
/**
 * Algolia's paginationLimitedTo on the HN index: page × hitsPerPage never reaches past the
 * 1,000th hit, whatever nbHits says. Windows with more hits are split in time.
 */
export const HN_HIT_CAP = 1000;

/** Per-term resume point: the newest `created_at_i` stored and the item ids carrying exactly that second. */
interface TermCursor {
  createdAtI: number;
  ids: string[];
}

/** `[from, to]` in epoch seconds, both inclusive. */
interface Window {
  from: number;
  to: number;
}

export const hackernews: Source<HackerNewsConfig> = {
  kind: "hackernews",
  replies: "thread",
  fetchReplies: fetchHackerNewsReplies,
  parseConfig: parseHackerNewsConfig,
  async *pages(ctx, config, cursor) {
    const matcher = createTermMatcher(config.terms);
    const terms = readTermCursors(cursor);
    let newestIso = typeof cursor?.since === "string" ? cursor.since : undefined;
    // One item found by two terms is yielded once per scan (the store dedups across scans).
    const yielded = new Set<string>();
    const to = Math.floor(ctx.now().getTime() / 1000);
    const cursorAfter = (term: string, hits: readonly HnHit[]): Cursor => {
      const state = advanceCursor(terms[term], hits);
      if (state) {
        terms[term] = state;
        const iso = new Date(state.createdAtI * 1000).toISOString();
        if (!newestIso || iso > newestIso) newestIso = iso;
      }
      return { terms: { ...terms }, ...(newestIso ? { since: newestIso } : {}) };
    };
    const keep = (hits: readonly HnHit[]): MentionDraft[] => toMentions(hits, matcher, yielded);

    for (const term of config.terms) {
      const sourceName = `hackernews "${term}"`;
      const previous = terms[term];
      if (!ctx.since && !previous) {
        // First scan without --since: the newest page only, as a feed reader takes what a feed holds now.
        const page = await fetchSearchPage(ctx, config, term, undefined, 0, sourceName);
        const out: Page = { mentions: keep(sortOldestFirst(page.hits)), cursor: cursorAfter(term, page.hits) };
        if (page.itemErrors.length > 0) out.itemErrors = page.itemErrors;
        if (page.nbHits > page.hitCount) out.notice = `${sourceName}: first scan read the newest ${page.hitCount} of ${page.nbHits} hits; run a scan with --since to backfill older ones`;
        yield out;
        continue;
      }

      const from = ctx.since ? Math.floor(ctx.since.getTime() / 1000) : previous!.createdAtI;
      const storedAtFrom = new Set(!ctx.since && previous ? previous.ids : []);
      // Oldest window first, so each yielded page is a safe resume point.
      const pending: Window[] = [{ from, to }];
      while (pending.length > 0) {
        const window = pending.shift()!;
        const first = await fetchSearchPage(ctx, config, term, window, 0, sourceName);
        if (first.nbHits > HN_HIT_CAP && window.from < window.to) {
          const mid = Math.floor((window.from + window.to) / 2);
          pending.unshift({ from: window.from, to: mid }, { from: mid + 1, to: window.to });
          continue;
        }
        const hits = [...first.hits];
        const itemErrors: ItemError[] = [...first.itemErrors];
        const lastPage = Math.min(first.nbPages, Math.ceil(HN_HIT_CAP / config.hitsPerPage)) - 1;
        for (let n = 1; n <= lastPage; n++) {
          const next = await fetchSearchPage(ctx, config, term, window, n, sourceName);
          hits.push(...next.hits);
          itemErrors.push(...next.itemErrors);
          if (next.hitCount === 0) break;
        }
        // The server filters by time already; checking again keeps a mirror that ignores
        // numericFilters from re-adding what the cursor says is stored.
        const inWindow = hits.filter((h) => h.createdAtI >= window.from && h.createdAtI <= window.to && !(h.createdAtI === from && storedAtFrom.has(h.id)));
        const out: Page = { mentions: keep(sortOldestFirst(inWindow)), cursor: cursorAfter(term, inWindow) };
        if (itemErrors.length > 0) out.itemErrors = itemErrors;
        if (first.nbHits > HN_HIT_CAP) {
          out.notice = `${sourceName}: ${first.nbHits} hits within the one second ${new Date(window.from * 1000).toISOString()}; Algolia serves ${HN_HIT_CAP}, the rest are out of reach`;
        }
        yield out;
      }
    }
  },
};

async function fetchSearchPage(ctx: FetchContext, config: HackerNewsConfig, term: string, window: Window | undefined, page: number, sourceName: string): Promise<HnSearchPage> {
  const res = await ctx.http.get(toSearchUrl(config, term, window, page), { signal: ctx.signal, headers: { accept: "application/json" } });
  const where = window ? `page ${page} of ${window.from}–${window.to}` : `page ${page}`;
  return parseSearchPage(res.text(), sourceName, where);
}

/**
 * `search_by_date` sorts newest first. `numericFilters` bounds the window on `created_at_i`;
 * a multi-word term is quoted so Algolia's advanced syntax matches it as a phrase.
 */
export function toSearchUrl(config: Pick<HackerNewsConfig, "baseUrl" | "hitsPerPage" | "types">, term: string, window: Window | undefined, page: number): string {
  const params = new URLSearchParams();
  params.set("query", /\s/.test(term) ? `"${term}"` : term);
  params.set("tags", config.types.length === 1 ? config.types[0]! : `(${config.types.join(",")})`);
  if (window) params.set("numericFilters", `created_at_i>=${window.from},created_at_i<=${window.to}`);
  params.set("hitsPerPage", String(config.hitsPerPage));
  params.set("page", String(page));
  return `${config.baseUrl}/api/v1/search_by_date?${params.toString()}`;
}

function toMentions(hits: readonly HnHit[], matcher: TermMatcher, yielded: Set<string>): MentionDraft[] {
  const mentions: MentionDraft[] = [];
  for (const hit of hits) {
    if (yielded.has(hit.id)) continue;
    // Algolia matches with typo tolerance and prefixes ("Nordvika"); keep only real term hits.
    const matchedTerm = matcher.find(toSearchableText(hit));
    if (matchedTerm === undefined) continue;
    yielded.add(hit.id);
    mentions.push(toMention(hit, { matchedTerm }));
  }
  return mentions;
}

/** Oldest first; ties by id so the order is stable. */
function sortOldestFirst(hits: readonly HnHit[]): HnHit[] {
  return [...hits].sort((a, b) => a.createdAtI - b.createdAtI || Number(a.id) - Number(b.id));
}

/** The cursor only moves forward: a backfill window older than the stored cursor leaves it alone. */
function advanceCursor(previous: TermCursor | undefined, hits: readonly HnHit[]): TermCursor | undefined {
  let state = previous ? { createdAtI: previous.createdAtI, ids: [...previous.ids] } : undefined;
  for (const hit of hits) {
    if (!state || hit.createdAtI > state.createdAtI) state = { createdAtI: hit.createdAtI, ids: [hit.id] };
    else if (hit.createdAtI === state.createdAtI && !state.ids.includes(hit.id)) state.ids.push(hit.id);
  }
  return state;
}

/** Stored per-term cursors; anything malformed (a cursor from an older version) is ignored. */
function readTermCursors(cursor: Cursor | null): Record<string, TermCursor> {
  const out: Record<string, TermCursor> = {};
  const stored = cursor?.terms;
  if (typeof stored !== "object" || stored === null) return out;
  for (const [term, value] of Object.entries(stored as Record<string, unknown>)) {
    const v = value as Partial<TermCursor> | null;
    if (v && typeof v.createdAtI === "number" && Number.isInteger(v.createdAtI)) {
      out[term] = { createdAtI: v.createdAtI, ids: Array.isArray(v.ids) ? v.ids.filter((id): id is string => typeof id === "string") : [] };
    }
  }
  return out;
}

/**
 * Validates a hackernews source entry. Unknown keys are ignored: the config layer passes the
 * whole entry (name, schedule, …) and checks those itself.
 */
export function parseHackerNewsConfig(raw: unknown, path: string): HackerNewsConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;
  const config: HackerNewsConfig = {
    terms: parseTerms(input.terms, `${path}.terms`),
    baseUrl: input.baseUrl === undefined ? DEFAULT_HN_BASE_URL : parseHttpUrl(input.baseUrl, `${path}.baseUrl`, { endpoint: true }),
    hitsPerPage: DEFAULT_HITS_PER_PAGE,
    types: ["story", "comment"],
  };
  if (input.hitsPerPage !== undefined) {
    const n = input.hitsPerPage;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > HN_HIT_CAP) throw new ConfigError(`${path}.hitsPerPage`, `must be an integer from 1 to ${HN_HIT_CAP}`);
    config.hitsPerPage = n;
  }
  if (input.types !== undefined) {
    if (!Array.isArray(input.types) || input.types.length === 0) throw new ConfigError(`${path}.types`, 'must be a non-empty list of "story" and/or "comment"');
    config.types = [
      ...new Set(
        input.types.map((t, i) => {
          if (t !== "story" && t !== "comment") throw new ConfigError(`${path}.types[${i}]`, 'must be "story" or "comment"');
          return t as HnItemType;
        }),
      ),
    ];
  }
  return config;
}

function parseTerms(value: unknown, path: string): string[] {
  if (value === undefined) throw new ConfigError(path, "is required: the brand terms to search for (or set brand.terms)");
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(path, "must be a non-empty list of strings");
  const terms = value.map((term, i) => {
    if (typeof term !== "string" || term.trim() === "") throw new ConfigError(`${path}[${i}]`, "must be a non-empty string");
    if (term.includes('"')) throw new ConfigError(`${path}[${i}]`, "must not contain double quotes (terms are searched as phrases)");
    return term.trim();
  });
  return [...new Set(terms)];
}

