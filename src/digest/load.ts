import { STAGES } from "../core/classification.js";
import type { MentionCountRow, Store } from "../store/types.js";
import { toExamples } from "./evidence.js";
import { toFindings } from "./findings.js";
import { loadResponsesSection, type ResponseDigestOptions } from "./responses.js";
import { findSpikes, type SpikeRule } from "./spikes.js";
import { DEFAULT_THEME_RULE, toThemes, type ThemeRule } from "./themes.js";
import type { ChannelRow, CountChange, Digest, LanguageRow, Metric, SourceRow, StageRow, TopicExamples, TopicRow } from "./types.js";
import type { Bucket } from "./week.js";

export interface DigestOptions {
  /** Consecutive periods, oldest first; the last is the digest's period. At least baselineWeeks + 1. */
  buckets: readonly Bucket[];
  kind: "week" | "range";
  timezone: string;
  spikes: SpikeRule;
  /** Examples shown per top topic. Default 3. */
  examplesPerTopic?: number;
  /** Topics that get examples. Default 5. */
  exampleTopics?: number;
  /** Stamped as `generatedAt`. */
  now: Date;
  /**
   * Count everything from the mention rows, ignoring the daily rollups of `timezone` (they give
   * the same digest faster; tests compare the two). Default false.
   */
  ignoreRollups?: boolean;
  /** Response tracking; without it every channel is "not measurable". */
  responses?: ResponseDigestOptions;
  /** "What customers say" (themes.ts): the rule, or false to leave the section out. Default DEFAULT_THEME_RULE. */
  themes?: Partial<ThemeRule> | false;
  /** The config's brand.terms, left out of theme phrases. */
  brandTerms?: readonly string[];
}

/** Complaints read per topic and day for the themes (store/themes.ts): all of a quiet day's, a sample of a busy one's. */
export const THEME_SAMPLE = { periodPerDay: 40, baselinePerDay: 8 } as const;

type Totals = Omit<MentionCountRow, "bucket" | "sourceName" | "sourceKind" | "channel" | "lang">;
const TOTAL_KEYS = ["mentions", "complaints", "positive", "neutral", "negative", "npsResponses", "promoters", "detractors"] as const;

/**
 * Computes the digest for the last of `options.buckets`, reading the store only, in one read
 * snapshot. Days the store has rolled up for `options.timezone` (store/digest-rollups.ts) are read
 * from their rollups, the rest from the mention rows; a store never refreshed gives the same digest.
 */
export function loadDigest(store: Store, options: DigestOptions): Promise<Digest> {
  return store.readSnapshot((snapshot) => computeDigest(snapshot, options));
}

