/**
 * The explainable rules classifier: language → tokens → cues (sentiment, problems) → topics →
 * complaint. Everything it decides comes with the evidence that decided it.
 */
import { STAGES, toClassifiedBody, type Classification, type ClassifyInput, type Classifier, type Evidence, type Stage } from "../core/classification.js";
import { detectLanguage } from "../text/lang-id.js";
import { tokenize, type TokenizedText } from "../text/tokenize.js";
import { detectComplaint } from "./complaint.js";
import type { CueLexicon } from "./cue-lexicon.js";
import { toSlots } from "./phrase-matcher.js";
import { readCues } from "./read-cues.js";
import { scoreSentiment } from "./sentiment.js";
import { matchTopics, type CompiledTaxonomy } from "./topics.js";

/** Vocabulary used for languages the lexicons and taxonomy do not cover (`und`, `de`, …). */
const FALLBACK_LANG = "en";
/** Only text with combining marks can change under NFC; skipping the rest saves a copy per mention. */
const HAS_COMBINING_MARK = /[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u20d0-\u20ff]/;

export interface RulesClassifierParts {
  version: string;
  lexicons: ReadonlyMap<string, CueLexicon>;
  taxonomy: CompiledTaxonomy;
}

/** The rules' verdict together with the text and tokens it read, for the learned model to reuse. */
export interface RulesReading {
  /** The classified text (title and body, NFC): evidence offsets point into it. */
  text: string;
  tokenized: TokenizedText;
  classification: Classification;
}

export interface RulesClassifier extends Classifier {
  read(input: ClassifyInput): RulesReading;
}

export function createRulesClassifier(parts: RulesClassifierParts): RulesClassifier {
  const { version, lexicons, taxonomy } = parts;
  const read = (input: ClassifyInput): RulesReading => {
    // NFC first: folding works per code unit, so combining accents must be composed.
    const body = toClassifiedBody(input);
    const text = HAS_COMBINING_MARK.test(body) ? body.normalize("NFC") : body;
    const tokenized = tokenize(text);
    const language = detectLanguage(text, tokenized.tokens, input.lang);
    const slots = toSlots(tokenized);
    const vocabLang = lexicons.has(language.lang) ? language.lang : FALLBACK_LANG;
    const reading = readCues(tokenized, slots, lexicons.get(vocabLang));
    const sentiment = scoreSentiment(reading, input);
    const topicLang = taxonomy.matchers.has(language.lang) || taxonomy.patterns.has(language.lang) ? language.lang : FALLBACK_LANG;
    const topics = matchTopics(taxonomy, topicLang, text, tokenized.folded, slots);
    const complaint = detectComplaint(reading, sentiment.label, topics.topics.length);
    const evidence: Evidence[] = [
      { kind: "language", match: `${language.lang}:${language.method}`, weight: Math.round(language.confidence * 100) / 100 },
      ...sentiment.evidence,
      ...complaint.evidence,
      ...topics.evidence,
    ];
    const classification: Classification = {
      lang: language.lang,
      sentiment: sentiment.label,
      sentimentScore: sentiment.score,
      complaint: complaint.complaint,
      topics: topics.topics,
      stages: sortStages(topics.stages),
      evidence,
      version,
    };
    return { text, tokenized, classification };
  };
  return {
    version,
    stageOf: (topic) => taxonomy.stageOf.get(topic),
    read,
    classify: (input) => read(input).classification,
  };
}

function sortStages(stages: Stage[]): Stage[] {
  return [...stages].sort((a, b) => STAGES.indexOf(a) - STAGES.indexOf(b));
}
