/**
 * "What customers say": inside each topic, the phrases over-represented in this period against
 * the baseline, grouped into themes (the same issue in different words), each with where it
 * happens and a few quotes. docs/digest.md ("What customers say") explains the statistic with a
 * worked example.
 *
 * The statistic is the weighted log-odds ratio with an informative Dirichlet prior (Monroe,
 * Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4), eqs. 16, 18–20), comparing a
 * topic's complaints in the period (i) with the same topic's complaints in the baseline (j):
 *
 *   δ_w = ln((y_iw + α_w) / (n_i + α_0 − y_iw − α_w)) − ln((y_jw + α_w) / (n_j + α_0 − y_jw − α_w))
 *   σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)          z_w = δ_w / σ_w
 *
 * y_w counts the distinct authors whose complaints contain phrase w (so neither a complaint
 * repeating a phrase nor an author repeating a complaint counts twice), n the sum of those counts
 * over all phrases. The prior is the pooled period + baseline of the topic, as
 * Monroe et al. pool both sides: α_w = α_0 · (y_iw + y_jw) / (n_i + n_j), with α_0 = min(n_i, n_j)
 * so the prior weighs as much as the smaller side. A prior from all topics would pull a
 * topic's own words (frequent in it, rare overall) towards zero on the smaller side only and
 * bias every steady phrase negative.
 */
import type { ThemeDoc } from "../store/types.js";
import { createPhraseMatcher, type Phrase } from "../text/phrases.js";
import { toExamples } from "./evidence.js";
import type { Example } from "./types.js";
import { toZonedDateText } from "./week.js";

export interface ThemeRule {
  /** Smallest z-score of a theme's leading phrase. Default 3 (one-sided p ≈ 0.001). */
  minZ: number;
  /** Fewest distinct authors (author hashes) using a phrase in the period: one loud author cannot make a theme. Default 3. */
  minAuthors: number;
  /** "new": the phrase's share of the baseline's complaints is at most this fraction of its share in the period. Default 0.1. */
  newBaselineRatio: number;
  /** Themes kept per topic, and per stage. Default 5. */
  perTopic: number;
  /** Quotes per theme, 1–3. Default 2. */
  examples: number;
}

export const DEFAULT_THEME_RULE: ThemeRule = { minZ: 3, minAuthors: 3, newBaselineRatio: 0.1, perTopic: 5, examples: 2 };

/** A phrase's evidence: its counts on both sides and the statistic. */
export interface ThemePhrase {
  /** The most frequent wording in the period. */
  phrase: string;
  /** Stemmed, folded key (text/phrases.ts). */
  key: string;
  /** Complaints of the topic in the period containing it (sampled; see ThemesSection.sample). */
  complaints: number;
  /** Distinct authors among them, y_iw (a mention without an author hash counts as its own author). */
  authors: number;
  /** Complaints of the topic in the baseline sample containing it. */
  baselineComplaints: number;
  /** The log-odds ratio δ and its z-score, rounded to 2 decimals. */
  delta: number;
  z: number;
}

/** One value of a breakdown and the theme's complaints with it. */
export interface ThemeCount {
  value: string;
  complaints: number;
}

export interface Theme {
  /** `<topic>:<key of the leading phrase>`: stable across digests, the alert key. */
  id: string;
  topic: string;
  stage: string;
  /** The theme's name: up to three of its phrases, strongest first, joined by " · ". */
  label: string;
  /** Leading phrase first, then the others grouped with it (at most 5). */
  phrases: ThemePhrase[];
  /** Complaints of the period in the theme (any of its phrases). */
  complaints: number;
  /** Complaints of the baseline sample with any of its phrases. */
  baselineComplaints: number;
  authors: number;
  /** The theme's z-score, the theme counted as one phrase ("any of its phrases") on both sides. */
  z: number;
  /** Absent or rare in the baseline: its share of the baseline's complaints is at most rule.newBaselineRatio × its share of the period's. */
  new: boolean;
  /** Local dates (the digest's time zone) of the theme's first and last complaint in the period. */
  firstSeen: string;
  lastSeen: string;
  /** Where it happens, most complaints first. `pages`: the URLs two or more of its complaints share (a product or review page). */
  sources: ThemeCount[];
  channels: ThemeCount[];
  languages: ThemeCount[];
  pages: ThemeCount[];
  /** App versions of the store reviews among its complaints (App Store, Google Play), when any. */
  versions: ThemeCount[];
  examples: Example[];
  /** The period's complaints in the theme (sampled), for `themes --members` and `themes --json`. */
  mentionIds: number[];
}

export interface TopicThemes {
  topic: string;
  stage: string;
  /** Sampled complaints of the topic in the period and the baseline: n behind the counts. */
  complaints: number;
  baselineComplaints: number;
  themes: Theme[];
}

