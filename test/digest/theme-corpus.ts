/**
 * A realistic store for the themes tests: nine weeks (2026-09-21 … 2026-11-22, UTC) of the bench
 * corpus's generated mentions (four languages, 50 sources, nine source kinds, typos, Lithuanian
 * sometimes without diacritics), stored through savePages, plus whatever a test plants.
 */
import { toWeekBuckets } from "../../src/digest/week.js";
import type { Db } from "../../src/store/sqlite/db.js";
import { openDb } from "../../src/store/sqlite/db.js";
import { savePages, type SavePageInput } from "../../src/store/sqlite/mentions.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { createCorpus, toCorpusMention, TOPIC_STAGES } from "../bench/corpus.js";
import { toTestRow } from "../helpers/rows.js";
import type { PageRow } from "../../src/store/sqlite/mentions.js";

const KINDS = ["rss", "app-store", "google-play", "reddit", "hackernews", "mastodon", "bluesky", "review-page", "file"] as const;
export const THEME_CORPUS_START = "2026-09-21T00:00:00Z";
/** The digest week: the corpus's last. */
export const THEME_WEEK = { year: 2026, week: 47 };
export const THEME_BUCKETS = toWeekBuckets(THEME_WEEK, 9, "UTC");

/** A complaint to plant: text, language, author hash, when, and topics (default checkout_payment). */
export interface PlantedComplaint {
  text: string;
  lang: string;
  authorHash: string;
  at: Date;
  source?: number;
  topics?: string[];
  url?: string;
  /** An app-store review of this app version (channel app_store) instead of a review-site one. */
  appVersion?: string;
}

/** A fresh store (in memory unless `path`) with `count` corpus mentions over the nine weeks, and `planted` on top. */
export function seedThemeCorpus(count: number, planted: readonly PlantedComplaint[] = [], path = ":memory:", seed = 17): Db {
  const db = openDb(path);
  const corpus = createCorpus({ seed, sources: 50, start: new Date(THEME_CORPUS_START), days: 63 });
  const now = new Date("2026-11-23T08:00:00Z");
  const sources = Array.from({ length: corpus.sources }, (_, s) => {
    const kind = KINDS[s % KINDS.length]!;
    const id = addSource(db, { name: `${kind}-${s}`, kind, config: { url: `http://127.0.0.1/${s}` } }, now).id;
    return { id, runId: startRun(db, id, now) };
  });
  const rows = new Map<number, PageRow[]>();
  const add = (source: number, row: PageRow) => rows.set(source, [...(rows.get(source) ?? []), row]);
  for (let i = 0; i < count; i++) {
    const m = toCorpusMention(corpus, i);
    const topicStages = m.topics.map((topic) => ({ topic, stage: TOPIC_STAGES[topic]! }));
    add(
      m.source,
      toTestRow(
        m.externalId,
        {
          text: m.text,
          lang: m.lang,
          channel: m.channel,
          url: m.url,
          authorHash: `author-${m.author}`,
          rating: m.rating ?? null,
          ratingScale: m.ratingScale ?? null,
          publishedAt: m.publishedAt,
          fetchedAt: m.publishedAt,
          contentHash: `corpus-${i}`,
          sentiment: m.sentiment,
          complaint: m.complaint,
        },
        topicStages,
      ),
    );
  }
  planted.forEach((p, i) => {
    const topicStages = (p.topics ?? ["checkout_payment"]).map((topic) => ({ topic, stage: TOPIC_STAGES[topic]! }));
    add(
      p.source ?? i % corpus.sources,
      toTestRow(
        `planted-${i}`,
        { text: p.text, lang: p.lang, channel: p.appVersion ? "app_store" : "review", url: p.url ?? `https://reviews.example/planted/${i}`, authorHash: p.authorHash, publishedAt: p.at, fetchedAt: p.at, contentHash: `planted-${i}`, appVersion: p.appVersion ?? null },
        topicStages,
      ),
    );
  });
  const inputs: SavePageInput[] = [...rows].map(([source, page]) => ({ sourceId: sources[source]!.id, runId: sources[source]!.runId, rows: page, cursor: {}, now }));
  savePages(db, inputs);
  return db;
}

/**
 * One concrete problem (paying through the Swedbank bank link fails since a release) in ten
 * wordings, five English and five Lithuanian (two of them typed without diacritics).
 */
export const BANK_LINK_WORDINGS: ReadonlyArray<{ lang: string; text: string }> = [
  { lang: "en", text: "Payment via the Swedbank link fails, the bank page just says card declined." },
  { lang: "en", text: "Checkout is broken: the Swedbank bank link sends me back to the cart with an error." },
  { lang: "en", text: "Since Tuesday's update the Swedbank link step never completes, tried three times." },
  { lang: "en", text: "Tried paying with Swedbank again and the bank link keeps failing at the last step." },
  { lang: "en", text: "Swedbank payment link is broken, stuck on the redirect and no order placed." },
  { lang: "lt", text: "Nepavyksta apmokėti per Swedbank, banko nuoroda meta klaidą." },
  { lang: "lt", text: "Mokėjimas per Swedbank nutrūksta grįžus iš banko puslapio." },
  { lang: "lt", text: "Per Swedbank negaliu sumoketi, banko nuoroda neveikia nuo antradienio." },
  { lang: "lt", text: "Swedbank banko nuoroda vis grąžina į krepšelį, užsakymas nesukurtas." },
  { lang: "lt", text: "Mokant per Swedbank puslapis uzstringa ir pinigu nenuskaicioja." },
];

/** `count` complaints from distinct authors (or one, `sameAuthor`) over the digest week's last five days. */
export function toPlantedComplaints(count: number, options: { sameAuthor?: boolean; wordings?: ReadonlyArray<{ lang: string; text: string }> } = {}): PlantedComplaint[] {
  const wordings = options.wordings ?? BANK_LINK_WORDINGS;
  const tuesday = new Date("2026-11-17T09:00:00Z").getTime();
  return Array.from({ length: count }, (_, i) => ({
    ...wordings[i % wordings.length]!,
    authorHash: options.sameAuthor ? "author-loud" : `author-planted-${i}`,
    at: new Date(tuesday + (i % 5) * 86_400_000 + i * 1_800_000),
  }));
}
