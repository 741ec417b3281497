import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { LabeledItem } from "../../classify/eval/dataset.js";
import { classifyItems, scoreItems, type EvalReport } from "../../classify/eval/evaluate.js";
import { renderTable } from "../../classify/eval/render.js";
import { BUILTIN_MODEL_PATH, DEFAULT_TAXONOMY, createClassifier, parseTaxonomy, type LinearModel } from "../../classify/index.js";
import { loadModelFile, saveModelFile } from "../../classify/model/model-file.js";
import { fitLocalModel } from "../../classify/training/local-model.js";
import { loadTrainingSets } from "../../classify/training/corpus.js";
import { PROJECT_ROOT, loadProjectSet } from "../../classify/training/paths.js";
import { trainShippedModel } from "../../classify/training/train-shipped.js";
import type { Classifier, SentimentLabel } from "../../core/classification.js";
import { UsageError } from "../../core/errors.js";
import { type Correction } from "../../store/types.js";
import { openStore } from "../../store/open.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, withConfigOptions, type ConfigOptions } from "../options.js";

interface TrainOptions extends ConfigOptions {
  datasets?: string;
  out?: string;
  corrections?: boolean;
  force?: boolean;
}

/** The default location of the public sets: shared/ beside the project checkout. */
const DEFAULT_DATASETS = resolve(PROJECT_ROOT, "..", "shared", "datasets");
/** A local model is adopted only if no figure on the shipped evaluation set drops by more. */
const MAX_LOSS = 0.01;

export function defineTrainCommand(program: Command, io: CliIo): void {
  withConfigOptions(
    program
      .command("train")
      .description("fit the learned model (deterministic). Default: the shipped model from data/cx-train and the public sets; --corrections: a local model from your label corrections"),
  )
    .option("--corrections", "fit a local model: the shipped model fine-tuned on the corrections in the database (earshot label), written to the config's classifier.model")
    .option("--datasets <dir>", `public labelled sets for the shipped model (default: ${DEFAULT_DATASETS} when present)`)
    .option("--out <file>", "where to write the model (default: the shipped model file, or with --corrections the config's classifier.model)")
    .option("--force", "with --corrections: write the local model even if it loses on the shipped evaluation set")
    .action(async (options: TrainOptions) => {
      io.exitCode = options.corrections ? await trainFromCorrections(options, io) : await trainShipped(options, io);
    });
}

async function trainShipped(options: TrainOptions, io: CliIo): Promise<number> {
  const datasets = options.datasets !== undefined ? resolve(io.cwd, options.datasets) : existsSync(DEFAULT_DATASETS) ? DEFAULT_DATASETS : undefined;
  if (options.datasets !== undefined && !existsSync(datasets!)) throw new UsageError(`--datasets ${options.datasets}: no such folder`);
  const rules = createClassifier({ model: "none" });
  const started = Date.now();
  const { model, sets } = await trainShippedModel({ datasets, project: PROJECT_ROOT }, rules, Object.keys(DEFAULT_TAXONOMY.topics), "earshot train");
  const out = options.out !== undefined ? resolve(io.cwd, options.out) : BUILTIN_MODEL_PATH;
  saveModelFile(out, model);
  io.stdout(`trained on ${sets.map((s) => `${s.name} (${s.items.length})`).join(", ")}\n`);
  io.stdout(`wrote ${out}: model ${model.meta.id}, ${model.heads.length} heads × ${model.buckets} buckets, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return EXIT_OK;
}

async function trainFromCorrections(options: TrainOptions, io: CliIo): Promise<number> {
  const config = loadConfigFor(options, io, true);
  const configured = config.classifier.model;
  const out = options.out !== undefined ? resolve(io.cwd, options.out) : configured === "builtin" || configured === "none" ? undefined : configured;
  if (out === undefined) throw new UsageError("train --corrections writes the local model where the config's classifier.model points: set it to a file (e.g. classifier: { model: ./earshot-local.model }) or give --out");
  const taxonomy = parseTaxonomy(config.taxonomy, `${config.file ?? "config"}: taxonomy`);
  const store = await openStore(config.database);
  let corrections: LabeledItem[];
  try {
    corrections = (await store.loadCorrections()).map(toLabeledItem);
  } finally {
    await store.close();
  }
  if (corrections.length === 0) throw new UsageError("no corrections in the database yet: correct some mentions with `earshot label ID …` first");
  const base = loadModelFile(BUILTIN_MODEL_PATH);
  const rules = createClassifier({ taxonomy, model: "none" });
  const local = fitLocalModel({ base, corrections, rehearsal: await loadTrainingSets({ project: PROJECT_ROOT }), topics: Object.keys(taxonomy.topics), rules });

  const evaluation = await loadProjectSet("cx-test");
  const score = (model: LinearModel) => scoreOn(createClassifier({ taxonomy, model }), evaluation);
  const before = score(base);
  const after = score(local);
  const rows = comparisons(before, after);
  const worst = Math.min(...rows.map((r) => r.after - r.before));
  const adopted = worst >= -MAX_LOSS || options.force === true;
  io.stdout(`local model from ${corrections.length} correction(s), compared on the shipped evaluation set (data/cx-test, ${evaluation.length} items):\n`);
  io.stdout(renderTable(["figure", "shipped model", "local model", "change"], rows.map((r) => [r.name, r.before.toFixed(3), r.after.toFixed(3), signed(r.after - r.before)])));
  if (!adopted) {
    io.stderr(`not adopted: the local model loses ${(-worst).toFixed(3)} (more than ${MAX_LOSS}) on the shipped evaluation set; nothing written (--force writes it anyway)\n`);
    return EXIT_FAILED;
  }
  saveModelFile(out, local);
  io.stdout(`adopted: wrote ${out} (model ${local.meta.id}); \`earshot reclassify\` applies it to stored mentions${out !== configured ? "; point the config's classifier.model at it to use it" : ""}\n`);
  return EXIT_OK;
}

function toLabeledItem(correction: Correction): LabeledItem {
  const item: LabeledItem = { id: `correction-${correction.id}`, text: correction.title ? `${correction.title}\n${correction.text}` : correction.text, channel: correction.channel };
  if (correction.lang !== null) item.lang = correction.lang;
  if (correction.rating !== null) item.rating = correction.rating;
  if (correction.ratingScale !== null) item.ratingScale = correction.ratingScale;
  if (correction.sentiment !== null) item.sentiment = correction.sentiment as SentimentLabel;
  if (correction.complaint !== null) item.complaint = correction.complaint;
  if (correction.topics !== null) item.topics = correction.topics;
  return item;
}

function scoreOn(classifier: Classifier, items: readonly LabeledItem[]): EvalReport {
  return scoreItems(classifyItems(classifier, items), (topic) => classifier.stageOf(topic));
}

function comparisons(before: EvalReport, after: EvalReport): Array<{ name: string; before: number; after: number }> {
  const rows = [
    { name: "sentiment macro-F1", before: before.sentiment.macroF1, after: after.sentiment.macroF1 },
    { name: "complaint F1", before: before.complaint.f1, after: after.complaint.f1 },
    { name: "topic micro-F1", before: before.topics.microF1, after: after.topics.microF1 },
  ];
  return rows;
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
}
