import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";
import { hashAsText } from "./hash-cell.js";
import { EVIDENCE_COLUMNS, toEvidenceJsonRow, type EvidenceColumns } from "./evidence-columns.js";

/**
 * Read-only aggregates for the weekly digest. Every count leaves out cross-source repeats
 * (`duplicate_of` set) so a review syndicated to three sites counts once.
 *
 * Two ways to the same numbers (docs/digest.md, "Daily rollups"):
 * - From the mention rows (`countMentionsByBucket`, `countComplaintsByTopicAndStage`): linear in
 *   the mentions of the period, so a busier year makes every digest slower.
 * - From the daily rollups (`countDigestBuckets` and `listEvidenceCandidates` given a time zone):
 *   days that store/digest-rollups.ts has pre-aggregated and that no newer mention touches are
 *   read from the rollup tables; the rest of each period (today, a day with a late arrival, a
 *   store never refreshed, a read-only copy) falls back to the rows. Both give the same digest
 *   (test/digest/rollups.test.ts).
 *
 * Row-query performance notes:
 * - A mention's time is `coalesce(published_at, fetched_at)` (as in listMentions). The
 *   `mentions_occurred_at_idx` expression index starts with exactly that expression and also
 *   holds every column the counts read, so they never touch the table rows, which a time range
 *   scatters across the file. SQLite uses it only when a query repeats the expression as written.
 * - One query per range: a CASE over the bucket ends in the select list made SQLite recompute
 *   the expression from the table row (10× slower in measurements).
 * - `cross join` keeps mentions (filtered by time) as the outer loop; otherwise the planner may
 *   start from mention_topics and visit a topic's whole history.
 */
export const OCCURRED_AT_TEXT = "coalesce(m.published_at, m.fetched_at)";
export const OCCURRED_AT = sql.raw(OCCURRED_AT_TEXT);

/**
 * The counts of one group of mentions `m`, in MentionCountRow's order; the rollup refresh stores
 * exactly these columns, so rows and rollups cannot count differently. (`sum` of comparisons with
 * a null rating scale is null, hence ifnull.)
 */
export const MENTION_COUNT_COLUMNS = sql.raw(`count(*) as mentions,
        ifnull(sum(m.complaint), 0) as complaints,
        ifnull(sum(m.sentiment = 'positive'), 0) as positive,
        ifnull(sum(m.sentiment = 'neutral'), 0) as neutral,
        ifnull(sum(m.sentiment = 'negative'), 0) as negative,
        ifnull(sum(m.rating_scale = 10 and m.rating is not null), 0) as npsResponses,
        ifnull(sum(m.rating_scale = 10 and m.rating >= 9), 0) as promoters,
        ifnull(sum(m.rating_scale = 10 and m.rating <= 6), 0) as detractors`);

/**
 * The evidence sampling order: a multiplicative hash of the id (Knuth), so candidates spread over
 * the whole period instead of bunching at its end. Ties (none below 2^32 ids) fall back to the id.
 */
export const EXAMPLE_ORDER = sql.raw("(m.id * 2654435761) % 4294967296, m.id");

/** A half-open interval of instants, [start, end). */
export interface TimeBucket {
  start: Date;
  end: Date;
}

/** Per bucket × source × channel × language: the counts the headline numbers and breakdowns add up. */
export interface MentionCountRow {
  /** Index into the buckets passed in. */
  bucket: number;
  sourceName: string;
  sourceKind: string;
  channel: string;
  lang: string | null;
  mentions: number;
  complaints: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Mentions carrying a 0–10 survey score. */
  npsResponses: number;
  /** Scores 9–10. */
  promoters: number;
  /** Scores 0–6. */
  detractors: number;
}

const COUNT_KEYS = ["mentions", "complaints", "positive", "neutral", "negative", "npsResponses", "promoters", "detractors"] as const;

/**
 * Mention counts in contiguous buckets (oldest first, each ending where the next starts),
 * grouped by bucket, source, channel and language, from the mention rows. The caller sums what it needs.
 */
export function countMentionsByBucket(db: Db, buckets: readonly TimeBucket[]): MentionCountRow[] {
  return buckets.flatMap((bucket, index) => countMentionsIn(db, index, toRange(bucket)));
}

