import { openDb, type Db } from "../../src/store/sqlite/db.js";
import { savePage, type NewMention, type PageRow } from "../../src/store/sqlite/mentions.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";

/** One mention to seed: when, which topics (a complaint when it has any), and what else differs. */
export interface SeedMention {
  at: string;
  topics?: Array<[topic: string, stage: string]>;
  source?: string;
  overrides?: Partial<NewMention>;
}

const STAGE_OF: Record<string, string> = { delivery: "after_sales", returns_refunds: "after_sales", slow_reply: "service", checkout_payment: "conversion" };

/** A fresh migrated in-memory store holding `mentions` (sources are created on first use). */
export function seedDigestDb(mentions: readonly SeedMention[], path = ":memory:"): Db {
  const db = openDb(path);
  saveSeedMentions(db, mentions);
  return db;
}

let counter = 0;

export function saveSeedMentions(db: Db, mentions: readonly SeedMention[]): void {
  const now = new Date("2026-11-29T10:00:00Z");
  const sources = new Map<string, { id: number; runId: number }>();
  const bySource = new Map<string, PageRow[]>();
  for (const m of mentions) {
    const name = m.source ?? "feed";
    const topicStages = (m.topics ?? []).map(([topic, stage]) => ({ topic, stage: stage ?? STAGE_OF[topic] ?? "service" }));
    const id = `m${++counter}`;
    const row = toTestRow(id, { publishedAt: new Date(m.at), fetchedAt: new Date(m.at), contentHash: `hash-${id}`, ...m.overrides }, topicStages);
    bySource.set(name, [...(bySource.get(name) ?? []), row]);
  }
  for (const [name, rows] of bySource) {
    let source = sources.get(name);
    if (!source) {
      const existing = db.$client.prepare("select id from sources where name = ?").get(name) as { id: number } | undefined;
      const id = existing?.id ?? addSource(db, { name, kind: "rss", config: { url: `http://127.0.0.1/${name}` } }, now).id;
      source = { id, runId: startRun(db, id, now) };
      sources.set(name, source);
    }
    savePage(db, { sourceId: source.id, runId: source.runId, rows, cursor: {}, now });
  }
}

/** `count` mentions spread over the days of the ISO week starting on `monday` (UTC date). */
export function spreadOverWeek(monday: string, count: number, mention: Omit<SeedMention, "at">): SeedMention[] {
  const start = new Date(`${monday}T10:00:00Z`).getTime();
  return Array.from({ length: count }, (_, i) => ({ ...mention, at: new Date(start + (i % 7) * 86_400_000 + i * 60_000).toISOString() }));
}
