import { createHash } from "node:crypto";

/**
 * The same review syndicated to two feeds, or a post quoted in a digest feed, differs in ids,
 * URLs and whitespace but not in words: hash the words, case- and width-folded.
 */
export function toContentHash(title: string | undefined, text: string): string {
  const words = `${title ?? ""} ${text}`.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
  return createHash("sha256").update(words).digest("hex").slice(0, 32);
}