function countMentionsIn(db: Db, index: number, range: MsRange): MentionCountRow[] {
  return db.all<MentionCountRow>(sql`
    select ${index} as bucket,
      s.name as sourceName, s.kind as sourceKind, m.channel as channel, m.lang as lang,
      ${MENTION_COUNT_COLUMNS}
    from mentions m
    join sources s on s.id = m.source_id
    where ${inRange(range)} and m.duplicate_of is null
    group by m.source_id, m.channel, m.lang`);
}

export interface TopicCountRow {
  bucket: number;
  topic: string;
  stage: string;
  complaints: number;
}

export interface StageCountRow {
  bucket: number;
  stage: string;
  complaints: number;
}

/**
 * Complaints per bucket × topic (a complaint with two topics counts once for each) and per
 * bucket × journey stage (a complaint with two topics of one stage counts once for it), from the
 * mention rows.
 */
export function countComplaintsByTopicAndStage(db: Db, buckets: readonly TimeBucket[]): { topics: TopicCountRow[]; stages: StageCountRow[] } {
  const topics: TopicCountRow[] = [];
  const stages: StageCountRow[] = [];
  for (const [index, bucket] of buckets.entries()) {
    const counted = countComplaintsIn(db, index, toRange(bucket));
    topics.push(...counted.topics);
    stages.push(...counted.stages);
  }
  return { topics, stages };
}

/**
 * Both counts come from one materialised pass over the range's (mention, topic) pairs: looking
 * the topics up is the expensive part when a week's mentions lie scattered through the table.
 */
function countComplaintsIn(db: Db, index: number, range: MsRange): { topics: TopicCountRow[]; stages: StageCountRow[] } {
  const rows = db.all<{ kind: "topic" | "stage"; topic: string | null; stage: string; complaints: number }>(sql`
    with pairs as materialized (${complaintTopicPairs(range)})
    select 'topic' as kind, topic, stage, count(*) as complaints from pairs group by topic, stage
    union all
    select 'stage' as kind, null as topic, stage, count(distinct id) as complaints from pairs group by stage`);
  return splitComplaintRows(rows, index);
}

/** The (complaint, topic) pairs of a range, repeats left out: what topic and stage counts count. */
export function complaintTopicPairs(range: MsRange): SQL {
  return sql`
    select m.id as id, mt.topic as topic, mt.stage as stage
    from mentions m
    cross join mention_topics mt on mt.mention_id = m.id
    where ${inRange(range)} and m.complaint = 1 and m.duplicate_of is null`;
}

function splitComplaintRows(
  rows: ReadonlyArray<{ kind: "topic" | "stage"; topic: string | null; stage: string; complaints: number }>,
  index: number,
): { topics: TopicCountRow[]; stages: StageCountRow[] } {
  const topics: TopicCountRow[] = [];
  const stages: StageCountRow[] = [];
  for (const row of rows) {
    if (row.kind === "topic") topics.push({ bucket: index, topic: row.topic!, stage: row.stage, complaints: row.complaints });
    else stages.push({ bucket: index, stage: row.stage, complaints: row.complaints });
  }
  return { topics, stages };
}

/** Everything the digest counts, per bucket: what countMentionsByBucket and countComplaintsByTopicAndStage return. */
export interface DigestCounts {
  mentions: MentionCountRow[];
  topics: TopicCountRow[];
  stages: StageCountRow[];
}

export interface DigestCountOptions {
  /**
   * Read the daily rollups of this IANA zone where they are up to date (the buckets must then
   * start and end at local midnights of it to use them); without it, every count comes from the
   * mention rows.
   */
  timezone?: string;
}

/**
 * The digest's counts for contiguous buckets: rolled-up days from the rollup tables, the rest of
 * each bucket from the rows, summed. Rows come out sorted by bucket and then their key, so both
 * ways produce the same order.
 */
