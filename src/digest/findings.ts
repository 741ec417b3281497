import { toStageLabel, toTopicLabel } from "./labels.js";
import type { Finding, StageFindings, StageRow, TopicRow, Trend } from "./types.js";

/** Topics listed per stage under "what to improve". */
export const FINDINGS_PER_STAGE = 3;

/**
 * "What to improve": for each stage with complaints (by impact), its top topics and where they
 * are heading. Sentences are assembled from the numbers only, so they can be checked against
 * the tables and never invent anything.
 */
export function toFindings(stages: readonly StageRow[], topics: readonly TopicRow[], baselinePeriods: number, unit: "week" | "period"): StageFindings[] {
  return stages
    .filter((s) => s.complaints > 0)
    .map((stage) => ({
      stage: stage.stage,
      complaints: stage.complaints,
      findings: topics
        .filter((t) => t.stage === stage.stage && t.complaints > 0)
        .slice(0, FINDINGS_PER_STAGE)
        .map((t): Finding => {
          const trend = toTrend(t.complaints, t.previous, t.average);
          return { topic: t.topic, complaints: t.complaints, change: t.change, average: t.average, trend, spike: t.spike, text: toFindingText(t, trend, baselinePeriods, unit) };
        }),
    }));
}

/**
 * new: nothing in the previous period nor the baseline; rising/falling: at least 2 complaints and
 * 25 % away from both the previous period and the baseline average, in the same direction;
 * steady otherwise.
 */
export function toTrend(current: number, previous: number, average: number): Trend {
  if (current > 0 && previous === 0 && average === 0) return "new";
  const margin = (reference: number) => Math.max(2, reference * 0.25);
  if (current - previous >= margin(previous) && current - average >= margin(average)) return "rising";
  if (previous - current >= margin(previous) && average - current >= margin(average)) return "falling";
  return "steady";
}

function toFindingText(topic: TopicRow, trend: Trend, baselinePeriods: number, unit: "week" | "period"): string {
  const count = `${topic.complaints} complaint${topic.complaints === 1 ? "" : "s"}`;
  const change =
    topic.change === 0 ? `as many as the previous ${unit}` : `${topic.change > 0 ? "up" : "down"} ${Math.abs(topic.change)} on the previous ${unit}`;
  const average = `${baselinePeriods}-${unit} average ${topic.average}`;
  const verdict = topic.spike ? "a spike" : trend === "new" ? `new this ${unit}` : trend;
  return `${toTopicLabel(topic.topic)} (${toStageLabel(topic.stage)}): ${count}, ${change} (${average}) — ${verdict}.`;
}
