import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";

/**
 * Read-only aggregates for the weekly digest. Every count leaves out cross-source repeats
 * (`duplicate_of` set) so a review syndicated to three sites counts once.
 *
 * Performance (1M mentions must digest in < 2 s, docs/digest.md):
 * - A mention's time is `coalesce(published_at, fetched_at)` (as in listMentions). The
 *   `mentions_occurred_at_idx` expression index starts with exactly that expression and also
 *   holds every column the counts read, so they never touch the table rows, which a time range
 *   scatters across the file. SQLite uses it only when a query repeats the expression as written.
 * - One query per bucket: a CASE over the bucket ends in the select list made SQLite recompute
 *   the expression from the table row (10× slower in measurements).
 * - `cross join` keeps mentions (filtered by time) as the outer loop; otherwise the planner may
 *   start from mention_topics and visit a topic's whole history.
 */
const OCCURRED_AT = sql.raw("coalesce(m.published_at, m.fetched_at)");

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

/**
 * Mention counts in contiguous buckets (oldest first, each ending where the next starts),
 * grouped by bucket, source, channel and language. The caller sums what it needs.
 */
export function countMentionsByBucket(db: Db, buckets: readonly TimeBucket[]): MentionCountRow[] {
  return buckets.flatMap((bucket, index) =>
    db.all<MentionCountRow>(sql`
      select ${index} as bucket,
        s.name as sourceName, s.kind as sourceKind, m.channel as channel, m.lang as lang,
        count(*) as mentions,
        sum(m.complaint) as complaints,
        sum(m.sentiment = 'positive') as positive,
        sum(m.sentiment = 'neutral') as neutral,
        sum(m.sentiment = 'negative') as negative,
        sum(m.rating_scale = 10 and m.rating is not null) as npsResponses,
        sum(m.rating_scale = 10 and m.rating >= 9) as promoters,
        sum(m.rating_scale = 10 and m.rating <= 6) as detractors
      from mentions m
      join sources s on s.id = m.source_id
      where ${inBucket(bucket)} and m.duplicate_of is null
      group by m.source_id, m.channel, m.lang`),
  );
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
 * bucket × journey stage (a complaint with two topics of one stage counts once for it). Both come
 * from one materialised pass over the bucket's (mention, topic) pairs: looking the topics up is
 * the expensive part when a week's mentions lie scattered through the table.
 */
export function countComplaintsByTopicAndStage(db: Db, buckets: readonly TimeBucket[]): { topics: TopicCountRow[]; stages: StageCountRow[] } {
  const topics: TopicCountRow[] = [];
  const stages: StageCountRow[] = [];
  for (const [index, bucket] of buckets.entries()) {
    const rows = db.all<{ kind: "topic" | "stage"; topic: string | null; stage: string; complaints: number }>(sql`
      with pairs as materialized (
        select m.id as id, mt.topic as topic, mt.stage as stage
        from mentions m
        cross join mention_topics mt on mt.mention_id = m.id
        where ${inBucket(bucket)} and m.complaint = 1 and m.duplicate_of is null)
      select 'topic' as kind, topic, stage, count(*) as complaints from pairs group by topic, stage
      union all
      select 'stage' as kind, null as topic, stage, count(distinct id) as complaints from pairs group by stage`);
    for (const row of rows) {
      if (row.kind === "topic") topics.push({ bucket: index, topic: row.topic!, stage: row.stage, complaints: row.complaints });
      else stages.push({ bucket: index, stage: row.stage, complaints: row.complaints });
    }
  }
  return { topics, stages };
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
  /** Candidates per topic. Default 40. */
  perTopic?: number;
  /** Longest text returned, in characters: a 2 MB comment must not travel to the renderer. Default 2000. */
  maxTextChars?: number;
}

/**
 * Complaints about each topic in the bucket to pick examples from. They are sampled across the
 * whole period (ordered by a multiplicative hash of the id, not by time) so the selection in
 * digest/ sees early and late complaints and every source, not only the last day's.
 */
export function listEvidenceCandidates(db: Db, query: EvidenceQuery): EvidenceCandidate[] {
  if (query.topics.length === 0) return [];
  const perTopic = query.perTopic ?? 40;
  const maxTextChars = query.maxTextChars ?? 2000;
  return db.all<EvidenceCandidate>(sql`
    select topic, mentionId, sourceName, channel, lang, url, title, text, publishedAt, rating, ratingScale, contentHash, evidence from (
      select mt.topic as topic, m.id as mentionId, s.name as sourceName, m.channel as channel, m.lang as lang,
        m.url as url, substr(m.title, 1, 300) as title, substr(m.text, 1, ${maxTextChars}) as text,
        m.published_at as publishedAt, m.rating as rating, m.rating_scale as ratingScale,
        m.content_hash as contentHash, m.evidence as evidence,
        row_number() over (partition by mt.topic order by (m.id * 2654435761) % 4294967296, m.id) as rank
      from mentions m
      cross join mention_topics mt on mt.mention_id = m.id
      join sources s on s.id = m.source_id
      where ${inBucket(query.bucket)} and m.complaint = 1 and m.duplicate_of is null
        and mt.topic in (${sql.join(query.topics.map((t) => sql`${t}`), sql`, `)}))
    where rank <= ${perTopic}
    order by topic, rank`);
}

/** The newest mention time in the store (repeats left out), or undefined when it is empty. */
export function loadLatestMentionTime(db: Db): Date | undefined {
  const row = db.get<{ latest: number | null }>(sql`select max(${OCCURRED_AT}) as latest from mentions m where m.duplicate_of is null`);
  return row?.latest == null ? undefined : new Date(row.latest);
}

/** Whether any mention (repeats left out) falls in the bucket. */
export function hasMentionsIn(db: Db, bucket: TimeBucket): boolean {
  return db.get<{ found: number }>(sql`select exists (select 1 from mentions m where ${inBucket(bucket)} and m.duplicate_of is null) as found`)?.found === 1;
}

function inBucket(bucket: TimeBucket): SQL {
  return sql`${OCCURRED_AT} >= ${bucket.start.getTime()} and ${OCCURRED_AT} < ${bucket.end.getTime()}`;
}
