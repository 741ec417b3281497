import { foldTerm, foldText } from "./fold.js";

/** Brand terms prepared once per source for repeated matching. */
export interface TermMatcher {
  /** The first configured term found in `text` (as configured, not folded), or undefined. */
  find(text: string): string | undefined;
}

/**
 * Brand-term relevance filter shared by every source: case- and diacritic-insensitive, starting
 * on a letter/digit boundary. Lithuanian, Finnish and Russian inflect brand names ("Nordviko",
 * "Nordvikin", "Нордвика"), so up to MAX_INFLECTION letters may follow the term; a longer
 * run is another word ("acme" does not match "acmetools"). Terms may contain punctuation
 * ("@acme", "acme.lt").
 */
export function createTermMatcher(terms: readonly string[]): TermMatcher {
  const prepared = terms
    .map((term) => ({ term, folded: foldTerm(term) }))
    .filter((t) => t.folded !== "")
    // Only words inflect: a domain ("acme.lt") or handle ("@acme") never takes a case ending.
    .map((t) => ({ ...t, inflects: /^[\p{L}\s-]+$/u.test(t.folded) }));
  return {
    find(text) {
      if (prepared.length === 0) return undefined;
      const haystack = foldText(text);
      return prepared.find((t) => containsTerm(haystack, t.folded, t.inflects))?.term;
    },
  };
}

/** Case endings seen on brand names: fi -ssa/-lta/-sta (3), lt -ams/-uose (4), ru -ом/-ами (3). */
const MAX_INFLECTION = 4;

function containsTerm(haystack: string, term: string, inflects: boolean): boolean {
  for (let i = haystack.indexOf(term); i >= 0; i = haystack.indexOf(term, i + 1)) {
    if (isWordChar(haystack[i - 1])) continue;
    let end = i + term.length;
    if (inflects) {
      let suffix = 0;
      while (suffix <= MAX_INFLECTION && isWordChar(haystack[end])) {
        end++;
        suffix++;
      }
      if (suffix > MAX_INFLECTION) continue;
    } else if (isWordChar(haystack[end])) continue;
    return true;
  }
  return false;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}
