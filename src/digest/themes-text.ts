/**
 * Words for "What customers say", shared by the renderers and the `themes` command: each theme
 * in one sentence built from its numbers only (like findings.ts, nothing generated).
 */
import { toChannelLabel, toNumberText, toStageLabel, toTopicLabel } from "./labels.js";
import type { Theme, ThemeCount } from "./themes.js";
import type { Digest, Finding } from "./types.js";

/** Values shown per breakdown in "where". */
const WHERE_VALUES = 3;

/** One stage of "What customers say": its themes, or (none stand out) its top findings by count. */
export interface StageSay {
  stage: string;
  complaints: number;
  themes: Theme[];
  fallback: Finding[];
}

/** The stages with complaints, in the digest's order, with their themes; undefined when the digest has no themes section. */
export function toStageSays(d: Digest): StageSay[] | undefined {
  if (!d.themes) return undefined;
  const byStage = new Map(d.themes.stages.map((s) => [s.stage, s.themes]));
  return d.findings.map((f) => {
    const themes = byStage.get(f.stage) ?? [];
    return { stage: f.stage, complaints: f.complaints, themes, fallback: themes.length === 0 ? f.findings : [] };
  });
}

/** `25 complaints from 25 authors, new since 2026-11-17 (none in the baseline sample; z 5.1)`. */
export function toThemeText(t: Theme, unit: string): string {
  const count = `${t.complaints} complaint${t.complaints === 1 ? "" : "s"} from ${t.authors} author${t.authors === 1 ? "" : "s"}`;
  const verdict = t.new ? `new since ${t.firstSeen}` : `up on the baseline (${t.firstSeen} to ${t.lastSeen})`;
  const baseline = t.baselineComplaints === 0 ? "none in the baseline sample" : `${t.baselineComplaints} in the baseline sample`;
  return `${toTopicLabel(t.topic)} (${toStageLabel(t.stage)}): ${count} this ${unit}, ${verdict} (${baseline}; z ${toNumberText(t.z)})`;
}

/** `en 13, lt 12 · Review 25 · app-store-3 4, rss-0 3, … · app 4.2.0 9, 4.1.9 2` (app versions and pages, when any, last). */
export function toWhereText(t: Theme): string {
  const list = (counts: readonly ThemeCount[], label: (v: string) => string = (v) => v) =>
    counts.slice(0, WHERE_VALUES).map((c) => `${label(c.value)} ${c.complaints}`).join(", ") + (counts.length > WHERE_VALUES ? ", …" : "");
  const versions = t.versions.length > 0 ? [`app ${list(t.versions)}`] : [];
  return [list(t.languages), list(t.channels, toChannelLabel), list(t.sources), ...versions, ...(t.pages.length > 0 ? [list(t.pages)] : [])].join(" · ");
}

/** The rule in one line, for the renderers' footnotes. */
export function toThemeRuleText(d: Digest, unit: string): string {
  if (!d.themes) return "";
  const r = d.themes.rule;
  return `Themes: phrases over-represented against the ${d.period.baselinePeriods}-${unit} baseline (weighted log-odds, informative Dirichlet prior; z ≥ ${toNumberText(r.minZ)}), used by at least ${r.minAuthors} different authors; "new" when its share of the baseline is at most ${toNumberText(r.newBaselineRatio * 100, 0)}% of its share now.`;
}
