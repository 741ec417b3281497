/**
 * The digest's "Responses" section (issue 13): for complaints on platforms where the brand's
 * replies can be seen, what share the brand answered, how fast (median and p90 hours to the first
 * reply), how many missed the SLA, and the oldest still waiting; per channel and per journey
 * stage, against the previous period and the baseline average. A channel whose complaints all come
 * from platforms that cannot show replies (RSS, file imports) is "not measurable", never 0 %.
 */
import type { ResponseFact, Store, UnansweredComplaint } from "../store/types.js";
import type { Metric } from "./types.js";
import type { Bucket } from "./week.js";

export interface ResponseDigestOptions {
  /** Source kinds whose replies are measured (the platform shows replies and brand.accounts names the brand there). */
  measurableKinds: readonly string[];
  /** Default SLA, hours. */
  slaHours: number;
  /** Per-channel SLA overrides, hours. */
  slaHoursByChannel?: Readonly<Partial<Record<string, number>>>;
  /** Oldest unanswered complaints listed. Default 5. */
  oldestUnanswered?: number;
}

/** Figures over one set of measured complaints. Rates are percent; times are hours (one decimal). */
export interface ResponseStats {
  /** Complaints on measurable platforms in the period. */
  complaints: number;
  answered: number;
  /** answered ÷ complaints, %; null without complaints. */
  responseRate: Metric;
  /** Hours from complaint to first brand reply, over the answered ones; null when none was answered. */
  medianHours: Metric;
  p90Hours: Metric;
  /** Answered later than the SLA, or still unanswered past it at the end of the period (or now). */
  slaBreaches: number;
  /** Of the breaches, those still unanswered (what an alert is about). */
  unansweredPastSla: number;
}

export interface ResponseChannelRow extends ResponseStats {
  channel: string;
  slaHours: number;
  /** False: no complaint of this channel came from a platform where replies can be seen. */
  measurable: boolean;
  /** Complaints of this channel from platforms that cannot show replies, left out of the figures. */
  notMeasurable: number;
}

export interface ResponseStageRow extends ResponseStats {
  stage: string;
}

export interface UnansweredRow {
  mentionId: number;
  source: string;
  channel: string;
  /** Stored (redacted) text, collapsed and cut to 200 characters. */
  quote: string;
  /** http(s) only. */
  url: string | null;
  writtenAt: string;
  /** Hours waiting at the end of the period (or now, if earlier). */
  waitingHours: number;
}

export interface ResponsesSection {
  /** False when no platform is measurable (no brand.accounts): every figure is then absent. */
  measurable: boolean;
  measurableKinds: string[];
  slaHours: number;
  total: ResponseStats;
  channels: ResponseChannelRow[];
  stages: ResponseStageRow[];
  oldestUnanswered: UnansweredRow[];
}

const HOUR_MS = 3_600_000;

/**
 * Computes the section for the last of `buckets`, comparing with the one before and averaging the
 * `baseline` periods. `complaintsByChannel` is the digest's own count of complaints per channel in
 * the period (all platforms), from which the not-measurable share is derived.
 */
export async function loadResponsesSection(
  store: Store,
  buckets: readonly Bucket[],
  baseline: readonly number[],
  complaintsByChannel: ReadonlyMap<string, number>,
  options: ResponseDigestOptions,
  now: Date,
): Promise<ResponsesSection> {
  const current = buckets.length - 1;
  const previous = current - 1;
  const first = Math.min(previous, ...baseline);
  const kinds = [...options.measurableKinds];
  const facts = await store.listResponseFacts(kinds, buckets[first]!.start.getTime(), buckets[current]!.end.getTime());
  const byBucket = buckets.map(() => [] as ResponseFact[]);
  for (const fact of facts) {
    const i = findBucket(buckets, fact.occurredAtMs, first);
    if (i !== undefined) byBucket[i]!.push(fact);
  }
  const slaOf = (channel: string) => options.slaHoursByChannel?.[channel] ?? options.slaHours;
  const asOf = (i: number) => Math.min(buckets[i]!.end.getTime(), now.getTime());
  const stats = (select: (f: ResponseFact) => boolean): ResponseStats => {
    const series = byBucket.map((list, i) => toFigures(list.filter(select), asOf(i), slaOf));
    const metric = (pick: (f: Figures) => number | null) => toMetric(series.map(pick), current, previous, baseline);
    return {
      complaints: series[current]!.complaints,
      answered: series[current]!.answered,
      responseRate: metric((f) => (f.complaints === 0 ? null : round1((f.answered / f.complaints) * 100))),
      medianHours: metric((f) => f.median),
      p90Hours: metric((f) => f.p90),
      slaBreaches: series[current]!.breaches,
      unansweredPastSla: series[current]!.waitingPastSla,
    };
  };

  const measuredChannels = new Set(byBucket[current]!.map((f) => f.channel));
  const channels = new Set([...complaintsByChannel.keys(), ...measuredChannels]);
  const channelRows: ResponseChannelRow[] = [...channels]
    .map((channel) => {
      const row = stats((f) => f.channel === channel);
      return { channel, slaHours: slaOf(channel), measurable: row.complaints > 0, notMeasurable: Math.max(0, (complaintsByChannel.get(channel) ?? 0) - row.complaints), ...row };
    })
    .filter((r) => r.complaints > 0 || r.notMeasurable > 0)
    .sort((a, b) => Number(b.measurable) - Number(a.measurable) || b.complaints - a.complaints || a.channel.localeCompare(b.channel));
  const stages = [...new Set(byBucket[current]!.flatMap((f) => f.stages))].sort();
  const waitLimit = options.oldestUnanswered ?? 5;
  const periodEnd = asOf(current);
  return {
    measurable: kinds.length > 0,
    measurableKinds: kinds,
    slaHours: options.slaHours,
    total: stats(() => true),
    channels: channelRows,
    stages: stages.map((stage) => ({ stage, ...stats((f) => f.stages.includes(stage)) })),
    oldestUnanswered: (await store.listOldestUnanswered(kinds, buckets[current]!.start.getTime(), buckets[current]!.end.getTime(), waitLimit)).map((m) => toUnansweredRow(m, periodEnd)),
  };
}

