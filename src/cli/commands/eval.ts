import type { Command } from "commander";
import { createClassifier, parseTaxonomy } from "../../classify/index.js";
import { EVAL_FORMATS, type EvalFormat } from "../../classify/eval/dataset.js";
import { classifyItems, scoreItems, type EvalReport } from "../../classify/eval/evaluate.js";
import { listPublicSets, loadLabeledItems } from "../../classify/eval/load.js";
import { renderEvalReport, renderTable } from "../../classify/eval/render.js";
import { UsageError } from "../../core/errors.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, toModelChoice, type ConfigOptions } from "../options.js";
import { resolve } from "node:path";
import { DEFAULT_TAXONOMY } from "../../classify/index.js";
import { evaluateLeaveOneOut, headline, type LodoRow } from "../../classify/training/lodo.js";
import { PROJECT_ROOT } from "../../classify/training/paths.js";

/** One table: the headline figure per set for each classifier, then per-language cx figures. */
function renderLodo(rows: readonly LodoRow[]): string {
  const f = (x: number) => x.toFixed(3);
  const main = renderTable(
    ["set (scored by models fitted without it)", "n", "metric", "rules", "model alone", "combined", "target"],
    rows.map((r) => [r.set, String(r.n), r.metric, f(headline(r.rules, r.metric)), f(headline(r.model, r.metric)), f(headline(r.combined, r.metric)), r.target?.toFixed(2) ?? "—"]),
  );
  const perLang: string[][] = [];
  for (const r of rows.filter((row) => row.set.startsWith("cx"))) {
    for (const [lang, s] of Object.entries(r.combined.byLang)) {
      const ruled = r.rules.byLang[lang]!;
      const alone = r.model.byLang[lang]!;
      perLang.push([`${r.set.split(" ")[0]} ${lang}`, String(s.n), `${f(ruled.sentimentMacroF1)} / ${f(alone.sentimentMacroF1)} / ${f(s.sentimentMacroF1)}`, `${f(ruled.complaintF1)} / ${f(alone.complaintF1)} / ${f(s.complaintF1)}`, `${f(ruled.topicsMicroF1)} / ${f(alone.topicsMicroF1)} / ${f(s.topicsMicroF1)}`]);
    }
  }
  const lang = renderTable(["per language (rules / model alone / combined)", "n", "sentiment macro-F1", "complaint F1", "topic micro-F1"], perLang);
  return `${main}\n${lang}`;
}

function toJsonLodoRow(row: LodoRow): unknown {
  const pick = (r: LodoRow["rules"]) => ({ sentimentMacroF1: r.sentiment.macroF1, posNegF1: r.sentiment.posNegF1, complaintF1: r.complaint.f1, topicsMicroF1: r.topics.microF1, perTopic: Object.fromEntries(Object.entries(r.topics.perTopic).map(([t, p]) => [t, { precision: p.precision, recall: p.recall, f1: p.f1, support: p.support }])), byLang: r.byLang, confusion: r.sentiment.confusion });
  return { set: row.set, n: row.n, metric: row.metric, target: row.target, trainedOn: row.trainedOn, rules: pick(row.rules), model: pick(row.model), combined: pick(row.combined) };
}

interface EvalOptions extends ConfigOptions {
  json?: boolean;
  by?: string;
  trustLang?: boolean;
  format: string;
  public?: string;
  lodo?: string;
  model?: string;
}

