/**
 * Corpus mentions as RSS 2.0 feeds of 100 items, served by the product's replay server: the
 * ingest, rescan and scan-memory benchmarks go through real HTTP, the real rss parser and the
 * whole pipeline. Feeds carry no ETag or Last-Modified, so a rescan downloads, parses and
 * classifies everything again: the worst case for "all duplicates", not a 304 shortcut.
 */
import type { ReplayRoutes } from "../../src/replay/server.js";
import { toCorpusMention, type Corpus, type CorpusMention } from "./corpus.js";

export const ITEMS_PER_FEED = 100;

export interface CorpusFeeds {
  routes: ReplayRoutes;
  /** Route paths, one per feed, in corpus order. */
  paths: string[];
  /** Sum of the feed bodies, bytes. */
  bytes: number;
}

/** Mentions [first, first + count) as feeds of `perFeed` items at /feeds/<n>.xml. */
export function toCorpusFeeds(corpus: Corpus, count: number, options: { first?: number; perFeed?: number } = {}): CorpusFeeds {
  const first = options.first ?? 0;
  const perFeed = options.perFeed ?? ITEMS_PER_FEED;
  const routes: ReplayRoutes = {};
  const paths: string[] = [];
  let bytes = 0;
  for (let start = first; start < first + count; start += perFeed) {
    const items: CorpusMention[] = [];
    for (let i = start; i < Math.min(start + perFeed, first + count); i++) items.push(toCorpusMention(corpus, i));
    const path = `/feeds/${start / perFeed}.xml`;
    const body = Buffer.from(renderRssFeed(`Reviews ${start / perFeed}`, items), "utf8");
    routes[path] = { status: 200, headers: { "content-type": "application/rss+xml; charset=utf-8" }, body };
    paths.push(path);
    bytes += body.length;
  }
  return { routes, paths, bytes };
}

/** RSS 2.0 with the fields review and complaint feeds carry: guid, link, author, date, title, text. */
export function renderRssFeed(title: string, items: readonly CorpusMention[]): string {
  const rendered = items.map(renderRssItem);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>` +
    `<title>${toXmlText(title)}</title><link>https://reviews.example/</link><description>generated for benchmarks</description>\n${rendered.join("\n")}\n</channel></rss>\n`
  );
}

/** One <item>: also what the rss source keeps as a mention's raw payload. */
export function renderRssItem(m: CorpusMention): string {
  return (
    `<item><guid isPermaLink="false">${m.externalId}</guid><link>${m.url}</link><dc:creator>${toXmlText(m.author)}</dc:creator>` +
    `<pubDate>${m.publishedAt.toUTCString()}</pubDate>${m.title ? `<title>${toXmlText(m.title)}</title>` : ""}<description>${toXmlText(m.text)}</description></item>`
  );
}

function toXmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