export function countDigestBuckets(db: Db, buckets: readonly TimeBucket[], options: DigestCountOptions = {}): DigestCounts {
  const mentions: MentionCountRow[] = [];
  const topics: TopicCountRow[] = [];
  const stages: StageCountRow[] = [];
  const covered = options.timezone && buckets.length > 0 ? loadRollupCoverage(db, options.timezone, { startMs: buckets[0]!.start.getTime(), endMs: buckets.at(-1)!.end.getTime() }) : [];
  for (const [index, bucket] of buckets.entries()) {
    const { dayIds, gaps } = toCoverage(toRange(bucket), covered);
    const mentionRows = gaps.flatMap((gap) => countMentionsIn(db, index, gap));
    const complaintRows = gaps.map((gap) => countComplaintsIn(db, index, gap));
    if (dayIds.length > 0) {
      mentionRows.push(...countRolledUpMentions(db, index, dayIds));
      complaintRows.push(countRolledUpComplaints(db, index, dayIds));
    }
    mentions.push(...sumRows(mentionRows, (r) => [r.sourceName, r.channel, r.lang ?? ""], COUNT_KEYS));
    topics.push(...sumRows(complaintRows.flatMap((c) => c.topics), (r) => [r.topic, r.stage], ["complaints"]));
    stages.push(...sumRows(complaintRows.flatMap((c) => c.stages), (r) => [r.stage], ["complaints"]));
  }
  return { mentions, topics, stages };
}

function countRolledUpMentions(db: Db, index: number, dayIds: readonly number[]): MentionCountRow[] {
  return db.all<MentionCountRow>(sql`
    select ${index} as bucket,
      s.name as sourceName, s.kind as sourceKind, r.channel as channel, r.lang as lang,
      sum(r.mentions) as mentions, sum(r.complaints) as complaints,
      sum(r.positive) as positive, sum(r.neutral) as neutral, sum(r.negative) as negative,
      sum(r.nps_responses) as npsResponses, sum(r.promoters) as promoters, sum(r.detractors) as detractors
    from digest_rollup_mentions r
    join sources s on s.id = r.source_id
    where r.day_id in ${toIdList(dayIds)}
    group by r.source_id, r.channel, r.lang`);
}

function countRolledUpComplaints(db: Db, index: number, dayIds: readonly number[]): { topics: TopicCountRow[]; stages: StageCountRow[] } {
  const rows = db.all<{ kind: "topic" | "stage"; topic: string | null; stage: string; complaints: number }>(sql`
    select 'topic' as kind, topic, stage, sum(complaints) as complaints from digest_rollup_topics
    where day_id in ${toIdList(dayIds)} group by topic, stage
    union all
    select 'stage' as kind, null as topic, stage, sum(complaints) as complaints from digest_rollup_stages
    where day_id in ${toIdList(dayIds)} group by stage`);
  return splitComplaintRows(rows, index);
}

/** Rows of one bucket with the same key summed (a key's rows come from rollups and gaps), sorted by key. */
export function sumRows<Row extends { bucket: number }>(rows: readonly Row[], keyOf: (row: Row) => string[], counts: ReadonlyArray<keyof Row>): Row[] {
  const byKey = new Map<string, { key: string[]; row: Row }>();
  for (const row of rows) {
    const key = keyOf(row);
    const id = key.join("\u0000");
    const entry = byKey.get(id);
    if (!entry) byKey.set(id, { key, row: { ...row } });
    else for (const name of counts) (entry.row[name] as number) += (row[name] as number) ?? 0;
  }
  return [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key)).map((e) => e.row);
}

/** SQLite's BINARY order for the ASCII ids and names compared here. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

export interface EvidenceCandidate {
  topic: string;
  mentionId: number;
  sourceName: string;
  channel: string;
  lang: string | null;
  url: string | null;
  title: string | null;
  /** The first `maxTextChars` characters of the stored text. */
  text: string;
  publishedAt: number | null;
  rating: number | null;
  ratingScale: number | null;
  contentHash: string;
  /** The stored evidence JSON (matched terms and offsets). */
  evidence: string;
}

export interface EvidenceQuery {
  bucket: TimeBucket;
  topics: readonly string[];
  /** Candidates per topic. Default 40; rollups serve up to ROLLUP_EXAMPLES_PER_DAY, more reads the rows. */
  perTopic?: number;
  /** Longest text returned, in characters: a 2 MB comment must not travel to the renderer. Default 2000. */
  maxTextChars?: number;
  /** As in countDigestBuckets: use this zone's up-to-date daily rollups; default rows only. */
  timezone?: string;
}

/**
 * Candidates per topic and day kept in the rollups: the digest asks for max(40, 8 × examples per
 * topic) and `digest.examplesPerTopic` is at most 10.
 */
export const ROLLUP_EXAMPLES_PER_DAY = 80;

