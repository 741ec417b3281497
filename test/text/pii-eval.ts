/**
 * Precision and recall of findPiiSpans on fixtures/pii/labeled.jsonl, per PII type. A hit is
 * a predicted span with the labeled type and exactly the labeled characters; anything else a
 * detector returns counts against its precision, anything labeled and missed against recall.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findPiiSpans, PII_TYPES, type PiiType } from "../../src/text/redact.js";

export interface LabeledExample {
  id: string;
  lang: string;
  text: string;
  spans: Array<{ type: PiiType; text: string }>;
  note?: string;
}

export interface TypeScore {
  labeled: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface PiiEvaluation {
  examples: number;
  negatives: number;
  byType: Record<PiiType, TypeScore>;
  /** `id: missed phone "…"` / `id: false card "…"`, for debugging. */
  mistakes: string[];
}

export const labeledPath = join(import.meta.dirname, "../../fixtures/pii/labeled.jsonl");

export function loadLabeled(path = labeledPath): LabeledExample[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LabeledExample);
}

export function evaluatePii(examples: LabeledExample[]): PiiEvaluation {
  const counts = Object.fromEntries(PII_TYPES.map((t) => [t, { labeled: 0, predicted: 0, correct: 0 }])) as Record<PiiType, { labeled: number; predicted: number; correct: number }>;
  const mistakes: string[] = [];
  for (const example of examples) {
    let from = 0;
    const gold = example.spans.map((span) => {
      const start = example.text.indexOf(span.text, from);
      if (start < 0) throw new Error(`${example.id}: labeled "${span.text}" is not in the text`);
      from = start + span.text.length;
      return { type: span.type, start, end: from };
    });
    const predicted = findPiiSpans(example.text);
    for (const g of gold) counts[g.type].labeled++;
    for (const p of predicted) counts[p.type].predicted++;
    for (const p of predicted) {
      const hit = gold.some((g) => g.type === p.type && g.start === p.start && g.end === p.end);
      if (hit) counts[p.type].correct++;
      else mistakes.push(`${example.id}: false ${p.type} "${example.text.slice(p.start, p.end)}"`);
    }
    for (const g of gold) {
      if (!predicted.some((p) => g.type === p.type && g.start === p.start && g.end === p.end)) mistakes.push(`${example.id}: missed ${g.type} "${example.text.slice(g.start, g.end)}"`);
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const byType = Object.fromEntries(
    PII_TYPES.map((t) => [t, { ...counts[t], precision: ratio(counts[t].correct, counts[t].predicted), recall: ratio(counts[t].correct, counts[t].labeled) }]),
  ) as Record<PiiType, TypeScore>;
  return { examples: examples.length, negatives: examples.filter((e) => e.spans.length === 0).length, byType, mistakes };
}

export function renderPiiTable(evaluation: PiiEvaluation): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const rows = PII_TYPES.map((t) => {
    const s = evaluation.byType[t];
    return `| ${t} | ${s.labeled} | ${s.predicted} | ${s.correct} | ${pct(s.precision)} | ${pct(s.recall)} |`;
  });
  return ["| type | labeled | predicted | correct | precision | recall |", "|---|---|---|---|---|---|", ...rows].join("\n");
}
