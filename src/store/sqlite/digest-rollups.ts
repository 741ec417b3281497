/**
 * Daily rollups for the weekly digest (schema.ts: digest_rollup_*): per local day of a time zone,
 * the counts store/digest.ts would compute from that day's mention rows, so a digest reads a few
 * hundred rollup rows per week instead of every mention in it (docs/digest.md, "Performance:
 * daily rollups").
 *
 * Staying correct without touching the insert path:
 * - New mentions are found by rowid: everything above the zone's watermark arrived since the last
 *   refresh. A refresh re-counts the rolled-up days they fall in (late arrivals); until then the
 *   digest counts those days from the rows (digest.ts, loadRollupCoverage).
 * - Writers that change or delete stored mentions call `invalidateDigestRollups` in their own
 *   transaction: privacy.ts (retention purge, forget) and reclassify.ts. savePage only inserts,
 *   and the duplicate links it sets are on the rows it inserts (above the watermark).
 * - Only complete days are rolled up (their end is at or before `now`); today always comes from
 *   the rows.
 */
import { sql, type SQL } from "drizzle-orm";
import { toZonedDay, type ZonedDay } from "../../core/zoned-time.js";
import type { Db } from "./db.js";
import {
  complaintTopicPairs,
  EXAMPLE_ORDER,
  inRange,
  MAX_ROLLUP_DAY_MS,
  MENTION_COUNT_COLUMNS,
  OCCURRED_AT_TEXT,
  ROLLUP_EXAMPLES_PER_DAY,
  selectRollupDaysHolding,
  timesAboveWatermark,
} from "./digest.js";
import { digestRollupDays } from "./schema.js";

export interface RollupRefreshOptions {
  /** IANA zone whose local days are rolled up (the config's `timezone`). */
  timezone: string;
  /** Days ending after this instant are not complete and stay uncounted. */
  now: Date;
  /** Roll up at most this many days in this call. Default: all. */
  maxDays?: number;
  /**
   * Start no new day after this long, ms: the daemon refreshes in slices so scans and the health
   * server get their turn in between (pendingDays says what is left). Default: no limit.
   */
  budgetMs?: number;
}

export interface RollupRefreshReport {
  /** Rolled-up days re-opened because mentions stored since the last refresh fall in them. */
  invalidatedDays: number;
  /** Days counted by this call. */
  rolledUpDays: number;
  /** Complete days with mentions still not rolled up (more calls needed when maxDays cut it short). */
  pendingDays: number;
  /** The zone's watermark after this call: the highest mentions.id accounted for. */
  watermark: number;
}

/**
 * Brings the rollups of `timezone` up to date: re-opens the days that mentions stored since the
 * last refresh fall in, then counts every complete day that holds mentions and has no rollup yet.
 * Safe to run concurrently with scans (short transactions, about TRANSACTION_BUDGET_MS each) and
 * from several processes; a day counted while a scan stores into it is re-counted by the next refresh.
 */
export function refreshDigestRollups(db: Db, options: RollupRefreshOptions): RollupRefreshReport {
  const { timezone } = options;
  const { watermark, invalidatedDays } = advanceWatermark(db, timezone);
  const missing = findDaysToRollUp(db, timezone, toZonedDay(options.now.getTime(), timezone).startMs);
  const todo = missing.slice(0, options.maxDays ?? missing.length);
  const deadline = options.budgetMs === undefined ? Infinity : Date.now() + options.budgetMs;
  let done = 0;
  while (done < todo.length && (done === 0 || Date.now() < deadline)) done = rollUpDays(db, timezone, todo, done, deadline);
  return { invalidatedDays, rolledUpDays: done, pendingDays: missing.length - done, watermark };
}

/**
 * How long one rollup transaction keeps adding days, ms. A commit costs a few ms here, which
 * dominated small stores' refreshes at one day per transaction; a busy store's day takes longer
 * than this on its own, so scans still wait at most about one day's counting for the write lock.
 */
const TRANSACTION_BUDGET_MS = 50;

