/**
 * The classifier's public API. The pipeline calls `createClassifier()` once (with the config's
 * taxonomy, already resolved by `parseTaxonomy`) and `classify()` per mention.
 */
import type { Classifier } from "../core/classification.js";
import { compileDefaultLexicons } from "./cue-lexicon.js";
import { createRulesClassifier } from "./rules-classifier.js";
import { DEFAULT_TAXONOMY } from "./taxonomy/default.js";
import type { TaxonomyInput } from "./taxonomy/types.js";
import { compileTaxonomy } from "./topics.js";
import { toClassifierVersion } from "./version.js";

export { parseTaxonomy } from "./taxonomy/parse.js";
export { DEFAULT_TAXONOMY } from "./taxonomy/default.js";
export type { Taxonomy, TaxonomyInput, TopicDefinition, TermsByLang } from "./taxonomy/types.js";
export { RULES_CODE_VERSION } from "./version.js";

export interface ClassifierOptions {
  /** A resolved taxonomy (see parseTaxonomy). Default: the shipped 14-topic taxonomy. */
  taxonomy?: TaxonomyInput;
}

/** Builds the rules classifier; compiling lexicons and taxonomy takes a few tens of ms, so reuse it. */
export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY;
  return createRulesClassifier({
    version: toClassifierVersion(taxonomy),
    lexicons: compileDefaultLexicons(),
    taxonomy: compileTaxonomy(taxonomy),
  });
}
