/**
 * The classifier's public API. The pipeline calls `createClassifier()` once (with the config's
 * taxonomy, already resolved by `parseTaxonomy`) and `classify()` per mention.
 */
import { fileURLToPath } from "node:url";
import type { Classifier } from "../core/classification.js";
import { compileDefaultLexicons } from "./cue-lexicon.js";
import { loadModelFile } from "./model/model-file.js";
import { createModelClassifier } from "./model/model-classifier.js";
import type { LinearModel } from "./model/linear-model.js";
import { createRulesClassifier, type RulesClassifier } from "./rules-classifier.js";
import { DEFAULT_TAXONOMY } from "./taxonomy/default.js";
import type { TaxonomyInput } from "./taxonomy/types.js";
import { compileTaxonomy } from "./topics.js";
import { toClassifierVersion } from "./version.js";

export { parseTaxonomy } from "./taxonomy/parse.js";
export { DEFAULT_TAXONOMY } from "./taxonomy/default.js";
export type { Taxonomy, TaxonomyInput, TopicDefinition, TermsByLang } from "./taxonomy/types.js";
export { RULES_CODE_VERSION } from "./version.js";
export type { RulesClassifier } from "./rules-classifier.js";
export type { LinearModel } from "./model/linear-model.js";

/**
 * The shipped model, committed beside the code (`npm run train:model` rebuilds it). Resolved
 * from this module so it is found from src/ (tsx) and dist/ (built) alike: both sit one level
 * below the package root.
 */
export const BUILTIN_MODEL_PATH = fileURLToPath(new URL("../../src/classify/model/earshot.model", import.meta.url));

/** `builtin` (the shipped model), `none` (rules only), or a model file's path. */
export type ModelChoice = "builtin" | "none" | (string & {});

export interface ClassifierOptions {
  /** A resolved taxonomy (see parseTaxonomy). Default: the shipped 14-topic taxonomy. */
  taxonomy?: TaxonomyInput;
  /** Which learned model decides beside the rules. Default `builtin`. */
  model?: ModelChoice | LinearModel;
}

/** Builds the classifier; compiling lexicons and taxonomy and loading the model take ~100 ms, so reuse it. */
export function createClassifier(options: ClassifierOptions = {}): RulesClassifier {
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY;
  const rulesVersion = toClassifierVersion(taxonomy);
  const rules = createRulesClassifier({ version: rulesVersion, lexicons: compileDefaultLexicons(), taxonomy: compileTaxonomy(taxonomy) });
  const model = toModel(options.model ?? "builtin");
  if (model === undefined) return rules;
  return createModelClassifier({ rules, model, version: `${rulesVersion}+model-${model.meta.id}` });
}

function toModel(choice: ModelChoice | LinearModel): LinearModel | undefined {
  if (typeof choice !== "string") return choice;
  if (choice === "none") return undefined;
  return loadModelFile(choice === "builtin" ? BUILTIN_MODEL_PATH : choice);
}
