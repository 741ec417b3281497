import { SENTIMENTS, STAGES } from "../core/classification.js";
import { UsageError } from "../core/errors.js";
import { CHANNELS } from "../core/mention.js";
import { addDays, toZonedMidnight, type CalendarDate } from "../core/zoned-time.js";
import type { BrowseCursor, BrowseFilter } from "../store/types.js";

/** The Mentions page's query parameters, as typed (the form shows them back). */
export interface FilterParams {
  q: string;
  from: string;
  to: string;
  source: string;
  channel: string;
  lang: string;
  sentiment: string;
  complaint: string;
  topic: string;
  stage: string;
  response: string;
}

export const FILTER_KEYS = ["q", "from", "to", "source", "channel", "lang", "sentiment", "complaint", "topic", "stage", "response"] as const satisfies ReadonlyArray<keyof FilterParams>;

export function toFilterParams(search: URLSearchParams): FilterParams {
  const get = (key: string) => (search.get(key) ?? "").slice(0, 200);
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, get(k)])) as unknown as FilterParams;
}

export interface FilterContext {
  timezone: string;
  /** Source name → id (the configured sources). */
  sourceIds: ReadonlyMap<string, number>;
  topics: ReadonlyArray<{ id: string; stage: string }>;
}

/**
 * The store filter for these parameters; a value outside what the form offers is a UsageError
 * naming the parameter (a 400), never passed to SQL as is. `from` and `to` are whole days in the
 * configured time zone, `to` included.
 */
export function toBrowseFilter(params: FilterParams, context: FilterContext): BrowseFilter {
  const filter: BrowseFilter = {};
  const oneOf = (name: keyof FilterParams, allowed: readonly string[]) => {
    const value = params[name];
    if (value !== "" && !allowed.includes(value)) throw new UsageError(`${name}: "${value}" is not one of ${allowed.join(", ")}`);
    return value !== "" ? value : undefined;
  };
  if (params.from) filter.sinceMs = toZonedMidnight(parseDay("from", params.from), context.timezone).getTime();
  if (params.to) filter.untilMs = toZonedMidnight(addDays(parseDay("to", params.to), 1), context.timezone).getTime();
  if (params.source) {
    const id = context.sourceIds.get(params.source);
    if (id === undefined) throw new UsageError(`source: no source is named "${params.source}"`);
    filter.sourceIds = [id];
  }
  const channel = oneOf("channel", CHANNELS);
  if (channel) filter.channel = channel;
  if (params.lang) {
    if (!/^[a-z]{2,3}$/u.test(params.lang)) throw new UsageError(`lang: "${params.lang}" is not a language code`);
    filter.lang = params.lang;
  }
  const sentiment = oneOf("sentiment", SENTIMENTS);
  if (sentiment) filter.sentiment = sentiment;
  const complaint = oneOf("complaint", ["yes", "no"]);
  if (complaint) filter.complaint = complaint === "yes";
  const topic = oneOf("topic", context.topics.map((t) => t.id));
  if (topic) filter.topic = topic;
  const stage = oneOf("stage", STAGES);
  if (stage) filter.stage = stage;
  const response = oneOf("response", ["answered", "unanswered"]);
  if (response) filter.response = response as "answered" | "unanswered";
  if (params.q.trim()) filter.text = params.q;
  return filter;
}

function parseDay(name: string, text: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (!date || date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) throw new UsageError(`${name}: "${text}" is not a date (YYYY-MM-DD)`);
  return date;
}

/** `1763719200000.42`: a page cursor in a link. */
export function toCursorParam(cursor: BrowseCursor): string {
  return `${cursor.atMs}.${cursor.id}`;
}

export function parseCursorParam(text: string | null): BrowseCursor | undefined {
  if (!text) return undefined;
  const match = /^(-?\d{1,16})\.(\d{1,16})$/u.exec(text);
  if (!match) throw new UsageError(`after: "${text}" is not a page cursor`);
  return { atMs: Number(match[1]), id: Number(match[2]) };
}
