import { EarshotError, HttpError, ParseError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher } from "../../text/terms.js";
import type { ItemError, Page, Source } from "../types.js";
import { parseReviewPageConfig, type ReviewPageConfig } from "./config.js";
import { loadPage } from "./extract.js";
import { findReviews, itemName, toAggregateMention, toReviewMention } from "./parse.js";
import { createRobotsCheck } from "./robots.js";

export { parseReviewPageConfig, type ReviewPageConfig } from "./config.js";

/**
 * Where a review-page source resumes. A "walk" goes from the first page through the next links
 * (or template pages) until it reaches reviews it has seen, runs out of pages or hits maxPages.
 */
interface ReviewPageCursor extends Cursor {
  /** Validators of the walk's first page: an unchanged first page means no new reviews. */
  etag?: string;
  lastModified?: string;
  /** Newest review date stored by a finished walk; the next walk stops once it reaches it. */
  since?: string;
  /** Next page of an unfinished walk (Crawl-delay allows one page per scan, or a crash). */
  pageUrl?: string;
  /** 1-based number of `pageUrl` within its walk (maxPages and `{page}` count from it). */
  pageNumber?: number;
  /** Newest review date seen so far in the unfinished walk. */
  walkNewest?: string;
}

export const reviewPage: Source<ReviewPageConfig> = {
  kind: "review-page",
  replies: "payload",
  parseConfig: parseReviewPageConfig,
  async *pages(ctx, config, stored) {
    const cursor = (stored ?? {}) as ReviewPageCursor;
    const source = `review-page ${config.url}`;
    const robots = createRobotsCheck(ctx, config.robotsUserAgent);
    const matcher = config.terms?.length ? createTermMatcher(config.terms) : undefined;
    const stableBase = (() => {
      const u = new URL(config.url);
      return `${u.origin}${u.pathname}`;
    })();
    const resuming = typeof cursor.pageUrl === "string";
    let url = resuming ? cursor.pageUrl! : config.url;
    let pageNumber = resuming && typeof cursor.pageNumber === "number" ? cursor.pageNumber : 1;
    let walkNewest = resuming ? toTime(cursor.walkNewest) : undefined;
    let validators: Pick<ReviewPageCursor, "etag" | "lastModified"> = pick(cursor);
    const knownUntil = toTime(cursor.since);
    const seen = new Set<string>();
    const visited = new Set<string>();

    const finished = (): ReviewPageCursor => {
      const since = Math.max(knownUntil ?? -Infinity, walkNewest ?? -Infinity);
      return { ...validators, ...(Number.isFinite(since) ? { since: new Date(since).toISOString() } : {}) };
    };

    for (;;) {
      visited.add(url);
      const verdict = await robots(url);
      if (!verdict.allowed) {
        const message = `${source}: robots.txt (${verdict.robotsUrl}) disallows ${url} for user-agent "${config.robotsUserAgent}"`;
        if (pageNumber === 1) throw new EarshotError("ES_ERR_ROBOTS_DISALLOWED", message);
        yield { mentions: [], cursor: finished(), notice: `${message}; the walk stopped there` };
        return;
      }

      // Only a fresh walk's first page is asked conditionally: later pages and backfills must be read.
      const conditional = pageNumber === 1 && !resuming && ctx.since === undefined;
      let res;
      try {
        res = await ctx.http.get(url, { signal: ctx.signal, ...(conditional && validators.etag ? { etag: validators.etag } : {}), ...(conditional && validators.lastModified ? { lastModified: validators.lastModified } : {}) });
      } catch (error) {
        // Template pagination learns where the pages end by asking one too many.
        if (config.urlTemplate && pageNumber > 1 && error instanceof HttpError && (error.status === 404 || error.status === 410)) {
          yield { mentions: [], cursor: finished() };
          return;
        }
        throw error;
      }
      if (res.notModified) {
        yield { mentions: [], cursor, notModified: true };
        return;
      }
      if (pageNumber === 1) validators = pick({ etag: res.headers.etag, lastModified: res.headers["last-modified"] });

      const $ = loadPage(res.text());
      const found = findReviews($, source, config.embedded);
      if (found.allBlocksFailed) {
        const first = found.itemErrors[0]!;
        throw new ParseError({ source, item: first.item, detail: `no usable structured data on ${url}: ${first.message.slice(first.message.indexOf(": ") + 2)}` });
      }

      const itemErrors: ItemError[] = [...found.itemErrors];
      const mentions: MentionDraft[] = [];
      const context = { source, pageUrl: res.url, stableBase, channel: config.channel, ...(config.lang ? { lang: config.lang } : {}), ...(found.lang ? { pageLang: found.lang } : {}) };
      found.reviews.forEach((review, i) => {
        let mention: MentionDraft;
        try {
          mention = toReviewMention(review, { ...context, index: i + 1 });
        } catch (error) {
          if (!(error instanceof ParseError)) throw error;
          itemErrors.push({ item: error.item ?? `review #${i + 1}`, message: error.message, raw: JSON.stringify(review.node).slice(0, 2000) });
          return;
        }
        // The same review in JSON-LD and microdata, or shifted onto the next page, is stored once.
        if (seen.has(mention.externalId)) return;
        seen.add(mention.externalId);
        if (matcher) {
          const term = matcher.find([mention.title, mention.text, itemName(review.item), found.title].filter(Boolean).join("\n"));
          if (term) mention.matchedTerm = term;
          else if (config.filterByTerms) return;
        }
        mentions.push(mention);
      });
      if (config.aggregates) {
        found.aggregates.forEach((aggregate, i) => {
          try {
            const mention = toAggregateMention(aggregate, { ...context, index: i + 1 });
            if (mention && !seen.has(mention.externalId)) {
              seen.add(mention.externalId);
              mentions.push(mention);
            }
          } catch (error) {
            if (!(error instanceof ParseError)) throw error;
            itemErrors.push({ item: error.item ?? `aggregateRating #${i + 1}`, message: error.message });
          }
        });
      }

      const times = mentions.map((m) => m.publishedAt?.getTime()).filter((t): t is number => t !== undefined && t <= ctx.now().getTime() + 86_400_000);
      const newest = times.length > 0 ? Math.max(...times) : undefined;
      const oldest = times.length > 0 ? Math.min(...times) : undefined;
      if (newest !== undefined) walkNewest = Math.max(walkNewest ?? -Infinity, newest);

      const page: Page = { mentions: sortOldestFirst(mentions), cursor: {} };
      if (itemErrors.length > 0) page.itemErrors = itemErrors;
      if (pageNumber === 1 && found.reviews.length === 0 && found.aggregates.length === 0 && !config.embedded) {
        page.notice = `${source}: no schema.org Review or AggregateRating on ${res.url}; check the URL, or configure "embedded" when the reviews ship as app JSON`;
      }

      // Where the walk goes next, and whether it should.
      const next = config.urlTemplate ? config.urlTemplate.replaceAll("{page}", String(config.startPage + pageNumber)) : nextLink($, config.nextSelector, res.url);
      let stop: string | undefined;
      if (config.urlTemplate && found.reviews.length === 0) stop = "empty page";
      else if (!next) stop = "last page";
      else if (visited.has(next)) stop = "pagination loops";
      else if (new URL(next).origin !== new URL(res.url).origin) {
        stop = "cross-origin next link";
        page.notice = `${source}: the next-page link leads to another site (${next}); the walk stopped`;
      } else if (ctx.since !== undefined ? oldest !== undefined && oldest < ctx.since.getTime() : oldest !== undefined && knownUntil !== undefined && newest! <= knownUntil) {
        // Backfill walks until it passes --since; a normal walk stops at reviews it already has.
        stop = "reached known reviews";
      } else if (pageNumber >= config.maxPages) {
        stop = "maxPages";
        const from = oldest !== undefined ? ` than ${new Date(oldest).toISOString().slice(0, 10)}` : "";
        const reach = ctx.since ? ` reviews older${from} (back to --since ${ctx.since.toISOString().slice(0, 10)}) were not reached` : ` reviews older${from} were not read`;
        page.notice = `${source}: stopped after maxPages (${config.maxPages});${reach}; raise maxPages to go further`;
      }

      if (stop !== undefined) {
        page.cursor = finished();
        yield page;
        return;
      }
      page.cursor = { ...validators, ...(cursor.since ? { since: cursor.since } : {}), pageUrl: next!, pageNumber: pageNumber + 1, ...(walkNewest !== undefined ? { walkNewest: new Date(walkNewest).toISOString() } : {}) };
      if (verdict.crawlDelayMs !== undefined) {
        // Sources never sleep: with a Crawl-delay, one page per scan, and the scheduler waits.
        page.minNextCheckMs = verdict.crawlDelayMs;
        yield page;
        return;
      }
      yield page;
      url = next!;
      pageNumber++;
    }
  },
};

function nextLink($: ReturnType<typeof loadPage>, selector: string, pageUrl: string): string | undefined {
  const href = $(selector).first().attr("href")?.trim();
  if (!href) return undefined;
  try {
    const url = new URL(href, pageUrl);
    url.hash = "";
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch (error) {
    // An unparseable href is no next page.
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

function pick(from: { etag?: unknown; lastModified?: unknown }): Pick<ReviewPageCursor, "etag" | "lastModified"> {
  return { ...(typeof from.etag === "string" ? { etag: from.etag } : {}), ...(typeof from.lastModified === "string" ? { lastModified: from.lastModified } : {}) };
}

function toTime(iso: unknown): number | undefined {
  if (typeof iso !== "string") return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Oldest first (STYLE §3); undated reviews keep their page order at the end. */
function sortOldestFirst(mentions: MentionDraft[]): MentionDraft[] {
  const time = (m: MentionDraft) => m.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...mentions].sort((a, b) => time(a) - time(b));
}
