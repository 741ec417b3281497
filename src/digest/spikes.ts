/**
 * The spike rule: a topic spikes when this period's complaints reach `minCount` AND exceed the
 * trailing baseline's mean by more than k standard deviations.
 *
 * Weekly complaint counts are small counts, roughly Poisson, so a baseline of 8 quiet weeks
 * (0, 0, 1, 0…) has a tiny sample σ and would flag two complaints as a spike. The σ used is
 * therefore never below √mean (the Poisson σ) nor below 1.
 */
export interface SpikeRule {
  /** Standard deviations above the baseline mean. Default 3. */
  k: number;
  /** Fewest complaints in the period for a spike, whatever the baseline. Default 5. */
  minCount: number;
  /** Periods before the current one that form the baseline. Default 8. */
  baselineWeeks: number;
}

export const DEFAULT_SPIKE_RULE: SpikeRule = { k: 3, minCount: 5, baselineWeeks: 8 };

export interface TopicSeries {
  topic: string;
  stage: string;
  /** Complaints per baseline period, oldest first (length = baselineWeeks). */
  baseline: readonly number[];
  /** Complaints in the current period. */
  current: number;
}

export interface Spike {
  topic: string;
  stage: string;
  complaints: number;
  /** Mean complaints per baseline period. */
  baselineMean: number;
  /** σ used by the rule (sample σ, floored at √mean and 1). */
  baselineStdDev: number;
  /** mean + k·σ: the count had to exceed this. */
  threshold: number;
  /** complaints ÷ max(mean, 1): how many times the usual level. */
  ratio: number;
}

/** Topics that spike under `rule`, largest excess over the threshold first. */
export function findSpikes(series: readonly TopicSeries[], rule: SpikeRule): Spike[] {
  const spikes: Spike[] = [];
  for (const s of series) {
    const spike = toSpike(s, rule);
    if (spike) spikes.push(spike);
  }
  return spikes.sort((a, b) => b.complaints - b.threshold - (a.complaints - a.threshold) || a.topic.localeCompare(b.topic));
}

/** The spike for one series, or undefined when the rule does not fire. */
export function toSpike(series: TopicSeries, rule: SpikeRule): Spike | undefined {
  const { mean, stdDev } = toBaselineStats(series.baseline);
  const sigma = Math.max(stdDev, Math.sqrt(mean), 1);
  const threshold = mean + rule.k * sigma;
  if (series.current < rule.minCount || series.current <= threshold) return undefined;
  return {
    topic: series.topic,
    stage: series.stage,
    complaints: series.current,
    baselineMean: round(mean, 2),
    baselineStdDev: round(sigma, 2),
    threshold: round(threshold, 2),
    ratio: round(series.current / Math.max(mean, 1), 1),
  };
}

/** Mean and population standard deviation; an empty baseline is (0, 0). */
export function toBaselineStats(values: readonly number[]): { mean: number; stdDev: number } {
  if (values.length === 0) return { mean: 0, stdDev: 0 };
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, stdDev: Math.sqrt(variance) };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
