import { UsageError } from "../core/errors.js";
import { addDays, toUtcDay, toZonedDate, toZonedMidnight, type CalendarDate } from "../core/zoned-time.js";

/**
 * ISO 8601 weeks (Monday to Sunday, week 1 holds the year's first Thursday) counted in an IANA
 * time zone: a CX team in Vilnius means "Monday 00:00 in Vilnius", not UTC. Boundaries are exact
 * instants, so a week that contains a DST switch is 167 or 169 hours long.
 */

/** A half-open interval [start, end) of instants with a human label. */
export interface Bucket {
  /** `2026-W47` for an ISO week, `2026-11-01..2026-11-30` for a date range (end date inclusive). */
  label: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

export interface IsoWeek {
  year: number;
  week: number;
}

const DAY_MS = 86_400_000;
const ISO_WEEK = /^(\d{4})-?W(\d{2})$/u;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** `2026-W47` (or `2026W47`) → { year, week }; throws UsageError for anything else or a week the year lacks. */
export function parseIsoWeek(text: string): IsoWeek {
  const match = ISO_WEEK.exec(text.trim());
  if (!match) throw new UsageError(`"${text}" is not an ISO week (use YYYY-Www, e.g. 2026-W47)`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > toWeeksInYear(year)) throw new UsageError(`${year} has no week ${week} (it has ${toWeeksInYear(year)})`);
  return { year, week };
}

export function toIsoWeekLabel({ year, week }: IsoWeek): string {
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The ISO week that `instant` falls in, as the clock on the wall in `timeZone` sees it. */
export function toIsoWeek(instant: Date, timeZone: string): IsoWeek {
  return toIsoWeekOfDate(toZonedDate(instant, timeZone));
}

/** The week's bucket: Monday 00:00 to the next Monday 00:00 in `timeZone`. */
export function toWeekBucket(week: IsoWeek, timeZone: string): Bucket {
  const monday = toMondayOfIsoWeek(week);
  const nextMonday = addDays(monday, 7);
  return { label: toIsoWeekLabel(week), start: toZonedMidnight(monday, timeZone), end: toZonedMidnight(nextMonday, timeZone) };
}

/** The week before `week` (crosses year ends, including 53-week years). */
export function toPreviousWeek(week: IsoWeek): IsoWeek {
  return toIsoWeekOfDate(addDays(toMondayOfIsoWeek(week), -7));
}

/** The newest week that has fully ended at `now` in `timeZone` (the digest's default). */
export function toLastCompleteWeek(now: Date, timeZone: string): IsoWeek {
  return toPreviousWeek(toIsoWeek(now, timeZone));
}

/**
 * `count` consecutive ISO week buckets ending with `week` (oldest first): the digest's current
 * week, the previous week and the baseline behind them.
 */
export function toWeekBuckets(week: IsoWeek, count: number, timeZone: string): Bucket[] {
  const weeks: IsoWeek[] = [week];
  while (weeks.length < count) weeks.unshift(toPreviousWeek(weeks[0]!));
  return weeks.map((w) => toWeekBucket(w, timeZone));
}

/**
 * `count` back-to-back buckets as long as the date range `from`..`to` (both inclusive, local
 * dates in `timeZone`), the last one being the range itself: a custom period is compared with
 * the equally long periods before it, as a week is with earlier weeks.
 */
export function toRangeBuckets(from: string, to: string, count: number, timeZone: string): Bucket[] {
  const first = parseDate(from);
  const last = parseDate(to);
  const days = Math.round((toUtcDay(last) - toUtcDay(first)) / DAY_MS) + 1;
  if (days < 1) throw new UsageError(`--from ${from} is after --to ${to}`);
  const buckets: Bucket[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = addDays(first, -i * days);
    const endInclusive = addDays(start, days - 1);
    buckets.push({
      label: `${toDateText(start)}..${toDateText(endInclusive)}`,
      start: toZonedMidnight(start, timeZone),
      end: toZonedMidnight(addDays(start, days), timeZone),
    });
  }
  return buckets;
}

/** The local calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
export function toZonedDateText(instant: Date, timeZone: string): string {
  return toDateText(toZonedDate(instant, timeZone));
}

function parseDate(text: string): CalendarDate {
  const match = DATE.exec(text.trim());
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (!date || toDateText(addDays(date, 0)) !== text.trim()) throw new UsageError(`"${text}" is not a date (use YYYY-MM-DD)`);
  return date;
}

function toDateText({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** ISO weekday: Monday 1 … Sunday 7. */
function toIsoWeekday(date: CalendarDate): number {
  return ((new Date(toUtcDay(date)).getUTCDay() + 6) % 7) + 1;
}

function toIsoWeekOfDate(date: CalendarDate): IsoWeek {
  // The week belongs to the year of its Thursday (ISO 8601 §3.2.2).
  const thursday = addDays(date, 4 - toIsoWeekday(date));
  const january1 = { year: thursday.year, month: 1, day: 1 };
  const week = Math.floor((toUtcDay(thursday) - toUtcDay(january1)) / DAY_MS / 7) + 1;
  return { year: thursday.year, week };
}

function toMondayOfIsoWeek({ year, week }: IsoWeek): CalendarDate {
  // 4 January is always in week 1.
  const january4 = { year, month: 1, day: 4 };
  return addDays(january4, 1 - toIsoWeekday(january4) + (week - 1) * 7);
}

function toWeeksInYear(year: number): number {
  return toIsoWeekOfDate({ year, month: 12, day: 28 }).week;
}
