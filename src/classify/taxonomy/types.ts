import type { Stage, TopicId } from "../../core/classification.js";

/** Vocabulary per ISO 639-1 language code: `{ en: ["refund", "money back"], lt: ["grąžin*"] }`. */
export type TermsByLang = Record<string, string[]>;

export interface TopicDefinition {
  /** Journey stage the topic belongs to (TAXONOMY.md). */
  stage: Stage;
  description?: string;
  /** Phrases that name the topic on their own (weight 1). */
  terms?: TermsByLang;
  /** Phrases that suggest the topic; two are needed (weight 0.5 each). */
  weakTerms?: TermsByLang;
  /** Regular expressions (Unicode, case-insensitive) matched on the folded text (weight 1). */
  patterns?: TermsByLang;
}

/** A complete taxonomy: what the classifier runs with. */
export interface Taxonomy {
  topics: Record<TopicId, TopicDefinition>;
}

/** What `createClassifier` accepts; the same shape as a resolved taxonomy. */
export type TaxonomyInput = Taxonomy;
