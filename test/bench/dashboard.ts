/**
 * dashboard: the server time of every `earshot serve` page over the 1M-mention store the digest
 * benchmark seeds (shared cache), requests answered in-process by the same Hono app the server
 * runs (no socket: the server's own time); baseline: the digest computation alone in the same
 * rounds (what the Overview is built on). Targets: every page < 150 ms at 1M; a two-word search
 * < 100 ms, measured at the store (browseMentions with text) against the same page unsearched.
 * Also what the search index costs the ingest path: the same corpus pages written by savePages
 * into a fresh database with and without the FTS triggers, same rounds (informational).
 */
import { join } from "node:path";
import { DEFAULT_TAXONOMY } from "../../src/classify/taxonomy/default.js";
import { loadDigest } from "../../src/digest/load.js";
import { renderDigest } from "../../src/digest/render.js";
import { DEFAULT_SPIKE_RULE } from "../../src/digest/spikes.js";
import { toLastCompleteWeek, toWeekBuckets } from "../../src/digest/week.js";
import { browseMentions } from "../../src/store/sqlite/browse.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { createWebApp } from "../../src/web/server.js";
import type { BenchContext } from "./context.js";
import { measureInterleaved, measureMs, toBenchResult, toMedian, type BenchResult } from "./harness.js";
import { createCorpus, TOPIC_STAGES, toCorpusMention } from "./corpus.js";
import { savePages, type PageRow } from "../../src/store/sqlite/mentions.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { seedDatabase, toSeedFileName } from "./seed-db.js";
import { toCountText } from "./digest.js";
import { createSqliteStore } from "../../src/store/sqlite/store.js";

const SEARCHES = ["courier early", "kurjeris anksčiau"];

export async function runDashboardBenchmark(context: BenchContext): Promise<BenchResult[]> {
  const count = context.sizes.digestMentions[0]!;
  const path = join(context.seedDir, toSeedFileName(count, context.seed));
  seedDatabase(path, { count, seed: context.seed, log: context.log });
  // A store seeded before the search index existed gets it here, as an upgrade would (migration 0012).
  closeDb(openDb(path));
  const corpusEnd = new Date(Date.UTC(2025, 10, 24) + 364 * 86_400_000);
  const db = openDb(path, { readonly: true });
  const store = createSqliteStore(db);
  const results: BenchResult[] = [];
  try {
    const rule = DEFAULT_SPIKE_RULE;
    const digestOf = (week: ReturnType<typeof toLastCompleteWeek>) => loadDigest(store, { buckets: toWeekBuckets(week, rule.baselineWeeks + 1, "UTC"), kind: "week", timezone: "UTC", spikes: rule, now: corpusEnd });
    const app = createWebApp({
      store,
      writeStore: store,
      openReader: async () => createSqliteStore(openDb(path, { readonly: true })),
      timezone: "UTC",
      locale: "en",
      topics: Object.entries(DEFAULT_TAXONOMY.topics).map(([id, t]) => ({ id, stage: t.stage })),
      loadDigest: (reader, week, { themes }) => loadDigest(reader, { buckets: toWeekBuckets(week, rule.baselineWeeks + 1, "UTC"), kind: "week", timezone: "UTC", spikes: rule, now: corpusEnd, ...(themes ? {} : { themes: false }) }),
      renderDigest,
      digestWeeks: 12,
      threads: { kinds: ["reddit", "mastodon"], windowMs: 14 * 86_400_000, recheckMs: 3 * 3_600_000 },
      now: () => corpusEnd,
    });
    const middle = Math.floor(count / 2);
    const firstPage = await (await app.request("/mentions?complaint=yes")).text();
    const older = /href="(\/mentions\?complaint=yes&amp;after=[^"]+)"/u.exec(firstPage)?.[1]?.replace(/&amp;/gu, "&");
    const pages: Record<string, string> = {
      Overview: "/",
      Mentions: "/mentions",
      "Mentions, filtered (complaints about delivery, lt)": "/mentions?complaint=yes&topic=delivery&lang=lt",
      "Mentions, next page": older ?? "/mentions?complaint=yes",
      "Mentions, searched": `/mentions?q=${encodeURIComponent(SEARCHES[0]!)}&complaint=no`,
      Mention: `/mentions/${middle}`,
      Sources: "/sources",
      Digests: "/digests",
    };
    const week = toLastCompleteWeek(corpusEnd, "UTC");
    for (const [name, url] of Object.entries(pages)) {
      let status = 0;
      let bytes = 0;
      const values = await measureInterleaved(
        {
          page: async () =>
            measureMs(async () => {
              const response = await app.request(url);
              status = response.status;
              bytes = (await response.text()).length;
            }),
          digest: async () => measureMs(() => digestOf(week)),
        },
        context.rounds,
      );
      if (status !== 200) throw new Error(`dashboard bench: ${url} answered ${status}`);
      results.push(
        toBenchResult({
          name: `dashboard ${name} @ ${toCountText(count)}`,
          unit: "ms",
          subject: values.page,
          baselineName: "digest computation",
          baseline: values.digest,
          target: "< 150 ms",
          ...(context.quick ? {} : { isMet: (median: number) => median < 150 }),
          notes: [`GET ${url}: ${(bytes / 1024).toFixed(0)} KiB of HTML`],
        }),
      );
    }
    for (const text of SEARCHES) {
      let found = 0;
      const values = await measureInterleaved(
        {
          search: async () => measureMs(() => (found = browseMentions(db, { text }, { limit: 50 }).rows.length)),
          plain: async () => measureMs(() => browseMentions(db, {}, { limit: 50 })),
        },
        context.rounds,
      );
      const matches = db.$client.prepare("select count(*) from mentions_fts where mentions_fts match ?").pluck().get(text.split(" ").map((w) => `"${w}"`).join(" ")) as number;
      results.push(
        toBenchResult({
          name: `search "${text}" @ ${toCountText(count)}`,
          unit: "ms",
          subject: values.search,
          baselineName: "the same page unsearched",
          baseline: values.plain,
          target: "< 100 ms",
          ...(context.quick ? {} : { isMet: (median: number) => median < 100 }),
          notes: [`${matches.toLocaleString("en-US")} mentions match; the newest ${found} shown`],
        }),
      );
    }
  } finally {
    closeDb(db);
  }
  results.push(await measureIndexWriteCost(context));
  return results;
}

