/**
 * FNV-1a (32-bit) over UTF-16 code units, the feature hash of the learned model. Hashing a range
 * of a string in place, continuing from a namespace's state, avoids building a string per
 * character n-gram on the classify path.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The hash state after `text`; pass it as `seed` to continue with more text. */
export function hashText(text: string, seed: number = FNV_OFFSET): number {
  return hashRange(text, 0, text.length, seed);
}

export function hashRange(text: string, start: number, end: number, seed: number = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** One more code unit (a separator) into a running hash. */
export function hashCode(code: number, seed: number): number {
  return Math.imul((seed ^ code) >>> 0, FNV_PRIME) >>> 0;
}
