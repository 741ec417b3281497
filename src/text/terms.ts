import { foldTerm, foldText } from "./fold.js";

/** Brand terms prepared once per source for repeated matching. */
export interface TermMatcher {
  /** The first configured term found in `text` (as configured, not folded), or undefined. */
  find(text: string): string | undefined;
}

/**
 * Brand-term relevance filter shared by every source: case- and diacritic-insensitive
 * ("Pirkiu" matches "pirkiu.lt" but not "pirkiutis"), on letter/digit boundaries so "acme"
 * does not match "acmetools". Terms may contain punctuation ("@acme", "acme.lt").
 */
export function createTermMatcher(terms: readonly string[]): TermMatcher {
  const prepared = terms.map((term) => ({ term, folded: foldTerm(term) })).filter((t) => t.folded !== "");
  return {
    find(text) {
      if (prepared.length === 0) return undefined;
      const haystack = foldText(text);
      return prepared.find((t) => containsTerm(haystack, t.folded))?.term;
    },
  };
}

function containsTerm(haystack: string, term: string): boolean {
  for (let i = haystack.indexOf(term); i >= 0; i = haystack.indexOf(term, i + 1)) {
    if (!isWordChar(haystack[i - 1]) && !isWordChar(haystack[i + term.length])) return true;
  }
  return false;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}
