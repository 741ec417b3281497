/** Plain-text tables for `earshot eval` without --json. */
import { SENTIMENTS } from "../../core/classification.js";
import type { EvalReport } from "./evaluate.js";

const pct = (value: number) => value.toFixed(3);

export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n") + "\n";
}

export function renderEvalReport(report: EvalReport, options: { byLang: boolean }): string {
  const out: string[] = [];
  out.push(`items: ${report.n}\n\n`);
  if (report.sentiment.n > 0) {
    out.push(`sentiment (n=${report.sentiment.n}): accuracy ${pct(report.sentiment.accuracy)}, macro-F1 ${pct(report.sentiment.macroF1)}, pos/neg F-macro ${pct(report.sentiment.posNegF1)}\n`);
    out.push(renderTable(["gold \\ predicted", ...SENTIMENTS, "recall", "F1"], SENTIMENTS.map((gold) => [
      gold,
      ...SENTIMENTS.map((p) => String(report.sentiment.confusion[gold][p])),
      pct(report.sentiment.perClass[gold].recall),
      pct(report.sentiment.perClass[gold].f1),
    ])));
    out.push("\n");
  }
  if (report.complaint.n > 0) {
    out.push(`complaint (n=${report.complaint.n}): precision ${pct(report.complaint.precision)}, recall ${pct(report.complaint.recall)}, F1 ${pct(report.complaint.f1)}\n\n`);
  }
  if (report.topics.n > 0) {
    out.push(`topics (n=${report.topics.n}): micro-F1 ${pct(report.topics.microF1)}, macro-F1 ${pct(report.topics.macroF1)}; stages micro-F1 ${pct(report.stages.microF1)}\n`);
    out.push(renderTable(["topic", "precision", "recall", "F1", "support"], Object.entries(report.topics.perTopic).map(([topic, s]) => [topic, pct(s.precision), pct(s.recall), pct(s.f1), String(s.support)])));
    out.push("\n");
  }
  if (report.langId.n > 0) out.push(`language id (n=${report.langId.n}): accuracy ${pct(report.langId.accuracy)}\n\n`);
  if (options.byLang) {
    out.push(renderTable(["lang", "n", "sentiment macro-F1", "complaint F1", "topics micro-F1", "lang-id acc"], Object.entries(report.byLang).map(([lang, s]) => [
      lang, String(s.n), pct(s.sentimentMacroF1), pct(s.complaintF1), pct(s.topicsMicroF1), pct(s.langIdAccuracy),
    ])));
  }
  return out.join("");
}
