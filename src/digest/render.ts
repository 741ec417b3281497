import { renderDigestCsv } from "./render-csv.js";
import { renderDigestHtml } from "./render-html.js";
import { renderDigestJson } from "./render-json.js";
import { renderDigestMarkdown } from "./render-markdown.js";
import type { Digest } from "./types.js";

export const DIGEST_FORMATS = ["md", "html", "csv", "json"] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

const renderers: Record<DigestFormat, (d: Digest) => string> = {
  md: renderDigestMarkdown,
  html: renderDigestHtml,
  csv: renderDigestCsv,
  json: renderDigestJson,
};

export function renderDigest(d: Digest, format: DigestFormat): string {
  return renderers[format](d);
}
