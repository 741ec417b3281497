/**
 * Local calendar dates and midnights in an IANA time zone, with Intl only. The digest's periods
 * (digest/week.ts) and the store's daily rollups (store/digest-rollups.ts) both cut time at the
 * midnights computed here, so a rolled-up day always tiles a digest period exactly.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A local day as a half-open interval of instants [startMs, endMs); 23 or 25 hours long on a DST switch. */
export interface ZonedDay {
  startMs: number;
  endMs: number;
}

const DAY_MS = 86_400_000;

export function toUtcDay({ year, month, day }: CalendarDate): number {
  return Date.UTC(year, month - 1, day);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(toUtcDay(date) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The date on the wall calendar in `timeZone` at `instant`. */
export function toZonedDate(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = toZonedParts(instant, timeZone);
  return { year, month, day };
}

/** The instant of 00:00 on `date` in `timeZone` (the first instant of that date where a DST switch skips midnight). */
export function toZonedMidnight(date: CalendarDate, timeZone: string): Date {
  const wall = toUtcDay(date);
  // Guess with the offset at the wall time, then correct once: the offset may differ at the
  // real instant when a DST switch lies between. A few zones switch at midnight; there this
  // lands on the first existing instant of the date.
  const guess = wall - toZoneOffsetMs(wall, timeZone);
  return new Date(wall - toZoneOffsetMs(guess, timeZone));
}

/** The local day (midnight to midnight in `timeZone`) that holds `instantMs`. */
export function toZonedDay(instantMs: number, timeZone: string): ZonedDay {
  let date = toZonedDate(new Date(instantMs), timeZone);
  // The midnight correction above is exact for every offset change but a switch at midnight
  // itself; step to the neighbouring date if the instant fell outside the computed day.
  for (let attempt = 0; attempt < 3; attempt++) {
    const startMs = toZonedMidnight(date, timeZone).getTime();
    const endMs = toZonedMidnight(addDays(date, 1), timeZone).getTime();
    if (instantMs < startMs) date = addDays(date, -1);
    else if (instantMs >= endMs) date = addDays(date, 1);
    else return { startMs, endMs };
  }
  throw new RangeError(`no local day in ${timeZone} holds ${new Date(instantMs).toISOString()}`);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function toZonedParts(instant: Date, timeZone: string): CalendarDate & { hour: number; minute: number; second: number } {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    dateFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far the wall clock in `timeZone` is ahead of UTC at `instant`, in ms. */
function toZoneOffsetMs(instant: number, timeZone: string): number {
  const p = toZonedParts(new Date(instant), timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}