export function defineEvalCommand(program: Command, io: CliIo): void {
  program
    .command("eval")
    .description("score the classifier on a labeled file (TAXONOMY.md JSONL, or a public set with --format)")
    .argument("[file]", "labeled file (for --format finnsentiment: the folder of the three files)")
    .option("--json", "print the scores as JSON")
    .option("--by <field>", "add a breakdown (only: lang)")
    .option("--trust-lang", "give the labeled lang to the classifier instead of detecting it")
    .option("--format <format>", `input format: ${EVAL_FORMATS.join(", ")}`, "cx")
    .option("--public <dir>", "score the rules on every public set under this datasets folder and print one table (each set is one language, so its lang is trusted; the shipped model was trained on these sets: --lodo scores it honestly)")
    .option("--lodo <dir>", "leave-one-dataset-out: fit models without each evaluation set (datasets folder) and print rules / model alone / combined per set; takes minutes")
    .option("--model <model>", "builtin, none (rules only) or a model file (default: the config's classifier.model)")
    .option("-c, --config <file>", "use the taxonomy of this config file (default: $EARSHOT_CONFIG or ./earshot.yaml when present)")
    .action(async (file: string | undefined, options: EvalOptions) => {
      if (options.by !== undefined && options.by !== "lang") throw new UsageError(`--by supports only "lang", not "${options.by}"`);
      if (!(EVAL_FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`unknown --format "${options.format}" (one of ${EVAL_FORMATS.join(", ")})`);
      const config = loadConfigFor(options, io, true);
      const taxonomy = parseTaxonomy(config.taxonomy, `${config.file ?? "config"}: taxonomy`);
      if (options.lodo !== undefined) {
        const rows = await evaluateLeaveOneOut({
          roots: { datasets: resolve(io.cwd, options.lodo), project: PROJECT_ROOT },
          topics: Object.keys(DEFAULT_TAXONOMY.topics),
          rules: createClassifier({ model: "none" }),
          withModel: (model) => createClassifier({ model }),
          command: "earshot eval --lodo",
          log: (line) => io.stderr(`${line}\n`),
        });
        io.stdout(options.json ? `${JSON.stringify(rows.map(toJsonLodoRow), null, 2)}\n` : renderLodo(rows));
        io.exitCode = EXIT_OK;
        return;
      }
      // The shipped model was trained on the public sets, so --public scores the rules unless a
      // model is asked for by name; the model's honest figures on them come from --lodo.
      const model = options.model !== undefined ? toModelChoice(options.model, io.cwd) : options.public !== undefined ? "none" : config.classifier.model;
      const classifier = createClassifier({ taxonomy, model });
      const stageOf = (topic: string) => classifier.stageOf(topic);
      if (options.public !== undefined) {
        io.stdout(await runPublic(resolve(io.cwd, options.public), classifier, stageOf, options));
        io.exitCode = EXIT_OK;
        return;
      }
      if (file === undefined) throw new UsageError("eval needs a FILE (or --public DIR)");
      const items = await loadLabeledItems(resolve(io.cwd, file), options.format as EvalFormat);
      const report = scoreItems(classifyItems(classifier, items, { trustLang: options.trustLang ?? false }), stageOf);
      io.stdout(options.json ? `${JSON.stringify(toJsonReport(report), null, 2)}\n` : renderEvalReport(report, { byLang: options.by === "lang" }));
      io.exitCode = EXIT_OK;
    });
}

async function runPublic(
  root: string,
  classifier: ReturnType<typeof createClassifier>,
  stageOf: (topic: string) => string | undefined,
  options: EvalOptions,
): Promise<string> {
  const rows: Array<{ name: string; n: number; metric: string; score: number; target?: number; accuracy: number; note: string }> = [];
  for (const set of listPublicSets(root)) {
    const items = await loadLabeledItems(set.path, set.format);
    const report = scoreItems(classifyItems(classifier, items, { trustLang: true }), stageOf);
    const score = set.metric === "macroF1" ? report.sentiment.macroF1 : report.sentiment.posNegF1;
    rows.push({ name: set.name, n: report.sentiment.n, metric: set.metric, score, accuracy: report.sentiment.accuracy, note: set.note, ...(set.target !== undefined ? { target: set.target } : {}) });
  }
  if (options.json) return `${JSON.stringify(rows, null, 2)}\n`;
  return renderTable(
    ["set", "n", "metric", "earshot", "target", "met", "accuracy", "reference"],
    rows.map((r) => [r.name, String(r.n), r.metric, r.score.toFixed(3), r.target?.toFixed(2) ?? "—", r.target === undefined ? "—" : r.score >= r.target ? "yes" : "NO", r.accuracy.toFixed(3), r.note]),
  );
}

/** The JSON shape of issue 3 (plus stages and per-class detail). */
function toJsonReport(report: EvalReport): unknown {
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const perTopic = Object.fromEntries(Object.entries(report.topics.perTopic).map(([t, s]) => [t, { precision: round(s.precision), recall: round(s.recall), f1: round(s.f1), support: s.support }]));
  const byLang = Object.fromEntries(Object.entries(report.byLang).map(([lang, s]) => [lang, {
    n: s.n, sentimentMacroF1: round(s.sentimentMacroF1), complaintF1: round(s.complaintF1), topicsMicroF1: round(s.topicsMicroF1), langIdAccuracy: round(s.langIdAccuracy),
  }]));
  return {
    n: report.n,
    sentiment: { n: report.sentiment.n, accuracy: round(report.sentiment.accuracy), macroF1: round(report.sentiment.macroF1), posNegF1: round(report.sentiment.posNegF1), confusion: report.sentiment.confusion },
    complaint: { n: report.complaint.n, precision: round(report.complaint.precision), recall: round(report.complaint.recall), f1: round(report.complaint.f1) },
    topics: { n: report.topics.n, microF1: round(report.topics.microF1), macroF1: round(report.topics.macroF1), perTopic },
    stages: { n: report.stages.n, microF1: round(report.stages.microF1), macroF1: round(report.stages.macroF1) },
    byLang,
    langId: { accuracy: round(report.langId.accuracy) },
  };
}
