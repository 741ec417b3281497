/**
 * What the digest's themes read (digest/themes.ts): a sample of the complaints of each topic in
 * the period and in its baseline, with the text and who wrote it (the author hash, never the
 * handle). The sample is stratified by day: up to `perDay` complaints per topic and local day,
 * picked by the same id hash as the digest's examples (store/digest.ts, EXAMPLE_ORDER), so it is
 * every complaint on quiet days and an unbiased draw on busy ones. Rolled-up days read the ids
 * from digest_rollup_examples (which keeps each day's first ROLLUP_EXAMPLES_PER_DAY in that
 * order); the rest from the rows. Either way the cost follows the period and the baseline, never
 * the whole history.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { hashAsText } from "./hash-cell.js";
import { EVIDENCE_COLUMNS, toEvidenceJsonRow, type EvidenceColumns } from "./evidence-columns.js";
import {
  EXAMPLE_ORDER,
  inRange,
  loadRollupCoverage,
  ROLLUP_EXAMPLES_PER_DAY,
  toCoverage,
  toIdList,
  toRange,
  type EvidenceCandidate,
  type MsRange,
  type TimeBucket,
} from "./digest.js";

const DAY_MS = 86_400_000;
/** Ids per `in (…)` list: well under SQLite's bound-parameter limit. */
const ID_CHUNK = 5_000;

export interface ThemeSampleQuery {
  /** The digest's period. */
  period: TimeBucket;
  /** The baseline before it (one contiguous range). */
  baseline: TimeBucket;
  /** Complaints per topic and day of the period. At most ROLLUP_EXAMPLES_PER_DAY to use the rollups. Default 80. */
  periodPerDay?: number;
  /** Complaints per topic and day of the baseline. Default 12. */
  baselinePerDay?: number;
  /** Longest text read, in characters. Default 1000. */
  maxTextChars?: number;
  /** As in countDigestBuckets: use this zone's up-to-date daily rollups; default rows only. */
  timezone?: string;
}

/** One sampled complaint: an evidence candidate (so the digest's quote helpers apply) plus what themes need. */
export interface ThemeDoc extends EvidenceCandidate {
  stage: string;
  /** true: in the period; false: in the baseline. */
  current: boolean;
  authorHash: string | null;
  sourceKind: string;
  /** The app version of a store review; null elsewhere. */
  appVersion: string | null;
}

/** The sampled complaints of the period and the baseline, one row per (complaint, topic). */
export function listThemeSample(db: Db, query: ThemeSampleQuery): ThemeDoc[] {
  const periodPerDay = query.periodPerDay ?? ROLLUP_EXAMPLES_PER_DAY;
  const baselinePerDay = query.baselinePerDay ?? 12;
  for (const [name, value] of [["periodPerDay", periodPerDay], ["baselinePerDay", baselinePerDay]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`themes: ${name} must be a positive integer, got ${value}`);
  }
  const picked = [
    ...sampleRange(db, toRange(query.period), periodPerDay, query.timezone).map((p) => ({ ...p, current: true })),
    ...sampleRange(db, toRange(query.baseline), baselinePerDay, query.timezone).map((p) => ({ ...p, current: false })),
  ];
  if (picked.length === 0) return [];
  const ids = [...new Set(picked.map((p) => p.id))];
  const maxTextChars = query.maxTextChars ?? 1000;
  const details = new Map<number, Omit<ThemeDoc, "topic" | "stage" | "current">>();
  const stages = new Map<string, string>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = toIdList(ids.slice(i, i + ID_CHUNK));
    for (const row of db.all<Omit<ThemeDoc, "topic" | "stage" | "current" | "evidence"> & EvidenceColumns>(sql`
      select m.id as mentionId, s.name as sourceName, s.kind as sourceKind, m.channel as channel, m.lang as lang,
        m.url as url, null as title, substr(m.text, 1, ${maxTextChars}) as text,
        ${sql.raw("coalesce(m.published_at, m.fetched_at)")} as publishedAt, m.rating as rating, m.rating_scale as ratingScale,
        ${hashAsText(sql.raw("m.content_hash"))} as contentHash, ${EVIDENCE_COLUMNS}, ${hashAsText(sql.raw("m.author_hash"))} as authorHash, m.app_version as appVersion
      from mentions m
      join sources s on s.id = m.source_id
      where m.id in ${chunk}`)) {
      details.set(row.mentionId, toEvidenceJsonRow(row));
    }
    for (const row of db.all<{ id: number; topic: string; stage: string }>(sql`select mention_id as id, topic, stage from mention_topics where mention_id in ${chunk}`)) {
      stages.set(`${row.id}\u0000${row.topic}`, row.stage);
    }
  }
  return picked.flatMap((p) => {
    const row = details.get(p.id);
    const stage = stages.get(`${p.id}\u0000${p.topic}`);
    return row && stage !== undefined ? [{ ...row, topic: p.topic, stage, current: p.current }] : [];
  });
}

/** Ids per topic and day of `range`: rolled-up days from their stored samples, the gaps from the rows. */
function sampleRange(db: Db, range: MsRange, perDay: number, timezone: string | undefined): Array<{ topic: string; id: number }> {
  const covered = timezone && perDay <= ROLLUP_EXAMPLES_PER_DAY ? loadRollupCoverage(db, timezone, range) : [];
  const { dayIds, gaps } = toCoverage(range, covered);
  const picked = gaps.flatMap((gap) =>
    // A gap's days are 24-hour slots from its start: close enough to local days for a sample.
    db.all<{ topic: string; id: number }>(sql`
      select topic, id from (
        select mt.topic as topic, m.id as id,
          row_number() over (partition by mt.topic, (${sql.raw("coalesce(m.published_at, m.fetched_at)")} - ${gap.startMs}) / ${DAY_MS} order by ${EXAMPLE_ORDER}) as rank
        from mentions m
        cross join mention_topics mt on mt.mention_id = m.id
        where ${inRange(gap)} and m.complaint = 1 and m.duplicate_of is null)
      where rank <= ${perDay}`),
  );
  if (dayIds.length > 0) {
    picked.push(
      ...db.all<{ topic: string; id: number }>(sql`
        select topic, id from (
          select e.topic as topic, j.value as id,
            row_number() over (partition by e.day_id, e.topic order by (j.value * 2654435761) % 4294967296, j.value) as rank
          from digest_rollup_examples e, json_each(e.mention_ids) j
          where e.day_id in ${toIdList(dayIds)})
        where rank <= ${perDay}`),
    );
  }
  return picked;
}
