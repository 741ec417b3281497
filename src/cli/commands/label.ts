import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { createClassifier, parseTaxonomy } from "../../classify/index.js";
import { SENTIMENTS, type SentimentLabel } from "../../core/classification.js";
import { UsageError } from "../../core/errors.js";
import { type CorrectedLabels, type Correction } from "../../store/types.js";
import { openStore } from "../../store/open.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, type ConfigOptions, withConfigOptions } from "../options.js";

interface LabelOptions extends ConfigOptions {
  sentiment?: string;
  complaint?: string;
  topics?: string;
  json?: string;
  export?: boolean;
}

/** One correction: the mention id and the labels to set (absent ones are left as they are). */
interface LabelRequest {
  id: number;
  sentiment?: SentimentLabel;
  complaint?: boolean;
  topics?: string[];
}

export function defineLabelCommand(program: Command, io: CliIo): void {
  withConfigOptions(
    program
      .command("label")
      .description("correct a stored mention's labels (kept through reclassify; `train --corrections` learns from them)")
      .argument("[id]", "the mention id (as `earshot mentions` shows it)"),
  )
    .option("--sentiment <label>", `one of ${SENTIMENTS.join(", ")}`)
    .option("--complaint <yes|no>", "whether the author reports a problem they had")
    .option("--topics <ids>", "comma-separated topic ids of the taxonomy, or 'none'")
    .option("--json <file>", "import corrections: JSON Lines (or a JSON array) of {id, sentiment?, complaint?, topics?}; '-' reads standard input")
    .option("--export", "print every correction as labelled JSON Lines (the TAXONOMY.md format)")
    .action(async (id: string | undefined, options: LabelOptions) => {
      const config = loadConfigFor(options, io, true);
      const taxonomy = parseTaxonomy(config.taxonomy, `${config.file ?? "config"}: taxonomy`);
      // Only the taxonomy's topic → stage map is needed here, so no model is loaded.
      const classifier = createClassifier({ taxonomy, model: "none" });
      const requests = options.export ? [] : options.json !== undefined ? await readRequests(options.json, io) : [toRequest(id, options)];
      const store = await openStore(config.database);
      try {
        if (options.export) {
          for (const correction of (await store.loadCorrections())) io.stdout(`${JSON.stringify(toLabelledLine(correction))}\n`);
          io.exitCode = EXIT_OK;
          return;
        }
        let missing = 0;
        for (const request of requests) {
          const unknown = request.topics?.filter((t) => classifier.stageOf(t) === undefined) ?? [];
          if (unknown.length > 0) throw new UsageError(`mention ${request.id}: unknown topic${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (not in the taxonomy)`);
          const saved = await store.saveCorrection({
            mentionId: request.id,
            sentiment: request.sentiment,
            complaint: request.complaint,
            topics: request.topics,
            topicStages: request.topics?.map((topic) => ({ topic, stage: classifier.stageOf(topic)! })),
            now: new Date(),
          });
          if (saved === undefined) {
            io.stderr(`mention ${request.id}: no such mention\n`);
            missing++;
          } else if (requests.length === 1) {
            io.stdout(renderLabels(saved));
          }
        }
        if (requests.length > 1) io.stdout(`saved ${requests.length - missing} correction(s)${missing > 0 ? `, ${missing} mention id(s) not found` : ""}\n`);
        io.exitCode = missing > 0 ? EXIT_FAILED : EXIT_OK;
      } finally {
        await store.close();
      }
    });
}

function toRequest(id: string | undefined, options: LabelOptions): LabelRequest {
  if (id === undefined) throw new UsageError("label needs a mention ID (or --json FILE, or --export)");
  const request: LabelRequest = { id: parseId(id, "ID") };
  if (options.sentiment !== undefined) request.sentiment = parseSentiment(options.sentiment, "--sentiment");
  if (options.complaint !== undefined) request.complaint = parseComplaint(options.complaint, "--complaint");
  if (options.topics !== undefined) request.topics = options.topics.trim() === "none" ? [] : [...new Set(options.topics.split(",").map((t) => t.trim()).filter((t) => t !== ""))];
  if (request.sentiment === undefined && request.complaint === undefined && request.topics === undefined) throw new UsageError("give at least one of --sentiment, --complaint, --topics");
  return request;
}

