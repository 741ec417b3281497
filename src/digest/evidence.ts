import type { Evidence } from "../core/classification.js";
import type { EvidenceCandidate } from "../store/types.js";
import type { Example } from "./types.js";

/**
 * Picks representative complaints for a topic. The text is stored already redacted by the
 * pipeline (e-mails, phone and card numbers replaced before storage), so quotes are cut from it
 * as stored; renderers still escape every character of it.
 */

/** Longest quote, in characters (code points). */
export const QUOTE_MAX_CHARS = 240;

// Bidi overrides/isolates can reverse the text that follows a quote; C0/C1 controls have no
// place in a quote. Both are dropped, not escaped.
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
// "Zalgo" text stacks dozens of combining marks on one letter and paints over the lines above
// and below; real scripts need at most a few per letter.
const COMBINING_RUN = /(\p{M}{3})\p{M}+/gu;

/**
 * Up to `count` examples, chosen to differ: each pick prefers a source, language and channel
 * not shown yet, skips texts already shown (same content hash or same opening words), avoids
 * mentions quoted under another topic, and among equals prefers quotes of a readable length,
 * then the earlier candidate.
 */
export function toExamples(candidates: readonly EvidenceCandidate[], count: number, shownElsewhere: ReadonlySet<number> = new Set()): Example[] {
  const pool = candidates.map((c) => ({ candidate: c, quote: toQuote(c.text, toTopicMatch(c)), opening: toOpening(c.text) })).filter((p) => p.quote.length > 0);
  const chosen: typeof pool = [];
  const seen = { sources: new Set<string>(), langs: new Set<string>(), channels: new Set<string>(), hashes: new Set<string>(), openings: new Set<string>() };
  while (chosen.length < count) {
    let best: (typeof pool)[number] | undefined;
    let bestScore = -Infinity;
    for (const p of pool) {
      if (chosen.includes(p) || seen.hashes.has(p.candidate.contentHash) || seen.openings.has(p.opening)) continue;
      const c = p.candidate;
      const score =
        (seen.sources.has(c.sourceName) ? 0 : 4) +
        (seen.langs.has(c.lang ?? "und") ? 0 : 2) +
        (seen.channels.has(c.channel) ? 0 : 1) +
        toReadability(p.quote.length) -
        // Quoted under another topic already: only when nothing else is left.
        (shownElsewhere.has(c.mentionId) ? 100 : 0);
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    if (!best) break;
    chosen.push(best);
    seen.sources.add(best.candidate.sourceName);
    seen.langs.add(best.candidate.lang ?? "und");
    seen.channels.add(best.candidate.channel);
    seen.hashes.add(best.candidate.contentHash);
    seen.openings.add(best.opening);
  }
  return chosen.map(({ candidate: c, quote }) => ({
    mentionId: c.mentionId,
    quote,
    url: toSafeUrl(c.url),
    source: c.sourceName,
    channel: c.channel,
    lang: c.lang ?? "und",
    publishedAt: c.publishedAt === null ? null : new Date(c.publishedAt).toISOString(),
    rating: c.rating,
    ratingScale: c.rating === null ? null : (c.ratingScale ?? 5),
  }));
}

/**
 * One line of at most `maxChars` characters: whitespace collapsed, controls and bidi overrides
 * dropped, combining-mark runs capped, cut at a word boundary with "…". When the topic's
 * matched words lie beyond the cut, the window moves to show them.
 */
export function toQuote(text: string, match?: string, maxChars = QUOTE_MAX_CHARS): string {
  const clean = text.replace(UNSAFE_CONTROLS, "").replace(COMBINING_RUN, "$1").replace(/\s+/gu, " ").trim();
  const chars = [...clean];
  if (chars.length <= maxChars) return clean;
  let start = 0;
  if (match) {
    const at = clean.toLowerCase().indexOf(match.toLowerCase());
    const atChars = at < 0 ? -1 : [...clean.slice(0, at)].length;
    if (atChars > maxChars * 0.6) start = Math.max(0, Math.min(atChars - Math.floor(maxChars / 3), chars.length - maxChars + 1));
  }
  const lead = start > 0 ? "…" : "";
  let window = chars.slice(start, start + maxChars - 1 - lead.length).join("");
  const cut = window.lastIndexOf(" ");
  if (cut > window.length * 0.6) window = window.slice(0, cut);
  if (start > 0) {
    const firstSpace = window.indexOf(" ");
    if (firstSpace > 0 && firstSpace < 20) window = window.slice(firstSpace + 1);
  }
  return `${lead}${window.replace(/[\s,;:.-]+$/u, "")}…`;
}

/** Only absolute http(s) URLs become links; `javascript:`, `data:` and relative URLs are dropped. */
export function toSafeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (error) {
    // An unparseable URL is simply not linked.
    if (error instanceof TypeError) return null;
    throw error;
  }
}

function toTopicMatch(candidate: EvidenceCandidate): string | undefined {
  let evidence: Evidence[];
  try {
    evidence = JSON.parse(candidate.evidence) as Evidence[];
  } catch (error) {
    // Evidence only steers the quote window; a damaged column still yields a quote.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (!Array.isArray(evidence)) return undefined;
  const hit = evidence.find((e) => e.kind === "topic" && e.topic === candidate.topic && typeof e.match === "string" && !e.match.includes(":"));
  return hit?.match;
}

function toOpening(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(" ").slice(0, 8).join(" ");
}

/** 0…1: quotes of 60–200 characters read best; one-word and wall-of-text quotes less so. */
function toReadability(length: number): number {
  if (length < 20) return 0;
  if (length < 60) return 0.5;
  if (length <= 200) return 1;
  return 0.7;
}