/** savePages of the same corpus rows, pages of 100 as a scan writes them, with and without the search index's triggers. */
async function measureIndexWriteCost(context: BenchContext): Promise<BenchResult> {
  const corpus = createCorpus({ seed: context.seed });
  const count = context.quick ? 2_000 : 20_000;
  const rows: PageRow[] = Array.from({ length: count }, (_, i) => {
    const m = toCorpusMention(corpus, i);
    const topicStages = m.topics.map((topic) => ({ topic, stage: TOPIC_STAGES[topic]! }));
    return {
      mention: {
        externalId: m.externalId, url: m.url, title: m.title ?? null, text: m.text, lang: m.lang, channel: m.channel, rating: m.rating ?? null, ratingScale: m.ratingScale ?? null,
        publishedAt: m.publishedAt, fetchedAt: m.publishedAt, contentHash: `${i}`, sentiment: m.sentiment, sentimentScore: 0, complaint: m.complaint,
        topics: m.topics, stages: [...new Set(topicStages.map((t) => t.stage))], evidence: [], classifierVersion: "bench",
      },
      topicStages,
    };
  });
  let round = 0;
  const write = async (withIndex: boolean) => {
    const db = openDb(join(context.workDir, `fts-${withIndex ? "on" : "off"}-${round++}.db`));
    if (!withIndex) for (const t of ["insert", "delete", "update"]) db.$client.exec(`drop trigger mentions_fts_${t}`);
    const source = addSource(db, { name: "s", kind: "rss", config: {} }, new Date(0));
    const runId = startRun(db, source.id, new Date(0));
    try {
      return await measureMs(() => {
        for (let first = 0; first < rows.length; first += 100) savePages(db, [{ sourceId: source.id, runId, rows: rows.slice(first, first + 100), cursor: {}, now: new Date(0) }]);
      });
    } finally {
      closeDb(db);
    }
  };
  const values = await measureInterleaved({ on: () => write(true), off: () => write(false) }, context.rounds);
  return toBenchResult({
    name: `store writes with the search index (${toCountText(count)} mentions, pages of 100)`,
    unit: "ms",
    subject: values.on,
    baselineName: "without the FTS triggers",
    baseline: values.off,
    target: "informational",
    notes: [`per mention: ${(toMedian(values.on) / count * 1000).toFixed(0)} µs with the index, ${(toMedian(values.off) / count * 1000).toFixed(0)} µs without`],
  });
}
