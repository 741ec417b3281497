/**
 * Lexicon sentiment in the manner of VADER (Hutto & Gilbert 2014): word valences summed with
 * negation, boosters, a contrast shift ("X but Y" counts Y more), capitals and exclamation
 * marks as intensity, then squashed to [−1, 1]. Additions for customer feedback: star ratings
 * and survey scores as evidence, problem reports, sarcasm next to a reported problem. The cues
 * themselves are read in read-cues.ts.
 */
import type { Evidence, SentimentLabel } from "../core/classification.js";
import type { CueReading } from "./read-cues.js";

/** VADER's normalisation alpha: score = x / √(x² + α). */
const NORMALISATION_ALPHA = 15;
/**
 * |score| below the band is neutral. A text that reports a problem gets the wide band: the
 * cx-dev label guide calls calm problem reports neutral, so mild words around a problem must
 * not tip it. Elsewhere any leaning counts, as in VADER's ±0.05 (its ground-truth sets).
 */
export const PROBLEM_NEUTRAL_BAND = 0.25;
export const NEUTRAL_BAND = 0.1;

export interface SentimentResult {
  label: SentimentLabel;
  score: number;
  evidence: Evidence[];
}

export interface RatingInput {
  rating?: number;
  ratingScale?: number;
}

/** Star ratings (1–5) and 0–10 survey scores mapped to a valence; cx-dev's label guide shows
 * 1–2 stars (0–3 of 10) negative, 3 stars (5–6) calm, 4–5 stars (9–10) positive. */
export function ratingValence(input: RatingInput): number | undefined {
  const { rating } = input;
  if (rating === undefined || !Number.isFinite(rating)) return undefined;
  const scale = input.ratingScale ?? 5;
  const stars = scale === 5 ? rating : 1 + (rating / scale) * 4;
  if (stars < 1.75) return -3.5;
  if (stars < 2.75) return -2.5;
  if (stars < 3.5) return 0;
  if (stars < 4.5) return 2;
  return 3;
}

const RATING_WEIGHT = 1.5;
/** Each unit of problem evidence pulls sentiment down: a reported problem is bad news… */
const PROBLEM_VALENCE = -1;
/** …unless written in the register of a calm report (cx-dev: calm complaints are neutral). */
const POLITE_PROBLEM_SCALE = 0.3;
const MAX_PROBLEM_UNITS = 4;

export function scoreSentiment(reading: CueReading, rating: RatingInput): SentimentResult {
  const evidence: Evidence[] = [];
  let sum = 0;
  const hasProblem = reading.problemScore >= 1 || reading.contributions.some((c) => c.value <= -1.5);
  const ironic = reading.sarcasm !== undefined && hasProblem;
  for (const c of reading.contributions) {
    // Praise beside a reported problem and a sarcasm marker ("new record, so proud 👏") is blame.
    const value = ironic && c.value > 0 ? -c.value : c.value;
    sum += value;
    evidence.push({ kind: "sentiment", match: c.match, start: c.start, end: c.end, weight: round(value) });
  }
  if (ironic) {
    sum -= 1.5;
    evidence.push({ ...reading.sarcasm!, match: `sarcasm:${reading.sarcasm!.match}`, weight: -1.5 });
  }
  if (reading.problemScore > 0) {
    const value = PROBLEM_VALENCE * Math.min(reading.problemScore, MAX_PROBLEM_UNITS) * (reading.polite ? POLITE_PROBLEM_SCALE : 1);
    sum += value;
    evidence.push({ kind: "sentiment", match: reading.polite ? "problem-report (calm register)" : "problem-report", weight: round(value) });
  }
  if (sum < 0 && reading.exasperated) {
    sum -= 1;
    evidence.push({ kind: "sentiment", match: "exasperation:??/!!", weight: -1 });
  }
  if (sum < 0 && reading.shoutedWords > 0) {
    const value = -0.5 * Math.min(reading.shoutedWords, 4);
    sum += value;
    evidence.push({ kind: "sentiment", match: "CAPITALS", weight: value });
  }
  // Questions are mostly neutral requests; a question that also reports a problem is not.
  if (reading.isQuestion && reading.problemScore < 1 && Math.abs(sum) < 4) sum *= 0.5;
  if (sum !== 0 && reading.exclamations > 0) sum += Math.sign(sum) * 0.3 * Math.min(reading.exclamations, 4);
  const fromRating = ratingValence(rating);
  if (fromRating !== undefined) {
    if (fromRating === 0) sum *= 0.6; // a 3-star review is lukewarm whatever its adjectives
    sum += fromRating * RATING_WEIGHT;
    evidence.push({ kind: "sentiment", match: `rating:${rating.rating}/${rating.ratingScale ?? 5}`, weight: fromRating * RATING_WEIGHT });
  }
  const score = sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA);
  const band = reading.problemScore > 0 ? PROBLEM_NEUTRAL_BAND : NEUTRAL_BAND;
  const label: SentimentLabel = score >= band ? "positive" : score <= -band ? "negative" : "neutral";
  return { label, score: round(score), evidence };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
