/**
 * migrate: upgrading a store written before issue 14's compact forms. The seeded 1M-mention
 * database is copied and turned back into what migration 0008's code wrote — hashes as hex text,
 * evidence as JSON, classifier versions in full, payloads as bare brotli streams, `mention_topics`
 * as a rowid table with its (mention, stage, topic) index, the author-hash index, no search index,
 * and no migration after 0008 recorded — then `earshot db compact` (the built CLI, in a child
 * process) opens it, which applies migrations 0009–0013 in SQL (topic rows and hashes, classifier
 * versions by id, the author-hash index dropped, the search index built), and packs the evidence
 * and repacks the payloads in batches. Baseline: copying the file in the same run. Issue 14's
 * target: < 2 minutes and < 300 MB peak RSS at 1M mentions.
 */
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { toClassifiedBody } from "../../src/core/classification.js";
import { toEvidenceJson } from "../../src/store/evidence-codec.js";
import { toStoredRaw } from "../../src/store/sqlite/raw-payload.js";
import type { BenchContext } from "./context.js";
import { toCountText } from "./digest.js";
import { runCliChild } from "./cli-child.js";
import { measureMs, toBenchResult, type BenchResult } from "./harness.js";
import { seedDatabase, toSeedFileName } from "./seed-db.js";

export async function runMigrateBenchmark(context: BenchContext): Promise<BenchResult[]> {
  const count = context.sizes.digestMentions[0]!;
  const seeded = join(context.seedDir, toSeedFileName(count, context.seed));
  seedDatabase(seeded, { count, seed: context.seed, log: context.log });
  const copy = join(context.workDir, "migrate.db");
  try {
    const copyMs = await measureMs(async () => copyFileSync(seeded, copy));
    const downgradeMs = await measureMs(async () => toMigration0008Forms(copy));
    context.log(`migrate: copy turned back into migration 0008's forms in ${(downgradeMs / 1000).toFixed(1)} s`);
    const { stdout, ms, peakMb } = await runCliChild(["db", "compact", "--db", copy, "--json"], join(context.workDir, "migrate-peak.json"));
    const result = JSON.parse(stdout) as { packed: number; repackedPayloads: number; openMs: number; durationMs: number };
    if (result.packed !== count) throw new Error(`migrate: packed ${result.packed} of ${count} rows`);
    const check = new Database(copy, { readonly: true });
    const textHashes = check.prepare("select count(*) from mentions where typeof(content_hash) <> 'blob'").pluck().get() as number;
    const topicsTable = check.prepare("select sql from sqlite_master where name = 'mention_topics'").pluck().get() as string;
    check.close();
    if (textHashes !== 0 || !/WITHOUT ROWID/i.test(topicsTable)) throw new Error(`migrate: ${textHashes} hashes left as text, mention_topics: ${topicsTable}`);
    return [
      toBenchResult({
        name: `migrate 0008 → compact @ ${toCountText(count)}`,
        unit: "s",
        subject: [ms / 1000],
        baselineName: "copying the file",
        baseline: [copyMs / 1000],
        target: "< 120 s and < 300 MB RSS",
        ...(context.quick ? {} : { isMet: (median: number) => median < 120 && peakMb < 300 }),
        notes: [
          `migrations 0009–0013 (hashes to bytes, topic rows WITHOUT ROWID, classifier versions by id, author-hash index dropped, search index built) ${(result.openMs / 1000).toFixed(1)} s, then packing ${result.packed.toLocaleString("en-US")} rows' evidence and repacking ${result.repackedPayloads.toLocaleString("en-US")} payloads ${(result.durationMs / 1000).toFixed(1)} s (built CLI, batches of 20,000 ids); peak RSS ${peakMb.toFixed(0)} MB (VmHWM)`,
        ],
      }),
    ];
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${copy}${suffix}`, { force: true });
  }
}

/** When migration 0008 was generated (migrations/meta/_journal.json): later migrations are forgotten. */
const MIGRATION_0008_WHEN = (JSON.parse(readFileSync(new URL("../../migrations/meta/_journal.json", import.meta.url), "utf8")) as { entries: Array<{ idx: number; when: number }> }).entries.find((e) => e.idx === 8)!.when;

/** Rewrites a current store into the forms migration 0008's code wrote, and forgets every migration after 0008. */
function toMigration0008Forms(path: string): void {
  const client = new Database(path);
  client.pragma("journal_mode = WAL");
  client.pragma("cache_size = -500000");
  client.function("bench_evidence_json", { deterministic: true }, (evidence: unknown, title: unknown, text: unknown) =>
    toEvidenceJson(evidence as Uint8Array | string, toClassifiedBody({ title: title as string | null, text: text as string })),
  );
  // storage.raw: compress was already the default: payloads as bare brotli streams.
  client.function("bench_bare_brotli", { deterministic: true }, (raw: unknown) => (typeof raw === "string" ? toStoredRaw(raw, "compress") : raw));
  client.transaction(() => {
    client.exec(`
      update mentions set
        content_hash = case when typeof(content_hash) = 'blob' then lower(hex(content_hash)) else content_hash end,
        author_hash = case when typeof(author_hash) = 'blob' then lower(hex(author_hash)) else author_hash end,
        evidence = bench_evidence_json(evidence, title, text),
        classifier_version = (select version from classifier_versions v where v.id = mentions.classifier_version),
        raw = bench_bare_brotli(raw);
      drop table classifier_versions;
      create table old_mention_topics (
        mention_id integer not null, topic text not null, stage text not null,
        primary key (mention_id, topic),
        foreign key (mention_id) references mentions(id) on update no action on delete cascade);
      insert into old_mention_topics select mention_id, topic, stage from mention_topics;
      drop table mention_topics;
      alter table old_mention_topics rename to mention_topics;
      create index mention_topics_topic_idx on mention_topics (topic, stage);
      create index mention_topics_mention_stage_idx on mention_topics (mention_id, stage, topic);
      create index if not exists mentions_author_hash_idx on mentions (author_hash);
      -- What migrations after 0008 added besides the forms above (0012: the search index, 0013:
      -- the answered-mentions index) goes too, so the upgrade builds them as a real one would.
      drop trigger if exists mentions_fts_insert;
      drop trigger if exists mentions_fts_delete;
      drop trigger if exists mentions_fts_update;
      drop table if exists mentions_fts;
      drop index if exists mentions_answered_idx;
      -- drizzle's table declares "id SERIAL", which SQLite leaves null: rows are told apart by created_at.
      delete from __drizzle_migrations where created_at > ${MIGRATION_0008_WHEN};
    `);
  })();
  client.pragma("wal_checkpoint(TRUNCATE)");
  client.close();
}