export interface StageThemes {
  stage: string;
  /** The stage's themes from all its topics, highest z first. */
  themes: Theme[];
}

export interface ThemesSection {
  rule: ThemeRule;
  /** Complaints read per topic and day (store/themes.ts): every complaint up to these, a hash sample above. */
  sample: { periodPerDay: number; baselinePerDay: number };
  topics: TopicThemes[];
  stages: StageThemes[];
}

export interface LogOdds {
  delta: number;
  variance: number;
  z: number;
}

/** Counts of one phrase on both sides. */
export interface PhraseCounts {
  /** y_iw, n_i: the phrase's count and all phrases' count in the period. */
  period: number;
  periodTotal: number;
  /** y_jw, n_j: the same in the baseline. */
  baseline: number;
  baselineTotal: number;
}

/**
 * Weighted log-odds with the pooled informative Dirichlet prior (see the file comment). Throws
 * RangeError on counts that cannot be counts (negative, or a phrase count above its total).
 */
export function toLogOdds(c: PhraseCounts): LogOdds {
  for (const [name, value] of Object.entries(c)) if (!Number.isFinite(value) || value < 0) throw new RangeError(`themes: ${name} must be a count ≥ 0, got ${value}`);
  if (c.period > c.periodTotal || c.baseline > c.baselineTotal) throw new RangeError("themes: a phrase count exceeds its total");
  if (c.period + c.baseline === 0) return { delta: 0, variance: Infinity, z: 0 };
  const alpha0 = Math.max(1, Math.min(c.periodTotal, c.baselineTotal));
  const alpha = (alpha0 * (c.period + c.baseline)) / (c.periodTotal + c.baselineTotal);
  const logOdds = (y: number, n: number) => Math.log((y + alpha) / (n + alpha0 - y - alpha));
  const delta = logOdds(c.period, c.periodTotal) - logOdds(c.baseline, c.baselineTotal);
  const variance = 1 / (c.period + alpha) + 1 / (c.baseline + alpha);
  return { delta, variance, z: delta / Math.sqrt(variance) };
}

export interface ThemeOptions {
  rule: ThemeRule;
  sample: ThemesSection["sample"];
  /** The config's brand.terms: never part of a phrase. */
  brandTerms?: readonly string[];
  /** For firstSeen/lastSeen dates. */
  timezone: string;
  /** Mentions quoted elsewhere in the digest: quoted here only when nothing else is left. */
  shownElsewhere?: ReadonlySet<number>;
}

/** Phrase sharing more than this fraction of the smaller complaint set joins a theme. */
const GROUP_OVERLAP = 0.5;
/** Candidate phrases considered for grouping per topic (the highest z). */
const MAX_CANDIDATES = 200;
/** Phrases in a theme's label. */
const LABEL_PHRASES = 3;
/** Phrases shown per theme. */
const PHRASES_PER_THEME = 5;

interface PhraseStats {
  key: string;
  /** Distinct authors using the phrase in the period and in the baseline: the counts y_iw, y_jw. */
  authors: Set<string>;
  baselineAuthors: Set<string>;
  docs: number[];
  baselineDocs: number[];
  surfaces: Map<string, number>;
}

/** The themes of every topic with complaints in the sampled period. */
export function toThemes(docs: readonly ThemeDoc[], options: ThemeOptions): ThemesSection {
  validateRule(options.rule);
  const matcher = createPhraseMatcher(options.brandTerms ?? []);
  const phrasesById = new Map<number, Phrase[]>();
  const phrasesOf = (doc: ThemeDoc) => {
    let phrases = phrasesById.get(doc.mentionId);
    if (!phrases) phrasesById.set(doc.mentionId, (phrases = matcher.toPhrases(doc.text, doc.lang)));
    return phrases;
  };
  const byTopic = new Map<string, { stage: string; current: ThemeDoc[]; baseline: ThemeDoc[] }>();
  for (const doc of docs) {
    let entry = byTopic.get(doc.topic);
    if (!entry) byTopic.set(doc.topic, (entry = { stage: doc.stage, current: [], baseline: [] }));
    (doc.current ? entry.current : entry.baseline).push(doc);
  }
  const topics: TopicThemes[] = [...byTopic]
    .filter(([, t]) => t.current.length > 0)
    .map(([topic, t]) => ({
      topic,
      stage: t.stage,
      complaints: t.current.length,
      baselineComplaints: t.baseline.length,
      themes: toTopicThemes(topic, t.stage, t.current, t.baseline, phrasesOf, options),
    }))
    .sort((a, b) => (b.themes[0]?.z ?? -Infinity) - (a.themes[0]?.z ?? -Infinity) || b.complaints - a.complaints || a.topic.localeCompare(b.topic));
  const stageNames = [...new Set(topics.map((t) => t.stage))];
  const stages = stageNames.map((stage) => ({
    stage,
    themes: topics
      .filter((t) => t.stage === stage)
      .flatMap((t) => t.themes)
      .sort(byStrength)
      .slice(0, options.rule.perTopic),
  }));
  return { rule: { ...options.rule }, sample: { ...options.sample }, topics, stages };
}