/**
 * Complaints about each topic in the bucket to pick examples from. They are sampled across the
 * whole period (ordered by a multiplicative hash of the id, not by time) so the selection in
 * digest/ sees early and late complaints and every source, not only the last day's. The ranking
 * reads ids only (indexes, or the rollups' per-day samples); the text is read for the winners.
 */
export function listEvidenceCandidates(db: Db, query: EvidenceQuery): EvidenceCandidate[] {
  if (query.topics.length === 0) return [];
  const perTopic = query.perTopic ?? 40;
  const maxTextChars = query.maxTextChars ?? 2000;
  const range = toRange(query.bucket);
  const covered = query.timezone && perTopic <= ROLLUP_EXAMPLES_PER_DAY ? loadRollupCoverage(db, query.timezone, range) : [];
  const { dayIds, gaps } = toCoverage(range, covered);
  const ranked: RankedExample[] = gaps.flatMap((gap) => rankExamplesIn(db, gap, query.topics, perTopic));
  if (dayIds.length > 0) ranked.push(...rankRolledUpExamples(db, dayIds, query.topics, perTopic));
  const picked = toTopRanked(ranked, perTopic);
  if (picked.length === 0) return [];
  const details = new Map(
    db
      .all<Omit<EvidenceCandidate, "topic" | "evidence"> & EvidenceColumns>(sql`
        select m.id as mentionId, s.name as sourceName, m.channel as channel, m.lang as lang,
          m.url as url, substr(m.title, 1, 300) as title, substr(m.text, 1, ${maxTextChars}) as text,
          m.published_at as publishedAt, m.rating as rating, m.rating_scale as ratingScale,
          ${hashAsText(sql.raw("m.content_hash"))} as contentHash, ${EVIDENCE_COLUMNS}
        from mentions m
        join sources s on s.id = m.source_id
        where m.id in ${toIdList([...new Set(picked.map((p) => p.id))])}`)
      .map((row) => [row.mentionId, toEvidenceJsonRow(row)]),
  );
  return picked.flatMap((p) => {
    const row = details.get(p.id);
    return row ? [{ topic: p.topic, ...row }] : [];
  });
}

export interface RankedExample {
  topic: string;
  id: number;
  /** The sampling hash (EXAMPLE_ORDER's first term). */
  key: number;
}

function rankExamplesIn(db: Db, range: MsRange, topics: readonly string[], perTopic: number): RankedExample[] {
  return db.all<RankedExample>(sql`
    select topic, id, key from (
      select mt.topic as topic, m.id as id, (m.id * 2654435761) % 4294967296 as key,
        row_number() over (partition by mt.topic order by ${EXAMPLE_ORDER}) as rank
      from mentions m
      cross join mention_topics mt on mt.mention_id = m.id
      where ${inRange(range)} and m.complaint = 1 and m.duplicate_of is null
        and mt.topic in ${toTextList(topics)})
    where rank <= ${perTopic}`);
}

function rankRolledUpExamples(db: Db, dayIds: readonly number[], topics: readonly string[], perTopic: number): RankedExample[] {
  return db.all<RankedExample>(sql`
    select topic, id, key from (
      select e.topic as topic, j.value as id, (j.value * 2654435761) % 4294967296 as key,
        row_number() over (partition by e.topic order by (j.value * 2654435761) % 4294967296, j.value) as rank
      from digest_rollup_examples e, json_each(e.mention_ids) j
      where e.day_id in ${toIdList(dayIds)} and e.topic in ${toTextList(topics)})
    where rank <= ${perTopic}`);
}

/** The first `perTopic` of each topic in sampling order, topics in BINARY order: what one query over all rows would rank. */
export function toTopRanked(ranked: readonly RankedExample[], perTopic: number): RankedExample[] {
  const byTopic = new Map<string, RankedExample[]>();
  for (const r of ranked) {
    const list = byTopic.get(r.topic);
    if (list) list.push(r);
    else byTopic.set(r.topic, [r]);
  }
  return [...byTopic.keys()]
    .sort((a, b) => compareKeys([a], [b]))
    .flatMap((topic) => byTopic.get(topic)!.sort((a, b) => a.key - b.key || a.id - b.id).slice(0, perTopic));
}

/** The newest mention time in the store (repeats left out), or undefined when it is empty. */
export function loadLatestMentionTime(db: Db): Date | undefined {
  const row = db.get<{ latest: number | null }>(sql`select max(${OCCURRED_AT}) as latest from mentions m where m.duplicate_of is null`);
  return row?.latest == null ? undefined : new Date(row.latest);
}

