/** Largest original payload kept per mention (`mentions.raw`), in characters. */
export const MAX_RAW_CHARS = 64 * 1024;

/** An item's original text, cut to `maxChars` so one huge item cannot bloat the database. */
export function toRawSnippet(text: string, maxChars = MAX_RAW_CHARS): string {
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

/** An item's parsed payload as JSON for `mentions.raw`, cut like toRawSnippet. */
export function toRawJson(value: unknown): string {
  try {
    return toRawSnippet(JSON.stringify(value) ?? String(value));
  } catch (error) {
    // JSON.stringify recurses: an item nested deeper than the JS stack throws RangeError. The
    // snippet is only for audits, so a placeholder is enough.
    if (error instanceof RangeError) return "[item too deeply nested to serialise]";
    throw error;
  }
}
