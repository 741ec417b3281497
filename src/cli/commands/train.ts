import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { EVAL_FORMATS, type EvalFormat } from "../../classify/eval/dataset.js";
import { loadLabeledItems } from "../../classify/eval/load.js";
import { renderTable } from "../../classify/eval/render.js";
import { createClassifier } from "../../classify/index.js";
import { crossValidate, trainLearnedModel } from "../../classify/learned.js";
import { UsageError } from "../../core/errors.js";
import { EXIT_OK, type CliIo } from "../io.js";

interface TrainOptions {
  folds: string;
  format: string;
  out?: string;
  json?: boolean;
}

export function defineTrainCommand(program: Command, io: CliIo): void {
  program
    .command("train")
    .description("train the learned layer (naive Bayes) on labeled data and compare it with the rules on held-out folds")
    .argument("<file>", "labeled file (TAXONOMY.md JSONL, or --format)")
    .option("--folds <k>", "cross-validation folds", "5")
    .option("--format <format>", `input format: ${EVAL_FORMATS.join(", ")}`, "cx")
    .option("--out <model.json>", "also train on everything and write the model here")
    .option("--json", "print the comparison as JSON")
    .action(async (file: string, options: TrainOptions) => {
      const folds = Number(options.folds);
      if (!Number.isInteger(folds) || folds < 2) throw new UsageError(`--folds must be a whole number ≥ 2, not "${options.folds}"`);
      if (!(EVAL_FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`unknown --format "${options.format}"`);
      const items = await loadLabeledItems(resolve(io.cwd, file), options.format as EvalFormat);
      const result = crossValidate(items, createClassifier(), folds);
      if (options.out !== undefined) {
        await writeFile(resolve(io.cwd, options.out), JSON.stringify(trainLearnedModel(items).toJSON()));
      }
      io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderTable(
        ["held-out, " + `${folds} folds, n=${result.n}`, "sentiment macro-F1", "complaint F1"],
        [
          ["rules (explainable baseline)", result.rules.sentimentMacroF1.toFixed(3), result.rules.complaintF1.toFixed(3)],
          ["learned (natural naive Bayes)", result.learned.sentimentMacroF1.toFixed(3), result.learned.complaintF1.toFixed(3)],
        ],
      ));
      io.exitCode = EXIT_OK;
    });
}
