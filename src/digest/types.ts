import type { ResponsesSection } from "./responses.js";
import type { Spike, SpikeRule } from "./spikes.js";
import type { ThemesSection } from "./themes.js";

/**
 * The digest data: what every renderer draws from and exactly what `digest --format json`
 * prints. The top-level keys and their meaning are a contract for other tools (docs/digest.md);
 * add keys, never rename or remove them without bumping `schemaVersion`.
 */
export interface Digest {
  schemaVersion: 1;
  /** ISO timestamp of when the digest was computed. */
  generatedAt: string;
  period: DigestPeriod;
  totals: DigestTotals;
  /** Complaints per journey stage, sorted by impact. */
  stages: StageRow[];
  /** Complaints per topic, sorted by impact. */
  topics: TopicRow[];
  channels: ChannelRow[];
  sources: SourceRow[];
  languages: LanguageRow[];
  /** Topics above their trailing baseline (see `rules.spikes`), largest excess first. */
  spikes: Spike[];
  /** Representative complaints for the top topics. */
  examples: TopicExamples[];
  /** "What to improve": per stage, its top topics with their trend. */
  findings: StageFindings[];
  trend: DigestTrend;
  /** Brand response tracking: response rate and time to first reply for complaints (docs/digest.md#responses). */
  responses: ResponsesSection;
  /**
   * "What customers say": per topic and stage, the phrases over-represented against the baseline,
   * grouped into themes (docs/digest.md#what-customers-say). Absent when themes are switched off.
   */
  themes?: ThemesSection;
  rules: { spikes: SpikeRule; examplesPerTopic: number };
}

export interface DigestPeriod {
  /** `2026-W47` or `2026-11-01..2026-11-30`. */
  label: string;
  kind: "week" | "range";
  /** ISO timestamps; `end` is exclusive. */
  start: string;
  end: string;
  timezone: string;
  /** The period compared against (same length, just before). */
  previous: { label: string; start: string; end: string };
  /** How many periods before the current one make the average and the spike baseline. */
  baselinePeriods: number;
}

/**
 * One headline number. `change` is value − previous; `average` is the mean over the
 * `baselinePeriods` periods before the current one. null when undefined (no mentions, no NPS answers).
 */
export interface Metric {
  value: number | null;
  previous: number | null;
  change: number | null;
  average: number | null;
}

export interface DigestTotals {
  mentions: Metric;
  complaints: Metric;
  /** Complaints ÷ mentions, percent (0–100). */
  complaintShare: Metric;
  sentiment: { positive: Metric; neutral: Metric; negative: Metric };
  /** (positive − negative) ÷ mentions, percent (−100…100). */
  netSentiment: Metric;
  /** Net Promoter Score over 0–10 survey answers: % promoters (9–10) − % detractors (0–6). */
  nps: Metric & { responses: number; promoters: number; detractors: number };
}

export interface CountChange {
  complaints: number;
  previous: number;
  change: number;
  /** Percent change against the previous period; null when the previous period had none. */
  changePct: number | null;
  average: number;
}

export interface StageRow extends CountChange {
  stage: string;
  /** Share of the period's complaints touching this stage, percent. */
  share: number;
}

export interface TopicRow extends CountChange {
  topic: string;
  stage: string;
  share: number;
  spike: boolean;
}

export interface ChannelRow {
  channel: string;
  mentions: number;
  complaints: number;
  previousComplaints: number;
  change: number;
}

export interface SourceRow extends ChannelRow {
  source: string;
  kind: string;
}

export interface LanguageRow {
  /** ISO 639-1, or `und`. */
  lang: string;
  mentions: number;
  complaints: number;
  previousComplaints: number;
  change: number;
}

export interface Example {
  mentionId: number;
  /** A short excerpt of the stored (already redacted) text, whitespace-collapsed and truncated. */
  quote: string;
  /** http(s) only; anything else is dropped. */
  url: string | null;
  source: string;
  channel: string;
  lang: string;
  publishedAt: string | null;
  rating: number | null;
  ratingScale: number | null;
}

export interface TopicExamples {
  topic: string;
  stage: string;
  complaints: number;
  examples: Example[];
}

export type Trend = "new" | "rising" | "falling" | "steady";

export interface Finding {
  topic: string;
  complaints: number;
  change: number;
  average: number;
  trend: Trend;
  spike: boolean;
  /** The finding in one sentence, built from the numbers (no generated prose). */
  text: string;
}

export interface StageFindings {
  stage: string;
  complaints: number;
  findings: Finding[];
}

export interface DigestTrend {
  /** Oldest first; the last is the current period. */
  periods: Array<{ label: string; start: string; end: string }>;
  mentions: number[];
  complaints: number[];
  stages: Array<{ stage: string; complaints: number[] }>;
  /** Every topic with complaints in any of the periods. */
  topics: Array<{ topic: string; stage: string; complaints: number[] }>;
}
