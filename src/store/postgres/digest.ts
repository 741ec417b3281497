import { sql, type SQL } from "drizzle-orm";
import { EXAMPLE_ORDER, sumRows, toRange, toTopRanked, type DigestCounts, type EvidenceCandidate, type EvidenceQuery, type MentionCountRow, type MsRange, type RankedExample, type StageCountRow, type TimeBucket, type TopicCountRow } from "../sqlite/digest.js";
import type { ThemeDoc, ThemeSampleQuery } from "../sqlite/themes.js";
import type { PgDb } from "./db.js";

/**
 * The digest's reads on PostgreSQL, from the mention rows (no daily rollups on this backend
 * yet). The statements are store/sqlite/digest.ts's row queries in PostgreSQL's dialect, and the
 * rows go through the same summing, sorting and ranking helpers, so the same data gives the same
 * digest (test/store/digest-postgres.test.ts compares them).
 *
 * Dialect notes: aliases are quoted (PostgreSQL folds unquoted names to lower case); counts are
 * cast to int (count and sum return bigint, which node-postgres hands back as strings); flags are
 * booleans, so sums count `case when` rows.
 */
const OCCURRED_AT = sql.raw("coalesce(m.published_at, m.fetched_at)");
const COUNT_KEYS = ["mentions", "complaints", "positive", "neutral", "negative", "npsResponses", "promoters", "detractors"] as const;
const DAY_MS = 86_400_000;

const MENTION_COUNT_COLUMNS = sql.raw(`count(*)::int as "mentions",
        count(*) filter (where m.complaint)::int as "complaints",
        count(*) filter (where m.sentiment = 'positive')::int as "positive",
        count(*) filter (where m.sentiment = 'neutral')::int as "neutral",
        count(*) filter (where m.sentiment = 'negative')::int as "negative",
        count(*) filter (where m.rating_scale = 10 and m.rating is not null)::int as "npsResponses",
        count(*) filter (where m.rating_scale = 10 and m.rating >= 9)::int as "promoters",
        count(*) filter (where m.rating_scale = 10 and m.rating <= 6)::int as "detractors"`);

function inRange(range: MsRange): SQL {
  return sql`${OCCURRED_AT} >= ${range.startMs} and ${OCCURRED_AT} < ${range.endMs}`;
}

async function all<T>(db: PgDb, query: SQL): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

export async function countDigestBucketsPg(db: PgDb, buckets: readonly TimeBucket[]): Promise<DigestCounts> {
  const mentions: MentionCountRow[] = [];
  const topics: TopicCountRow[] = [];
  const stages: StageCountRow[] = [];
  for (const [index, bucket] of buckets.entries()) {
    const range = toRange(bucket);
    const mentionRows = await all<MentionCountRow>(
      db,
      sql`
      select ${index}::int as "bucket", s.name as "sourceName", s.kind as "sourceKind", m.channel as "channel", m.lang as "lang",
        ${MENTION_COUNT_COLUMNS}
      from mentions m
      join sources s on s.id = m.source_id
      where ${inRange(range)} and m.duplicate_of is null
      group by s.id, m.channel, m.lang`,
    );
    const complaintRows = await all<{ kind: "topic" | "stage"; topic: string | null; stage: string; complaints: number }>(
      db,
      sql`
      with pairs as materialized (
        select m.id as id, mt.topic as topic, mt.stage as stage
        from mentions m
        join mention_topics mt on mt.mention_id = m.id
        where ${inRange(range)} and m.complaint and m.duplicate_of is null)
      select 'topic' as "kind", topic as "topic", stage as "stage", count(*)::int as "complaints" from pairs group by topic, stage
      union all
      select 'stage' as "kind", null as "topic", stage as "stage", count(distinct id)::int as "complaints" from pairs group by stage`,
    );
    mentions.push(...sumRows(mentionRows, (r) => [r.sourceName, r.channel, r.lang ?? ""], COUNT_KEYS));
    topics.push(...sumRows(complaintRows.filter((r) => r.kind === "topic").map((r) => ({ bucket: index, topic: r.topic!, stage: r.stage, complaints: r.complaints })), (r) => [r.topic, r.stage], ["complaints"]));
    stages.push(...sumRows(complaintRows.filter((r) => r.kind === "stage").map((r) => ({ bucket: index, stage: r.stage, complaints: r.complaints })), (r) => [r.stage], ["complaints"]));
  }
  return { mentions, topics, stages };
}