/**
 * Deletes the rollups (of every time zone) of the days holding the mentions `mentionWhere`
 * selects, so the next refresh counts them again. Call it inside the writer's transaction, before
 * a delete (the rows must still be there to be found). With `withRepeats`, also the days of the
 * mentions that repeat them (`duplicate_of`): deleting an original makes its repeats count
 * (ON DELETE SET NULL). `mentionWhere` refers to the table as `mentions`, unaliased.
 * @returns how many day rollups were deleted.
 */
export function invalidateDigestRollups(tx: Pick<Db, "run" | "get">, mentionWhere: SQL, options: { withRepeats: boolean }): number {
  // Most stores without a refreshed digest have no rollups: skip the lookup.
  if (!tx.get<{ found: number }>(sql`select exists (select 1 from digest_rollup_days) as found`)?.found) return 0;
  // mentions_duplicate_of_idx (partial: repeats only) answers `duplicate_of in (…)`.
  const repeats = options.withRepeats
    ? sql`union
        select coalesce(dup.published_at, dup.fetched_at) from mentions dup
        where dup.duplicate_of in (select id from mentions where ${mentionWhere})`
    : sql``;
  const times = sql`select coalesce(published_at, fetched_at) as t from mentions where ${mentionWhere} ${repeats}`;
  return tx.run(sql`delete from digest_rollup_days where id in (${selectRollupDaysHolding(times)})`).changes;
}

/** Moves the watermark to the newest mention, re-opening the rolled-up days that mentions above the old one fall in. */
function advanceWatermark(db: Db, timezone: string): { watermark: number; invalidatedDays: number } {
  // Nothing stored since the last refresh (most daemon ticks): no write transaction, no commit.
  const current = readWatermark(db, timezone);
  if (current !== undefined && current >= readLatestMentionId(db)) return { watermark: current, invalidatedDays: 0 };
  // IMMEDIATE: this reads and then writes; a deferred transaction could not upgrade its lock while a scan writes.
  return db.transaction(
    (tx) => {
      const latest = readLatestMentionId(tx);
      const previous = readWatermark(tx, timezone);
      let invalidatedDays = 0;
      if (previous === undefined) {
        // No watermark: nothing of this zone can be trusted to account for the rows (left by an interrupted first run).
        invalidatedDays = tx.run(sql`delete from digest_rollup_days where timezone = ${timezone}`).changes;
      } else if (latest > previous) {
        invalidatedDays = tx.run(sql`delete from digest_rollup_days where id in (${selectRollupDaysHolding(timesAboveWatermark(previous), timezone)})`).changes;
      }
      // Never lowered: when the newest mentions were deleted, ids stay taken (AUTOINCREMENT), so
      // every future mention still lands above the old watermark.
      const watermark = Math.max(latest, previous ?? 0);
      tx.run(sql`
        insert into digest_rollup_watermarks (timezone, mention_id) values (${timezone}, ${watermark})
        on conflict (timezone) do update set mention_id = excluded.mention_id`);
      return { watermark, invalidatedDays };
    },
    { behavior: "immediate" },
  );
}

function readLatestMentionId(db: Pick<Db, "get">): number {
  return db.get<{ id: number | null }>(sql`select max(id) as id from mentions`)?.id ?? 0;
}

function readWatermark(db: Pick<Db, "get">, timezone: string): number | undefined {
  return db.get<{ mentionId: number }>(sql`select mention_id as mentionId from digest_rollup_watermarks where timezone = ${timezone}`)?.mentionId;
}

/**
 * The complete days (ending at or before `completeBeforeMs`) that hold mentions and have no
 * rollup, oldest first. Walks the days with data by seeking the time index from one day's end to
 * the next mention (a few microseconds each), so empty stretches and rolled-up days cost nothing.
 */