async function readRequests(file: string, io: CliIo): Promise<LabelRequest[]> {
  if (file === "-" && io.readStdin === undefined) throw new UsageError("--json -: no standard input to read here");
  const content = file === "-" ? await io.readStdin!() : await readFile(resolve(io.cwd, file), "utf8");
  const name = file === "-" ? "standard input" : file;
  const trimmed = content.trim();
  let raws: Array<{ raw: unknown; where: string }>;
  if (trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new UsageError(`${name}: not valid JSON`);
    }
    raws = (parsed as unknown[]).map((raw, i) => ({ raw, where: `item ${i + 1}` }));
  } else {
    raws = content.split(/\r?\n/).flatMap((line, i) => {
      if (line.trim() === "") return [];
      try {
        return [{ raw: JSON.parse(line) as unknown, where: `line ${i + 1}` }];
      } catch {
        throw new UsageError(`${name}: line ${i + 1}: not valid JSON`);
      }
    });
  }
  return raws.map(({ raw, where }) => {
    const at = `${name}: ${where}`;
    if (typeof raw !== "object" || raw === null) throw new UsageError(`${at}: not a JSON object`);
    const r = raw as Record<string, unknown>;
    const request: LabelRequest = { id: parseId(String(r.id), `${at}: "id"`) };
    if (r.sentiment !== undefined) request.sentiment = parseSentiment(String(r.sentiment), `${at}: "sentiment"`);
    if (r.complaint !== undefined) {
      if (typeof r.complaint !== "boolean") throw new UsageError(`${at}: "complaint" must be true or false`);
      request.complaint = r.complaint;
    }
    if (r.topics !== undefined) {
      if (!Array.isArray(r.topics) || !r.topics.every((t) => typeof t === "string")) throw new UsageError(`${at}: "topics" must be a list of topic ids`);
      request.topics = [...new Set(r.topics as string[])];
    }
    return request;
  });
}

function parseId(value: string, what: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`${what} must be a mention id (a positive whole number), not "${value}"`);
  return id;
}

function parseSentiment(value: string, what: string): SentimentLabel {
  if (!(SENTIMENTS as readonly string[]).includes(value)) throw new UsageError(`${what} must be one of ${SENTIMENTS.join(", ")}, not "${value}"`);
  return value as SentimentLabel;
}

function parseComplaint(value: string, what: string): boolean {
  const v = value.toLowerCase();
  if (v === "yes" || v === "true") return true;
  if (v === "no" || v === "false") return false;
  throw new UsageError(`${what} must be yes or no, not "${value}"`);
}

function renderLabels(labels: CorrectedLabels): string {
  return `mention ${labels.mentionId}: ${labels.sentiment}, ${labels.complaint ? "complaint" : "no complaint"}, topics: ${labels.topics.join(", ") || "none"}\n`;
}

/** A correction as a TAXONOMY.md labelled line (corrected fields only), ready to train or evaluate on. */
export function toLabelledLine(correction: Correction): Record<string, unknown> {
  return {
    id: `correction-${correction.id}`,
    ...(correction.mentionId !== null ? { mention: correction.mentionId } : {}),
    ...(correction.lang !== null ? { lang: correction.lang } : {}),
    channel: correction.channel,
    ...(correction.rating !== null ? { rating: correction.rating } : {}),
    ...(correction.ratingScale === 10 ? { scale: 10 } : {}),
    text: correction.title ? `${correction.title}\n${correction.text}` : correction.text,
    ...(correction.sentiment !== null ? { sentiment: correction.sentiment } : {}),
    ...(correction.complaint !== null ? { complaint: correction.complaint } : {}),
    ...(correction.topics !== null ? { topics: correction.topics } : {}),
  };
}
