import { createHash } from "node:crypto";
import { english } from "./lexicons/en.js";
import { finnish } from "./lexicons/fi.js";
import { lithuanian } from "./lexicons/lt.js";
import { russian } from "./lexicons/ru.js";
import type { Taxonomy } from "./taxonomy/types.js";

/**
 * Bump when the classifier's logic changes. Lexicon and taxonomy edits change the version by
 * themselves (they are hashed), so stored mentions get reclassified without anyone remembering.
 */
export const RULES_CODE_VERSION = "1.0";

/** e.g. `rules-1.0+lex-3fa9c1+tax-9b2e77d0`. */
export function toClassifierVersion(taxonomy: Taxonomy): string {
  const lexicons = shortHash(JSON.stringify([english, lithuanian, russian, finnish]), 6);
  return `rules-${RULES_CODE_VERSION}+lex-${lexicons}+tax-${shortHash(canonicalJson(taxonomy), 8)}`;
}

function shortHash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** JSON with sorted keys, so the same taxonomy written in another key order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
