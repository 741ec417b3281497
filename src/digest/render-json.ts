import type { Digest } from "./types.js";

/** The digest data as pretty-printed JSON (the schema is in docs/digest.md and types.ts). */
export function renderDigestJson(d: Digest): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