/** Whether any mention (repeats left out) falls in the bucket. */
export function hasMentionsIn(db: Db, bucket: TimeBucket): boolean {
  return db.get<{ found: number }>(sql`select exists (select 1 from mentions m where ${inRange(toRange(bucket))} and m.duplicate_of is null) as found`)?.found === 1;
}

/** [startMs, endMs) in ms since the epoch. */
export interface MsRange {
  startMs: number;
  endMs: number;
}

/**
 * The longest local day the rollups hold, ms. Real days are 23 to 25 hours; bounding them lets
 * "which day holds this instant" be an index range on the day's start.
 */
export const MAX_ROLLUP_DAY_MS = 2 * 86_400_000;

/** A rolled-up day whose counts are up to date. */
export interface CoveredDay extends MsRange {
  id: number;
}

/**
 * The days of `range` whose rollups in `timezone` are up to date: rolled up, and holding no
 * mention above the zone's watermark (stored since the last refresh: a late arrival). Sorted,
 * without overlaps (a tz database update could shift midnights under old rows).
 */
export function loadRollupCoverage(db: Db, timezone: string, range: MsRange): CoveredDay[] {
  const watermark = db.get<{ mentionId: number }>(sql`select mention_id as mentionId from digest_rollup_watermarks where timezone = ${timezone}`)?.mentionId;
  if (watermark === undefined) return [];
  const days = db.all<CoveredDay>(sql`
    select id, start_ms as startMs, end_ms as endMs from digest_rollup_days
    where timezone = ${timezone} and start_ms >= ${range.startMs} and end_ms <= ${range.endMs}
    order by start_ms`);
  if (days.length === 0) return [];
  const stale = new Set(db.all<{ id: number }>(selectRollupDaysHolding(timesAboveWatermark(watermark), timezone)).map((r) => r.id));
  const covered: CoveredDay[] = [];
  for (const day of days) {
    if (stale.has(day.id) || (covered.length > 0 && day.startMs < covered.at(-1)!.endMs)) continue;
    covered.push(day);
  }
  return covered;
}

/**
 * `select id` of the rolled-up days (of `timezone`, or of every zone) that hold one of the
 * instants `times` selects (one column, `t`, ms).
 */
export function selectRollupDaysHolding(times: SQL, timezone?: string): SQL {
  const zone = timezone === undefined ? sql`` : sql`d.timezone = ${timezone} and `;
  return sql`
    select distinct d.id as id
    from (${times}) touched
    join digest_rollup_days d on ${zone}d.start_ms <= touched.t and d.start_ms > touched.t - ${MAX_ROLLUP_DAY_MS} and d.end_ms > touched.t`;
}

/** The times of the mentions stored after `watermark` (a mentions.id), as `t`. */
export function timesAboveWatermark(watermark: number): SQL {
  // NOT INDEXED: the rowid range (mentions stored since the refresh) is the way in, never a time index.
  return sql`select distinct ${OCCURRED_AT} as t from mentions m not indexed where m.id > ${watermark}`;
}

/** Splits `range` into the covered days inside it and the gaps between them (to count from the rows). */
export function toCoverage(range: MsRange, covered: readonly CoveredDay[]): { dayIds: number[]; gaps: MsRange[] } {
  const dayIds: number[] = [];
  const gaps: MsRange[] = [];
  let cursor = range.startMs;
  for (const day of covered) {
    if (day.startMs < range.startMs || day.endMs > range.endMs) continue;
    if (day.startMs > cursor) gaps.push({ startMs: cursor, endMs: day.startMs });
    dayIds.push(day.id);
    cursor = day.endMs;
  }
  if (cursor < range.endMs) gaps.push({ startMs: cursor, endMs: range.endMs });
  return { dayIds, gaps };
}

export function toRange(bucket: TimeBucket): MsRange {
  return { startMs: bucket.start.getTime(), endMs: bucket.end.getTime() };
}

export function inRange(range: MsRange): SQL {
  return sql`${OCCURRED_AT} >= ${range.startMs} and ${OCCURRED_AT} < ${range.endMs}`;
}

export function toIdList(ids: readonly number[]): SQL {
  return sql`(${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`;
}

export function toTextList(values: readonly string[]): SQL {
  return sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
}
