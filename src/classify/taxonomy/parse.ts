/**
 * Validates the config file's `taxonomy:` key and resolves it against the default:
 *
 * ```yaml
 * taxonomy:
 *   mode: extend            # extend (default): add topics, add terms to existing ones
 *                           # replace: the topics below are the whole taxonomy
 *   remove: [spam_ads]      # extend only: drop default topics
 *   topics:
 *     loyalty_program:      # a new topic needs a stage
 *       stage: service
 *       terms: { en: ["loyalty points", "bonus card"], lt: ["lojalumo*"] }
 *     delivery:             # an existing topic: terms are added, stage may be changed
 *       terms: { en: ["pick-up point"] }
 * ```
 */
import { z } from "zod";
import { STAGES } from "../../core/classification.js";
import { ConfigError } from "../../core/errors.js";
import { compileTerm, TermSyntaxError } from "../phrase-matcher.js";
import { DEFAULT_TAXONOMY } from "./default.js";
import type { Taxonomy, TermsByLang, TopicDefinition } from "./types.js";

const termsSchema = z.record(
  z.string().regex(/^[a-z]{2,3}$/, "language keys are ISO 639-1 codes such as en, lt"),
  z.array(z.string().min(1, "terms cannot be empty")),
);

const topicSchema = z.strictObject({
  stage: z.enum(STAGES).optional(),
  description: z.string().optional(),
  terms: termsSchema.optional(),
  weakTerms: termsSchema.optional(),
  patterns: termsSchema.optional(),
});

const topicIdSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, "topic ids are snake_case, e.g. slow_reply");

const taxonomyConfigSchema = z.strictObject({
  mode: z.enum(["extend", "replace"]).default("extend"),
  remove: z.array(topicIdSchema).default([]),
  topics: z.record(topicIdSchema, topicSchema).default({}),
});

type TopicPatch = z.infer<typeof topicSchema>;

/**
 * Turns the raw `taxonomy:` value into a complete taxonomy. `path` names the config file and
 * key for messages, e.g. `earshot.yaml: taxonomy`; errors name the field:
 * `earshot.yaml: taxonomy.topics.loyalty.stage: …`.
 */
export function parseTaxonomy(raw: unknown, path: string, base: Taxonomy = DEFAULT_TAXONOMY): Taxonomy {
  if (raw === undefined || raw === null) return base;
  const parsed = taxonomyConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(joinPath(path, issue.path), issue.message);
  }
  const config = parsed.data;
  if (config.mode === "replace" && config.remove.length > 0) {
    throw new ConfigError(`${path}.remove`, "remove only applies to mode: extend");
  }
  const topics: Record<string, TopicDefinition> = config.mode === "replace" ? {} : { ...base.topics };
  config.remove.forEach((id, index) => {
    if (!(id in topics)) throw new ConfigError(`${path}.remove[${index}]`, `unknown topic "${id}"`);
    delete topics[id];
  });
  for (const [id, patch] of Object.entries(config.topics)) {
    const existing = topics[id];
    const topicPath = `${path}.topics.${id}`;
    if (existing === undefined && patch.stage === undefined) {
      throw new ConfigError(`${topicPath}.stage`, `a new topic needs a stage (${STAGES.join(", ")})`);
    }
    // Checked before merging so an error names the user's own index, not the merged list's.
    checkVocabulary(patch, topicPath);
    topics[id] = mergeTopic(existing, patch);
  }
  if (Object.keys(topics).length === 0) throw new ConfigError(`${path}.topics`, "the taxonomy has no topics");
  return { topics };
}

function mergeTopic(existing: TopicDefinition | undefined, patch: TopicPatch): TopicDefinition {
  const merged: TopicDefinition = { stage: patch.stage ?? existing!.stage };
  const description = patch.description ?? existing?.description;
  if (description !== undefined) merged.description = description;
  for (const key of ["terms", "weakTerms", "patterns"] as const) {
    const combined = mergeTerms(existing?.[key], patch[key]);
    if (combined !== undefined) merged[key] = combined;
  }
  return merged;
}

function mergeTerms(a: TermsByLang | undefined, b: TermsByLang | undefined): TermsByLang | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out: TermsByLang = { ...a };
  for (const [lang, terms] of Object.entries(b)) out[lang] = [...(out[lang] ?? []), ...terms];
  return out;
}

/** Compiles every term and pattern once so a typo fails at config load, not mid-scan. */
function checkVocabulary(topic: TopicPatch, topicPath: string): void {
  for (const key of ["terms", "weakTerms"] as const) {
    for (const [lang, terms] of Object.entries(topic[key] ?? {})) {
      terms.forEach((term, index) => {
        try {
          compileTerm(term, lang);
        } catch (error) {
          if (error instanceof TermSyntaxError) throw new ConfigError(`${topicPath}.${key}.${lang}[${index}]`, error.message, { cause: error });
          throw error;
        }
      });
    }
  }
  for (const [lang, patterns] of Object.entries(topic.patterns ?? {})) {
    patterns.forEach((pattern, index) => {
      try {
        new RegExp(pattern, "iu");
      } catch (error) {
        throw new ConfigError(`${topicPath}.patterns.${lang}[${index}]`, `invalid regular expression: ${(error as Error).message}`, { cause: error });
      }
    });
  }
}

function joinPath(path: string, segments: ReadonlyArray<PropertyKey>): string {
  let out = path;
  for (const segment of segments) out += typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`;
  return out;
}