export async function listEvidenceCandidatesPg(db: PgDb, query: EvidenceQuery): Promise<EvidenceCandidate[]> {
  if (query.topics.length === 0) return [];
  const perTopic = query.perTopic ?? 40;
  const maxTextChars = query.maxTextChars ?? 2000;
  const range = toRange(query.bucket);
  const ranked = (
    await all<{ topic: string; id: number; key: string }>(
      db,
      sql`
      select topic as "topic", id as "id", key as "key" from (
        select mt.topic as topic, m.id as id, (m.id::bigint * 2654435761) % 4294967296 as key,
          row_number() over (partition by mt.topic order by ${EXAMPLE_ORDER}) as rank
        from mentions m
        join mention_topics mt on mt.mention_id = m.id
        where ${inRange(range)} and m.complaint and m.duplicate_of is null
          and mt.topic in ${[...query.topics]}) ranked
      where rank <= ${perTopic}`,
    )
  ).map((r): RankedExample => ({ topic: r.topic, id: r.id, key: Number(r.key) }));
  const picked = toTopRanked(ranked, perTopic);
  if (picked.length === 0) return [];
  const rows = await all<Omit<EvidenceCandidate, "topic"> & { publishedAt: string | null }>(
    db,
    sql`
    select m.id as "mentionId", s.name as "sourceName", m.channel as "channel", m.lang as "lang",
      m.url as "url", substr(m.title, 1, 300) as "title", substr(m.text, 1, ${maxTextChars}) as "text",
      m.published_at as "publishedAt", m.rating as "rating", m.rating_scale as "ratingScale",
      m.content_hash as "contentHash", m.evidence::text as "evidence"
    from mentions m
    join sources s on s.id = m.source_id
    where m.id in ${[...new Set(picked.map((p) => p.id))]}`,
  );
  const details = new Map(rows.map((row) => [row.mentionId, { ...row, publishedAt: row.publishedAt === null ? null : Number(row.publishedAt) }]));
  return picked.flatMap((p) => {
    const row = details.get(p.id);
    return row ? [{ topic: p.topic, ...row }] : [];
  });
}

export async function listThemeSamplePg(db: PgDb, query: ThemeSampleQuery): Promise<ThemeDoc[]> {
  const periodPerDay = query.periodPerDay ?? 80;
  const baselinePerDay = query.baselinePerDay ?? 12;
  for (const [name, value] of [["periodPerDay", periodPerDay], ["baselinePerDay", baselinePerDay]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`themes: ${name} must be a positive integer, got ${value}`);
  }
  const picked = [
    ...(await sampleRange(db, toRange(query.period), periodPerDay)).map((p) => ({ ...p, current: true })),
    ...(await sampleRange(db, toRange(query.baseline), baselinePerDay)).map((p) => ({ ...p, current: false })),
  ];
  if (picked.length === 0) return [];
  const ids = [...new Set(picked.map((p) => p.id))];
  const maxTextChars = query.maxTextChars ?? 1000;
  // One array parameter each: a theme sample can hold tens of thousands of ids.
  const rows = await all<Omit<ThemeDoc, "topic" | "stage" | "current"> & { publishedAt: string | null }>(
    db,
    sql`
    select m.id as "mentionId", s.name as "sourceName", s.kind as "sourceKind", m.channel as "channel", m.lang as "lang",
      m.url as "url", null as "title", substr(m.text, 1, ${maxTextChars}) as "text",
      ${OCCURRED_AT} as "publishedAt", m.rating as "rating", m.rating_scale as "ratingScale",
      m.content_hash as "contentHash", m.evidence::text as "evidence", m.author_hash as "authorHash", m.app_version as "appVersion"
    from mentions m
    join sources s on s.id = m.source_id
    where m.id = any(${sql.param(ids)}::int[])`,
  );
  const details = new Map(rows.map((row) => [row.mentionId, { ...row, publishedAt: row.publishedAt === null ? null : Number(row.publishedAt) }]));
  const stages = new Map<string, string>();
  for (const row of await all<{ id: number; topic: string; stage: string }>(db, sql`select mention_id as "id", topic as "topic", stage as "stage" from mention_topics where mention_id = any(${sql.param(ids)}::int[])`)) {
    stages.set(`${row.id}\u0000${row.topic}`, row.stage);
  }
  return picked.flatMap((p) => {
    const row = details.get(p.id);
    const stage = stages.get(`${p.id}\u0000${p.topic}`);
    return row && stage !== undefined ? [{ ...row, topic: p.topic, stage, current: p.current }] : [];
  });
}

/**
 * Ids per topic and slot of `range`, as the SQLite store samples a range not rolled up. There,
 * better-sqlite3 binds the range start as a REAL, so `(t - start) / DAY_MS` is a fraction: every
 * complaint is its own slot and the per-day cap never bites on the row path (only rollups cap).
 * The float division here reproduces that, so both backends give the same digest; capping per
 * day on both is a behaviour change for the themes' owner (issue 17), not for this port.
 */
function sampleRange(db: PgDb, range: MsRange, perDay: number): Promise<Array<{ topic: string; id: number }>> {
  return all(
    db,
    sql`
    select topic as "topic", id as "id" from (
      select mt.topic as topic, m.id as id,
        row_number() over (partition by mt.topic, (${OCCURRED_AT} - ${range.startMs}::bigint)::float8 / ${DAY_MS} order by ${EXAMPLE_ORDER}) as rank
      from mentions m
      join mention_topics mt on mt.mention_id = m.id
      where ${inRange(range)} and m.complaint and m.duplicate_of is null) ranked
    where rank <= ${perDay}`,
  );
}
