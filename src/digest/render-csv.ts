import { CSV_BOM, toCsvRow } from "../core/csv.js";
import type { ResponseStats } from "./responses.js";
import type { Digest } from "./types.js";

export const DIGEST_CSV_COLUMNS = [
  "period", "period_start", "period_end", "topic", "stage", "complaints", "previous", "change", "change_pct", "baseline_avg", "spike",
  // Response tracking rows (row_type "responses"), appended after the topic rows; topic rows leave these empty.
  "row_type", "channel", "answered", "response_rate_pct", "median_first_reply_h", "p90_first_reply_h", "sla_breaches", "measurable",
  // "What customers say" rows (row_type "theme"), after the response rows: complaints is the theme's, previous the baseline sample's.
  "theme", "theme_z", "theme_new", "theme_first_seen", "theme_authors",
] as const;

/**
 * One row per topic × stage × period of the trend (oldest first), with the count, the change
 * against the period before and the average of the baseline periods before it. UTF-8 with a
 * BOM for spreadsheet programs; cells go through toCsvField (formula injection neutralised).
 */
export function renderDigestCsv(d: Digest): string {
  const baselinePeriods = d.rules.spikes.baselineWeeks;
  const spiking = new Set(d.spikes.map((s) => `${s.topic}\u0000${s.stage}`));
  const last = d.trend.periods.length - 1;
  let out = CSV_BOM + toCsvRow(DIGEST_CSV_COLUMNS);
  for (const [i, period] of d.trend.periods.entries()) {
    for (const topic of d.trend.topics) {
      const value = topic.complaints[i]!;
      const previous = i > 0 ? topic.complaints[i - 1]! : null;
      const baseline = topic.complaints.slice(Math.max(0, i - baselinePeriods), i);
      const average = baseline.length === 0 ? null : Math.round((baseline.reduce((s, v) => s + v, 0) / baseline.length) * 10) / 10;
      out += toCsvRow([
        period.label,
        period.start,
        period.end,
        topic.topic,
        topic.stage,
        value,
        previous,
        previous === null ? null : value - previous,
        previous === null || previous === 0 ? null : Math.round(((value - previous) / previous) * 1000) / 10,
        average,
        i === last && spiking.has(`${topic.topic}\u0000${topic.stage}`),
        "topic", null, null, null, null, null, null, null, null, null, null, null, null,
      ]);
    }
  }
  out += renderResponseRows(d);
  out += renderThemeRows(d);
  return out;
}

/** One row per theme of the period, stage by stage ("What customers say"). */
function renderThemeRows(d: Digest): string {
  const period = d.trend.periods[d.trend.periods.length - 1]!;
  let out = "";
  for (const stage of d.themes?.stages ?? []) {
    for (const t of stage.themes) {
      out += toCsvRow([
        period.label, period.start, period.end, t.topic, t.stage, t.complaints, t.baselineComplaints, null, null, null, null,
        "theme", null, null, null, null, null, null, null,
        t.label, t.z, t.new, t.firstSeen, t.authors,
      ]);
    }
  }
  return out;
}

/**
 * The Responses section for the digest's period: one row for all measured complaints, one per
 * channel (a not-measurable channel says so, with empty figures rather than 0) and one per stage.
 */
function renderResponseRows(d: Digest): string {
  const r = d.responses;
  const period = d.trend.periods[d.trend.periods.length - 1]!;
  let out = "";
  const row = (stage: string | null, channel: string | null, x: ResponseStats | null, complaints: number, measurable: boolean) =>
    toCsvRow([
      period.label, period.start, period.end, null, stage, complaints, null, null, null, null, null,
      "responses", channel, x?.answered ?? null, x?.responseRate.value ?? null, x?.medianHours.value ?? null, x?.p90Hours.value ?? null, x?.slaBreaches ?? null, measurable,
      null, null, null, null, null,
    ]);
  if (!r.measurable) return row(null, null, null, 0, false);
  out += row(null, null, r.total, r.total.complaints, true);
  for (const c of r.channels) out += c.measurable ? row(null, c.channel, c, c.complaints, true) : row(null, c.channel, null, c.notMeasurable, false);
  for (const s of r.stages) out += row(s.stage, null, s, s.complaints, true);
  return out;
}