/** What the SLA alert announces: unanswered complaints past their channel's SLA right now. */
export interface SlaBacklog {
  slaHours: number;
  /** The thread-check window the complaints were taken from, days. */
  windowDays: number;
  count: number;
  /** The oldest of them (redacted, linked), at most `oldestUnanswered`. */
  oldest: UnansweredRow[];
}

/**
 * Unanswered complaints on measurable platforms, written within the thread-check window, that
 * have waited longer than their channel's SLA at `now`. Unlike the digest section it is not
 * bound to one period: a complaint written late on Sunday breaches its SLA in the next week, and
 * that is when an alert about it is due.
 */
export async function loadSlaBacklog(store: Store, options: ResponseDigestOptions & { windowDays: number }, now: Date): Promise<SlaBacklog> {
  const slaOf = (channel: string) => (options.slaHoursByChannel?.[channel] ?? options.slaHours) * HOUR_MS;
  const nowMs = now.getTime();
  const windowStart = nowMs - options.windowDays * 24 * HOUR_MS;
  const isPastSla = (f: { channel: string; occurredAtMs: number }) => nowMs - f.occurredAtMs > slaOf(f.channel);
  const facts = (await store.listResponseFacts(options.measurableKinds, windowStart, nowMs)).filter((f) => f.firstResponseAtMs === null && isPastSla(f));
  const limit = options.oldestUnanswered ?? 5;
  // The oldest unanswered are past the SLA unless their channel has a longer one: read a few more.
  const oldest = facts.length === 0 ? [] : (await store.listOldestUnanswered(options.measurableKinds, windowStart, nowMs, limit * 4)).filter(isPastSla).slice(0, limit);
  return { slaHours: options.slaHours, windowDays: options.windowDays, count: facts.length, oldest: oldest.map((m) => toUnansweredRow(m, nowMs)) };
}

function toUnansweredRow(m: UnansweredComplaint, asOfMs: number): UnansweredRow {
  return {
    mentionId: m.mentionId,
    source: m.source,
    channel: m.channel,
    quote: toQuote(m.text),
    url: m.url && /^https?:\/\//iu.test(m.url) ? m.url : null,
    writtenAt: new Date(m.occurredAtMs).toISOString(),
    waitingHours: round1(Math.max(0, asOfMs - m.occurredAtMs) / HOUR_MS),
  };
}

interface Figures {
  complaints: number;
  answered: number;
  median: number | null;
  p90: number | null;
  breaches: number;
  waitingPastSla: number;
}

function toFigures(facts: readonly ResponseFact[], asOfMs: number, slaOf: (channel: string) => number): Figures {
  const hours: number[] = [];
  let breaches = 0;
  let waitingPastSla = 0;
  for (const f of facts) {
    const slaMs = slaOf(f.channel) * HOUR_MS;
    if (f.firstResponseAtMs !== null) {
      // A Play review edited after the developer answered carries the edit's time: never negative.
      const waited = Math.max(0, f.firstResponseAtMs - f.occurredAtMs);
      hours.push(waited / HOUR_MS);
      if (waited > slaMs) breaches++;
    } else if (asOfMs - f.occurredAtMs > slaMs) {
      breaches++;
      waitingPastSla++;
    }
  }
  hours.sort((a, b) => a - b);
  return { complaints: facts.length, answered: hours.length, median: quantile(hours, 0.5), p90: quantile(hours, 0.9), breaches, waitingPastSla };
}

/** Linear interpolation between closest ranks (numpy's default), one decimal; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return round1(sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low));
}

function findBucket(buckets: readonly Bucket[], ms: number, from: number): number | undefined {
  for (let i = from; i < buckets.length; i++) if (ms >= buckets[i]!.start.getTime() && ms < buckets[i]!.end.getTime()) return i;
  return undefined;
}

function toMetric(values: ReadonlyArray<number | null>, current: number, previous: number, baseline: readonly number[]): Metric {
  const value = values[current] ?? null;
  const before = values[previous] ?? null;
  const known = baseline.map((i) => values[i]).filter((v): v is number => v !== null && v !== undefined);
  return { value, previous: before, change: value === null || before === null ? null : round1(value - before), average: known.length === 0 ? null : round1(known.reduce((s, v) => s + v, 0) / known.length) };
}

function toQuote(text: string): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
