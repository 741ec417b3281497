/**
 * Full-text search over mention titles and texts: the FTS5 index `mentions_fts` (migration
 * 0012), which triggers keep in step with the mentions table on insert, delete and text update.
 */

/**
 * A user's words as an FTS5 query: every word must appear, in any order. Each word is quoted,
 * so FTS5 syntax typed by the user (AND, NEAR, column filters, `*`, `"`) is searched for as text,
 * never interpreted. Undefined when the text holds no word.
 */
export function toFtsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words || words.length === 0) return undefined;
  // At most 16 words: a pasted paragraph should not become a query of hundreds of terms.
  return words
    .slice(0, 16)
    .map((w) => `"${w}"`)
    .join(" ");
}

/** The SQL condition "mention `m` matches the FTS5 query bound as a parameter". */
export const MATCHES_FTS_QUERY = "m.id in (select rowid from mentions_fts where mentions_fts match ?)";