function toTopicThemes(
  topic: string,
  stage: string,
  current: readonly ThemeDoc[],
  baseline: readonly ThemeDoc[],
  phrasesOf: (doc: ThemeDoc) => Phrase[],
  options: ThemeOptions,
): Theme[] {
  const { rule } = options;
  const stats = new Map<string, PhraseStats>();
  let periodTotal = 0;
  for (const doc of current) {
    const author = toAuthor(doc);
    for (const p of phrasesOf(doc)) {
      let s = stats.get(p.key);
      if (!s) stats.set(p.key, (s = { key: p.key, authors: new Set(), baselineAuthors: new Set(), docs: [], baselineDocs: [], surfaces: new Map() }));
      if (!s.authors.has(author)) periodTotal++;
      s.authors.add(author);
      s.docs.push(doc.mentionId);
      s.surfaces.set(p.surface, (s.surfaces.get(p.surface) ?? 0) + 1);
    }
  }
  // Baseline phrases absent from the period cannot be over-represented in it; only the total needs them.
  const baselineOnly = new Map<string, Set<string>>();
  let baselineTotal = 0;
  for (const doc of baseline) {
    const author = toAuthor(doc);
    for (const p of phrasesOf(doc)) {
      const s = stats.get(p.key);
      const authors = s?.baselineAuthors ?? baselineOnly.get(p.key) ?? baselineOnly.set(p.key, new Set()).get(p.key)!;
      if (!authors.has(author)) baselineTotal++;
      authors.add(author);
      s?.baselineDocs.push(doc.mentionId);
    }
  }
  if (baselineTotal === 0) return [];

  const candidates = [...stats.values()]
    .filter((s) => s.authors.size >= rule.minAuthors)
    .map((s) => ({ stats: s, odds: toLogOdds({ period: s.authors.size, periodTotal, baseline: s.baselineAuthors.size, baselineTotal }) }))
    .filter((c) => c.odds.z >= rule.minZ)
    .sort((a, b) => b.odds.z - a.odds.z || a.stats.key.localeCompare(b.stats.key))
    .slice(0, MAX_CANDIDATES);

  // Phrase co-occurrence, strongest phrase first: a phrase found mostly in the complaints of a
  // theme is another wording (or a part) of the same issue and joins it; otherwise it starts a
  // theme of the complaints no stronger theme holds. Each complaint belongs to one theme.
  const groups: Array<{ members: Set<number>; baselineMembers: Set<number>; phrases: typeof candidates }> = [];
  const claimed = new Map<number, (typeof groups)[number]>();
  const claimedBaseline = new Set<number>();
  // A joining phrase brings its other complaints along only when it is itself new (rule.newBaselineRatio):
  // "card declined" joining a theme must not pull in every card complaint of the week.
  const isNew = (st: PhraseStats) => st.baselineDocs.length / Math.max(1, baseline.length) <= rule.newBaselineRatio * (st.docs.length / current.length);
  for (const c of candidates) {
    const home = groups.find((g) => c.stats.docs.filter((id) => g.members.has(id)).length / c.stats.docs.length > GROUP_OVERLAP);
    const group = home ?? { members: new Set<number>(), baselineMembers: new Set<number>(), phrases: [] };
    if (!home || isNew(c.stats)) {
      for (const id of c.stats.docs) if (!claimed.has(id)) group.members.add(id);
      for (const id of c.stats.baselineDocs) if (!claimedBaseline.has(id)) group.baselineMembers.add(id);
    }
    if (!home && group.members.size === 0) continue;
    group.phrases.push(c);
    for (const id of group.members) claimed.set(id, group);
    for (const id of group.baselineMembers) claimedBaseline.add(id);
    if (!home) groups.push(group);
  }

  const docsById = new Map(current.map((d) => [d.mentionId, d]));
  const baselineById = new Map(baseline.map((d) => [d.mentionId, d]));
  const themes = groups.flatMap((g): Theme[] => {
    const members = [...g.members].map((id) => docsById.get(id)!).sort((a, b) => (a.publishedAt ?? 0) - (b.publishedAt ?? 0) || a.mentionId - b.mentionId);
    // The theme is scored as one phrase, "any of its phrases", counted in authors on both sides
    // over its own complaints (those a stronger theme holds are not counted twice).
    const authors = new Set(members.map(toAuthor)).size;
    const baselineAuthors = new Set([...g.baselineMembers].map((id) => toAuthor(baselineById.get(id)!))).size;
    const odds = toLogOdds({ period: Math.min(authors, periodTotal), periodTotal, baseline: Math.min(baselineAuthors, baselineTotal), baselineTotal });
    if (authors < rule.minAuthors || odds.z < rule.minZ) return [];
    const times = members.map((m) => m.publishedAt ?? 0);
    return [
      {
        id: `${topic}:${g.phrases[0]!.stats.key}`,
        topic,
        stage,
        label: toLabel(g.phrases.map((c) => toSurface(c.stats))),
        phrases: g.phrases.slice(0, PHRASES_PER_THEME).map((c) => ({
          phrase: toSurface(c.stats),
          key: c.stats.key,
          complaints: c.stats.docs.length,
          authors: c.stats.authors.size,
          baselineComplaints: c.stats.baselineDocs.length,
          delta: round2(c.odds.delta),
          z: round2(c.odds.z),
        })),
        complaints: members.length,
        baselineComplaints: g.baselineMembers.size,
        authors,
        z: round2(odds.z),
        new: g.baselineMembers.size / Math.max(1, baseline.length) <= rule.newBaselineRatio * (members.length / current.length),
        firstSeen: toZonedDateText(new Date(Math.min(...times)), options.timezone),
        lastSeen: toZonedDateText(new Date(Math.max(...times)), options.timezone),
        sources: toCounts(members, (m) => m.sourceName),
        channels: toCounts(members, (m) => m.channel),
        languages: toCounts(members, (m) => m.lang ?? "und"),
        pages: toCounts(members, (m) => toPage(m.url)).filter((p) => p.value !== "" && p.complaints >= 2),
        versions: toCounts(members, (m) => m.appVersion ?? "").filter((v) => v.value !== ""),
        examples: toExamples(members, rule.examples, options.shownElsewhere),
        mentionIds: members.map((m) => m.mentionId),
      },
    ];
  });
  return themes.sort(byStrength).slice(0, rule.perTopic);
}

