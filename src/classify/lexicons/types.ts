/**
 * A language's sentiment and complaint cues, written as compact text blocks so a reviewer can
 * read a whole lexicon at a glance. Terms use the phrase syntax of ../phrase-matcher.ts.
 *
 * - `valence`: lines "VALUE: term, term, …" with VALUE on the AFINN scale (−5 … +5).
 * - `problems`: lines "WEIGHT: term, …": signs that the author ran into a problem (calm or
 *   angry), the core of complaint detection. They carry no sentiment.
 * - word lists (comma separated): negators flip the next words, boosters and diminishers scale
 *   them, contrast words shift weight to the clause after them, question words open questions,
 *   sarcasm markers turn praise next to a problem into criticism.
 */
export interface LexiconSource {
  lang: string;
  valence: string;
  problems: string;
  negators: string;
  boosters: string;
  diminishers: string;
  contrast: string;
  questionWords: string;
  sarcasm: string;
  /**
   * Greetings, "please", "FYI", reference-style openers: the register of calm reports, which the
   * cx-dev label guide calls neutral even when they describe a problem.
   */
  politeness: string;
  /**
   * Lithuanian negates verbs and adjectives with a ne- prefix ("neveikia", "nepatiko",
   * "neblogai"); with this set, a word "ne" + lexicon word gets the negated valence.
   */
  negationPrefix?: string;
}

/** Reads "VALUE: a, b, c" lines into [term, value] pairs. */
export function parseWeightedLines(block: string): Array<[string, number]> {
  const pairs: Array<[string, number]> = [];
  for (const rawLine of block.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("//")) continue;
    const colon = line.indexOf(":");
    const value = Number(line.slice(0, colon));
    if (colon < 0 || !Number.isFinite(value)) throw new Error(`lexicon line without "VALUE:" prefix: ${line}`);
    for (const term of line.slice(colon + 1).split(",")) {
      const trimmed = term.trim();
      if (trimmed !== "") pairs.push([trimmed, value]);
    }
  }
  return pairs;
}

export function parseList(list: string): string[] {
  return list
    .split(",")
    .map((term) => term.trim())
    .filter((term) => term !== "");
}
