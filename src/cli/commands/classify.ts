import type { Command } from "commander";
import type { Classification, Evidence } from "../../core/classification.js";
import { createClassifier, parseTaxonomy } from "../../classify/index.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, toModelChoice, type ConfigOptions } from "../options.js";

interface ClassifyOptions extends ConfigOptions {
  lang?: string;
  rating?: string;
  scale?: string;
  json?: boolean;
  model?: string;
}

export function defineClassifyCommand(program: Command, io: CliIo): void {
  program
    .command("classify")
    .description("classify one text and show the evidence behind every label")
    .argument("<text>", "the text to classify")
    .option("--lang <xx>", "declared language (ISO 639-1); detected when absent")
    .option("--rating <n>", "star rating (1–5) or survey score (with --scale 10)")
    .option("--scale <n>", "rating scale: 5 (stars, default) or 10")
    .option("-c, --config <file>", "use the taxonomy of this config file (default: $EARSHOT_CONFIG or ./earshot.yaml when present)")
    .option("--model <model>", "builtin, none (rules only) or a model file (default: the config's classifier.model)")
    .option("--json", "print the classification as JSON")
    .action(async (text: string, options: ClassifyOptions) => {
      const config = loadConfigFor(options, io, true);
      const taxonomy = parseTaxonomy(config.taxonomy, `${config.file ?? "config"}: taxonomy`);
      const classifier = createClassifier({ taxonomy, model: options.model !== undefined ? toModelChoice(options.model, io.cwd) : config.classifier.model });
      const input: Parameters<typeof classifier.classify>[0] = { text };
      if (options.lang) input.lang = options.lang;
      if (options.rating !== undefined) input.rating = Number(options.rating);
      if (options.scale !== undefined) input.ratingScale = Number(options.scale);
      const result = classifier.classify(input);
      io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderClassification(result, (topic) => classifier.stageOf(topic) ?? "?"));
      io.exitCode = EXIT_OK;
    });
}

function renderClassification(result: Classification, stageOf: (topic: string) => string): string {
  const byKind = (kind: Evidence["kind"]) => result.evidence.filter((e) => e.kind === kind);
  const show = (evidence: Evidence[]) => evidence.map((e) => `"${e.match}"${e.weight !== undefined ? ` ${signed(e.weight)}` : ""}`).join(", ") || "—";
  const lines = [
    `language   ${result.lang}  (${show(byKind("language"))})`,
    `sentiment  ${result.sentiment} ${signed(result.sentimentScore)}  ← ${show(byKind("sentiment"))}`,
    `complaint  ${result.complaint ? "yes" : "no"}  ← ${show(byKind("complaint"))}`,
    `topics     ${result.topics.length === 0 ? "none" : result.topics.length}`,
    ...result.topics.map((topic) => `  ${topic} (${stageOf(topic)}) ← ${show(byKind("topic").filter((e) => e.topic === topic))}`),
    `stages     ${result.stages.join(", ") || "none"}`,
    `version    ${result.version}`,
  ];
  return `${lines.join("\n")}\n`;
}

function signed(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}