async function computeDigest(store: Store, options: DigestOptions): Promise<Digest> {
  const { buckets, spikes: rule } = options;
  const n = buckets.length;
  if (n < 2) throw new RangeError("a digest needs the period and at least one period before it");
  const current = n - 1;
  const previous = n - 2;
  const baseline = range(Math.max(0, current - rule.baselineWeeks), current);

  const rollupZone = options.ignoreRollups ? {} : { timezone: options.timezone };
  const { mentions: mentionRows, topics: topicRows, stages: stageRows } = await store.countDigestBuckets(buckets, rollupZone);
  const totals = buckets.map((_, i) => sumTotals(mentionRows.filter((r) => r.bucket === i)));

  const topicSeries = toSeriesByKey(topicRows, (r) => `${r.topic}\u0000${r.stage}`, n);
  const stageSeries = toSeriesByKey(stageRows, (r) => r.stage, n);
  for (const stage of STAGES) if (!stageSeries.has(stage)) stageSeries.set(stage, new Array<number>(n).fill(0));

  const spikes = findSpikes(
    [...topicSeries].map(([key, series]) => {
      const [topic, stage] = key.split("\u0000") as [string, string];
      return { topic, stage, baseline: baseline.map((i) => series[i]!), current: series[current]! };
    }),
    rule,
  );
  const spiking = new Set(spikes.map((s) => `${s.topic}\u0000${s.stage}`));
  const currentComplaints = totals[current]!.complaints;

  const topics: TopicRow[] = [...topicSeries]
    .map(([key, series]) => {
      const [topic, stage] = key.split("\u0000") as [string, string];
      return { topic, stage, ...toCountChange(series, current, previous, baseline), share: toPercent(series[current]!, currentComplaints), spike: spiking.has(key) };
    })
    .filter((t) => t.complaints > 0 || t.previous > 0)
    .sort(byImpact);

  const stages: StageRow[] = [...stageSeries]
    .map(([stage, series]) => ({ stage, ...toCountChange(series, current, previous, baseline), share: toPercent(series[current]!, currentComplaints) }))
    .sort((a, b) => byImpact(a, b) || STAGES.indexOf(a.stage as never) - STAGES.indexOf(b.stage as never));

  const exampleTopics = [...topics.filter((t) => t.spike), ...topics.filter((t) => !t.spike)].filter((t) => t.complaints > 0).slice(0, options.exampleTopics ?? 5);
  const examplesPerTopic = options.examplesPerTopic ?? 3;
  const candidates = await store.listEvidenceCandidates({
    bucket: buckets[current]!,
    topics: [...new Set(exampleTopics.map((t) => t.topic))],
    perTopic: Math.max(40, examplesPerTopic * 8),
    ...rollupZone,
  });
  // A complaint about two top topics is quoted under the first only, while others remain.
  const quoted = new Set<number>();
  const examples: TopicExamples[] = exampleTopics.map((t) => {
    const picked = toExamples(candidates.filter((c) => c.topic === t.topic), examplesPerTopic, quoted);
    for (const e of picked) quoted.add(e.mentionId);
    return { topic: t.topic, stage: t.stage, complaints: t.complaints, examples: picked };
  });

  const themes =
    options.themes === false || baseline.length === 0
      ? undefined
      : toThemes(
          await store.listThemeSample({
            period: buckets[current]!,
            baseline: { start: buckets[baseline[0]!]!.start, end: buckets[current]!.start },
            ...THEME_SAMPLE,
            ...rollupZone,
          }),
          { rule: { ...DEFAULT_THEME_RULE, ...options.themes }, sample: { ...THEME_SAMPLE }, brandTerms: options.brandTerms ?? [], timezone: options.timezone, shownElsewhere: quoted },
        );

  const metric = (pick: (t: Totals) => number | null): Metric => toMetric(totals.map(pick), current, previous, baseline);
  const channels = toChannelRows(mentionRows, current, previous);
  const responses = await loadResponsesSection(store, buckets, baseline, new Map(channels.map((c) => [c.channel, c.complaints])), options.responses ?? { measurableKinds: [], slaHours: 24 }, options.now);
  const periodBucket = buckets[current]!;
  const previousBucket = buckets[previous]!;
  return {
    schemaVersion: 1,
    generatedAt: options.now.toISOString(),
    period: {
      label: periodBucket.label,
      kind: options.kind,
      start: periodBucket.start.toISOString(),
      end: periodBucket.end.toISOString(),
      timezone: options.timezone,
      previous: { label: previousBucket.label, start: previousBucket.start.toISOString(), end: previousBucket.end.toISOString() },
      baselinePeriods: baseline.length,
    },
    totals: {
      mentions: metric((t) => t.mentions),
      complaints: metric((t) => t.complaints),
      complaintShare: metric((t) => (t.mentions === 0 ? null : toPercent(t.complaints, t.mentions))),
      sentiment: {
        positive: metric((t) => t.positive),
        neutral: metric((t) => t.neutral),
        negative: metric((t) => t.negative),
      },
      netSentiment: metric((t) => (t.mentions === 0 ? null : toPercent(t.positive - t.negative, t.mentions))),
      nps: {
        ...metric((t) => (t.npsResponses === 0 ? null : toPercent(t.promoters - t.detractors, t.npsResponses))),
        responses: totals[current]!.npsResponses,
        promoters: totals[current]!.promoters,
        detractors: totals[current]!.detractors,
      },
    },
    stages,
    topics,
    channels,
    sources: toSourceRows(mentionRows, current, previous),
    languages: toLanguageRows(mentionRows, current, previous),
    spikes,
    examples,
    findings: toFindings(stages, topics, baseline.length, options.kind === "week" ? "week" : "period"),
    trend: {
      periods: buckets.map((b) => ({ label: b.label, start: b.start.toISOString(), end: b.end.toISOString() })),
      mentions: totals.map((t) => t.mentions),
      complaints: totals.map((t) => t.complaints),
      // Journey order first, then stages a custom taxonomy adds.
      stages: [...STAGES, ...[...stageSeries.keys()].filter((s) => !(STAGES as readonly string[]).includes(s))].map((stage) => ({ stage, complaints: stageSeries.get(stage)! })),
      topics: [...topicSeries]
        .map(([key, complaints]) => {
          const [topic, stage] = key.split("\u0000") as [string, string];
          return { topic, stage, complaints };
        })
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.stage.localeCompare(b.stage)),
    },
    responses,
    ...(themes ? { themes } : {}),
    rules: { spikes: { ...rule }, examplesPerTopic },
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function sumTotals(rows: readonly MentionCountRow[]): Totals {
  const sum = Object.fromEntries(TOTAL_KEYS.map((k) => [k, 0])) as Totals;
  for (const row of rows) for (const key of TOTAL_KEYS) sum[key] += row[key] ?? 0;
  return sum;
}

function toSeriesByKey<Row extends { bucket: number; complaints: number }>(rows: readonly Row[], keyOf: (row: Row) => string, n: number): Map<string, number[]> {
  const series = new Map<string, number[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let values = series.get(key);
    if (!values) series.set(key, (values = new Array<number>(n).fill(0)));
    values[row.bucket] = (values[row.bucket] ?? 0) + row.complaints;
  }
  return series;
}

function toCountChange(series: readonly number[], current: number, previous: number, baseline: readonly number[]): CountChange {
  const value = series[current]!;
  const before = series[previous]!;
  return {
    complaints: value,
    previous: before,
    change: value - before,
    changePct: before === 0 ? null : round1(((value - before) / before) * 100),
    average: round1(mean(baseline.map((i) => series[i]!))),
  };
}

function toMetric(values: ReadonlyArray<number | null>, current: number, previous: number, baseline: readonly number[]): Metric {
  const value = values[current] ?? null;
  const before = values[previous] ?? null;
  const known = baseline.map((i) => values[i]).filter((v): v is number => v !== null && v !== undefined);
  return {
    value,
    previous: before,
    change: value === null || before === null ? null : round1(value - before),
    average: known.length === 0 ? null : round1(mean(known)),
  };
}

/** Most complaints first; on a tie the larger increase, then the id. */
function byImpact(a: CountChange & { topic?: string; stage: string }, b: CountChange & { topic?: string; stage: string }): number {
  return b.complaints - a.complaints || b.change - a.change || (a.topic ?? a.stage).localeCompare(b.topic ?? b.stage);
}

function toChannelRows(rows: readonly MentionCountRow[], current: number, previous: number): ChannelRow[] {
  return toBreakdown(rows, current, previous, (r) => r.channel).map(({ key, ...counts }) => ({ channel: key, ...counts }));
}

function toSourceRows(rows: readonly MentionCountRow[], current: number, previous: number): SourceRow[] {
  const kinds = new Map(rows.map((r) => [r.sourceName, r.sourceKind]));
  const channels = new Map<string, Set<string>>();
  for (const r of rows.filter((row) => row.bucket === current)) channels.set(r.sourceName, (channels.get(r.sourceName) ?? new Set()).add(r.channel));
  return toBreakdown(rows, current, previous, (r) => r.sourceName).map(({ key, ...counts }) => ({
    source: key,
    kind: kinds.get(key) ?? "",
    channel: [...(channels.get(key) ?? [])].sort().join(","),
    ...counts,
  }));
}

function toLanguageRows(rows: readonly MentionCountRow[], current: number, previous: number): LanguageRow[] {
  return toBreakdown(rows, current, previous, (r) => r.lang ?? "und").map(({ key, ...counts }) => ({ lang: key, ...counts }));
}

/** Mentions and complaints of the current period per key, with the complaint change; keys seen in either period. */
function toBreakdown(rows: readonly MentionCountRow[], current: number, previous: number, keyOf: (row: MentionCountRow) => string) {
  const byKey = new Map<string, { key: string; mentions: number; complaints: number; previousComplaints: number; change: number }>();
  for (const row of rows) {
    if (row.bucket !== current && row.bucket !== previous) continue;
    const key = keyOf(row);
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { key, mentions: 0, complaints: 0, previousComplaints: 0, change: 0 }));
    if (row.bucket === current) {
      entry.mentions += row.mentions;
      entry.complaints += row.complaints;
    } else entry.previousComplaints += row.complaints;
  }
  return [...byKey.values()]
    .map((e) => ({ ...e, change: e.complaints - e.previousComplaints }))
    .sort((a, b) => b.complaints - a.complaints || b.mentions - a.mentions || a.key.localeCompare(b.key));
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

function toPercent(part: number, whole: number): number {
  return whole === 0 ? 0 : round1((part / whole) * 100);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