/** Who wrote it: the author hash, or the mention itself when the source gave no author. */
function toAuthor(doc: ThemeDoc): string {
  return doc.authorHash ?? `mention:${doc.mentionId}`;
}

/** Up to three of a theme's phrases, strongest first, leaving out one already inside a listed one ("link" after "bank link"). */
function toLabel(surfaces: readonly string[]): string {
  const shown: string[] = [];
  for (const surface of surfaces) {
    if (shown.length === LABEL_PHRASES) break;
    if (shown.some((s) => ` ${s} `.includes(` ${surface} `) || ` ${surface} `.includes(` ${s} `))) continue;
    shown.push(surface);
  }
  return shown.join(" · ");
}

/** Highest z first; ties by size, then id. */
export function byStrength(a: Theme, b: Theme): number {
  return b.z - a.z || b.complaints - a.complaints || a.id.localeCompare(b.id);
}

function validateRule(rule: ThemeRule): void {
  const check = (name: keyof ThemeRule, ok: boolean) => {
    if (!ok) throw new RangeError(`themes: rule.${name} is out of range (${rule[name]})`);
  };
  check("minZ", Number.isFinite(rule.minZ));
  check("minAuthors", Number.isInteger(rule.minAuthors) && rule.minAuthors >= 1);
  check("newBaselineRatio", rule.newBaselineRatio >= 0 && rule.newBaselineRatio <= 1);
  check("perTopic", Number.isInteger(rule.perTopic) && rule.perTopic >= 1);
  check("examples", Number.isInteger(rule.examples) && rule.examples >= 1 && rule.examples <= 3);
}

/** |a ∩ b| ÷ min(|a|, |b|): 1 when one set holds the other. */
function overlap(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const id of small) if (large.has(id)) shared++;
  return small.size === 0 ? 0 : shared / small.size;
}

/** The most frequent wording of a phrase; ties go to the alphabetically first. */
function toSurface(stats: PhraseStats): string {
  let best = "";
  let bestCount = -1;
  for (const [surface, count] of stats.surfaces) {
    if (count > bestCount || (count === bestCount && surface < best)) {
      best = surface;
      bestCount = count;
    }
  }
  return best;
}

function toCounts<T>(items: readonly T[], keyOf: (item: T) => string): ThemeCount[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts].map(([value, complaints]) => ({ value, complaints })).sort((a, b) => b.complaints - a.complaints || a.value.localeCompare(b.value));
}

/** The URL without query and fragment (a product or review page), or "" when there is none. */
function toPage(url: string | null): string {
  if (!url) return "";
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? `${parsed.origin}${parsed.pathname}` : "";
  } catch (error) {
    if (error instanceof TypeError) return "";
    throw error;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