function findDaysToRollUp(db: Db, timezone: string, completeBeforeMs: number): ZonedDay[] {
  const rolled = db.all<ZonedDay>(sql`select start_ms as startMs, end_ms as endMs from digest_rollup_days where timezone = ${timezone} order by start_ms`);
  const missing: ZonedDay[] = [];
  // Prepared once: this runs once per day with data, on every refresh.
  const seek = db.$client.prepare<[number], number | null>(`select min(${OCCURRED_AT_TEXT}) from mentions m where ${OCCURRED_AT_TEXT} >= ?`).pluck();
  const nextTime = (fromMs: number): number | null => seek.get(fromMs) ?? null;
  let t = nextTime(Number.MIN_SAFE_INTEGER);
  while (t !== null && t < completeBeforeMs) {
    const known = findDayHolding(rolled, t);
    const day = known ?? toZonedDay(t, timezone);
    if (day.endMs > completeBeforeMs) break;
    if (!known && day.endMs - day.startMs <= MAX_ROLLUP_DAY_MS) missing.push(day);
    t = nextTime(day.endMs);
  }
  return missing;
}

function findDayHolding(days: readonly ZonedDay[], instantMs: number): ZonedDay | undefined {
  let low = 0;
  let high = days.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const day = days[middle]!;
    if (instantMs < day.startMs) high = middle - 1;
    else if (instantMs >= day.endMs) low = middle + 1;
    else return day;
  }
  return undefined;
}

/**
 * Counts days from the rows into the rollup tables (replacing old rollups of those days), from
 * `days[first]` on, in one transaction that stops taking days after TRANSACTION_BUDGET_MS or at
 * `deadline` (epoch ms), whichever comes first; it always counts one.
 * @returns the index of the first day not counted.
 */
function rollUpDays(db: Db, timezone: string, days: readonly ZonedDay[], first: number, deadline: number): number {
  return db.transaction(
    (tx) => {
      const stopAt = Math.min(deadline, Date.now() + TRANSACTION_BUDGET_MS);
      let next = first;
      while (next < days.length && (next === first || Date.now() < stopAt)) rollUpDay(tx, timezone, days[next++]!);
      return next;
    },
    { behavior: "immediate" },
  );
}

/** Counts one day (the caller holds the transaction); the same rules as digest.ts's row queries. */
function rollUpDay(tx: Pick<Db, "run" | "insert">, timezone: string, day: ZonedDay): void {
  const range = { startMs: day.startMs, endMs: day.endMs };
  tx.run(sql`delete from digest_rollup_days where timezone = ${timezone} and start_ms = ${day.startMs}`);
  const dayId = tx.insert(digestRollupDays).values({ timezone, startMs: day.startMs, endMs: day.endMs }).returning({ id: digestRollupDays.id }).get().id;
  tx.run(sql`
    insert into digest_rollup_mentions (day_id, source_id, channel, lang, mentions, complaints, positive, neutral, negative, nps_responses, promoters, detractors)
    select ${dayId}, m.source_id, m.channel, m.lang, ${MENTION_COUNT_COLUMNS}
    from mentions m
    where ${inRange(range)} and m.duplicate_of is null
    group by m.source_id, m.channel, m.lang`);
  // Three passes over the day's (complaint, topic) pairs: about what one shared pass costs once
  // its rows go through JavaScript (measured), and the counting stays in SQL like the row queries'.
  const pairs = complaintTopicPairs(range);
  tx.run(sql`insert into digest_rollup_topics (day_id, topic, stage, complaints) select ${dayId}, topic, stage, count(*) from (${pairs}) group by topic, stage`);
  tx.run(sql`insert into digest_rollup_stages (day_id, stage, complaints) select ${dayId}, stage, count(distinct id) from (${pairs}) group by stage`);
  tx.run(sql`
    insert into digest_rollup_examples (day_id, topic, mention_ids)
    select ${dayId}, topic, json_group_array(id) from (
      select mt.topic as topic, m.id as id, row_number() over (partition by mt.topic order by ${EXAMPLE_ORDER}) as rank
      from mentions m
      cross join mention_topics mt on mt.mention_id = m.id
      where ${inRange(range)} and m.complaint = 1 and m.duplicate_of is null)
    where rank <= ${ROLLUP_EXAMPLES_PER_DAY}
    group by topic`);
}
