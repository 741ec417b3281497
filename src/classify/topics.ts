/**
 * Topic matching: every taxonomy term found in the text adds its weight to its topic; a topic
 * whose evidence weighs at least TOPIC_THRESHOLD is assigned. Each distinct term counts once,
 * so "refund … refund … refund" is one piece of evidence, not three.
 */
import type { Evidence, Stage, TopicId } from "../core/classification.js";
import { PhraseMatcher, type Slot } from "./phrase-matcher.js";
import type { Taxonomy } from "./taxonomy/types.js";

const STRONG_WEIGHT = 1;
const WEAK_WEIGHT = 0.5;
export const TOPIC_THRESHOLD = 1;

interface TopicCue {
  topic: TopicId;
  weight: number;
}

interface CompiledPattern {
  topic: TopicId;
  regex: RegExp;
}

export interface TopicMatch {
  topics: TopicId[];
  stages: Stage[];
  evidence: Evidence[];
}

export interface CompiledTaxonomy {
  /** Language codes with vocabulary. */
  languages: string[];
  stageOf: ReadonlyMap<TopicId, Stage>;
  matchers: ReadonlyMap<string, PhraseMatcher<TopicCue>>;
  patterns: ReadonlyMap<string, CompiledPattern[]>;
  /** Topic order of the taxonomy, so output order is stable. */
  order: ReadonlyMap<TopicId, number>;
}

export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const entriesByLang = new Map<string, Array<{ term: string; payload: TopicCue }>>();
  const patterns = new Map<string, CompiledPattern[]>();
  const stageOf = new Map<TopicId, Stage>();
  const order = new Map<TopicId, number>();
  const add = (lang: string, term: string, payload: TopicCue) => {
    let entries = entriesByLang.get(lang);
    if (entries === undefined) entriesByLang.set(lang, (entries = []));
    entries.push({ term, payload });
  };
  for (const [topic, definition] of Object.entries(taxonomy.topics)) {
    stageOf.set(topic, definition.stage);
    order.set(topic, order.size);
    for (const [lang, terms] of Object.entries(definition.terms ?? {})) for (const term of terms) add(lang, term, { topic, weight: STRONG_WEIGHT });
    for (const [lang, terms] of Object.entries(definition.weakTerms ?? {})) for (const term of terms) add(lang, term, { topic, weight: WEAK_WEIGHT });
    for (const [lang, sources] of Object.entries(definition.patterns ?? {})) {
      const list = patterns.get(lang) ?? [];
      for (const source of sources) list.push({ topic, regex: new RegExp(source, "giu") });
      patterns.set(lang, list);
    }
  }
  const matchers = new Map<string, PhraseMatcher<TopicCue>>();
  for (const [lang, entries] of entriesByLang) matchers.set(lang, new PhraseMatcher(lang, entries));
  return { languages: [...new Set([...matchers.keys(), ...patterns.keys()])], stageOf, matchers, patterns, order };
}

/** Finds topics in one text. `lang` must have vocabulary; callers pick a fallback. */
export function matchTopics(compiled: CompiledTaxonomy, lang: string, text: string, folded: string, slots: Slot[]): TopicMatch {
  const weightByTopic = new Map<TopicId, number>();
  const seenTerms = new Set<string>(); // "topic term" pairs already counted
  // Words already counted for a topic: "emails" matches the terms "email", "emails" and
  // "emailed" (same stem) but is one piece of evidence.
  const usedSlots = new Map<TopicId, Set<number>>();
  const evidence: Evidence[] = [];
  const matcher = compiled.matchers.get(lang);
  if (matcher) {
    const hits = matcher.findAll(slots);
    if (hits.length === 0 && !compiled.patterns.has(lang)) return { topics: [], stages: [], evidence: [] };
    hits.sort((a, b) => b.last - b.first - (a.last - a.first) || b.payload.weight - a.payload.weight);
    for (const hit of hits) {
      const topic = hit.payload.topic;
      const key = topic + " " + hit.term;
      if (seenTerms.has(key)) continue;
      let used = usedSlots.get(topic);
      if (used === undefined) usedSlots.set(topic, (used = new Set()));
      let overlaps = false;
      for (let s = hit.first; s <= hit.last && !overlaps; s++) overlaps = used.has(s);
      if (overlaps) continue;
      for (let s = hit.first; s <= hit.last; s++) used.add(s);
      seenTerms.add(key);
      weightByTopic.set(hit.payload.topic, (weightByTopic.get(hit.payload.topic) ?? 0) + hit.payload.weight);
      evidence.push({ kind: "topic", topic: hit.payload.topic, match: text.slice(hit.start, hit.end), start: hit.start, end: hit.end, weight: hit.payload.weight });
    }
  }
  for (const { topic, regex } of compiled.patterns.get(lang) ?? []) {
    regex.lastIndex = 0;
    const found = regex.exec(folded);
    if (found === null) continue;
    weightByTopic.set(topic, (weightByTopic.get(topic) ?? 0) + STRONG_WEIGHT);
    const start = found.index;
    const end = start + found[0].length;
    evidence.push({ kind: "topic", topic, match: text.slice(start, end), start, end, weight: STRONG_WEIGHT });
  }
  const topics = [...weightByTopic]
    .filter(([, weight]) => weight >= TOPIC_THRESHOLD)
    .map(([topic]) => topic)
    .sort((a, b) => compiled.order.get(a)! - compiled.order.get(b)!);
  const assigned = new Set(topics);
  const stages = [...new Set(topics.map((topic) => compiled.stageOf.get(topic)!))];
  const kept = evidence.filter((e) => assigned.has(e.topic!)).sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  return { topics, stages, evidence: kept };
}
