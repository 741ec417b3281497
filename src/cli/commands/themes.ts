import type { Command } from "commander";
import { CSV_BOM, toCsvRow } from "../../core/csv.js";
import { UsageError } from "../../core/errors.js";
import { toStageLabel } from "../../digest/labels.js";
import type { Theme, ThemesSection } from "../../digest/themes.js";
import { toThemeText, toWhereText } from "../../digest/themes-text.js";
import { toZonedDateText } from "../../digest/week.js";
import { openStore } from "../../store/open.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, type ConfigOptions, withConfigOptions } from "../options.js";
import { loadDigestFor } from "./digest.js";

const MEMBER_COLUMNS = ["period", "theme", "topic", "stage", "label", "new", "z", "id"] as const;

interface ThemesCommandOptions extends ConfigOptions {
  topic?: string;
  since?: string;
  week?: string;
  json?: boolean;
  members?: boolean;
}

export function defineThemesCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("themes").description("what customers say: phrases and issues over-represented against the baseline, per topic (docs/digest.md#what-customers-say)"))
    .option("--topic <id>", "only this topic (e.g. checkout_payment)")
    .option("--since <date>", "from this day (YYYY-MM-DD, config time zone) to today, instead of the last complete week")
    .option("--week <YYYY-Www>", "an ISO week instead of the last complete week")
    .option("--json", "print the themes section as JSON (with member mention ids)")
    .option("--members", "theme membership as CSV (UTF-8 with BOM): one row per theme and complaint, to join with `export` on id")
    .action(async (options: ThemesCommandOptions) => {
      io.exitCode = await runThemesCommand(options, io);
    });
}

async function runThemesCommand(options: ThemesCommandOptions, io: CliIo): Promise<number> {
  if (options.since && options.week) throw new UsageError("choose --since or --week, not both");
  if (options.json && options.members) throw new UsageError("choose --json or --members, not both");
  const config = loadConfigFor(options, io, true);
  const store = await openStore(config.database, { readonly: true });
  try {
    const now = io.now?.() ?? new Date();
    const selection = options.since ? { from: options.since, to: toZonedDateText(now, config.timezone) } : options.week ? { week: options.week } : {};
    const digest = await loadDigestFor(store, config, selection, now);
    const section = digest.themes!;
    if (options.topic && !digest.trend.topics.some((t) => t.topic === options.topic)) {
      const known = [...new Set(digest.trend.topics.map((t) => t.topic))].sort();
      throw new UsageError(`--topic "${options.topic}": no complaints with this topic in ${digest.period.label} or its baseline${known.length > 0 ? ` (topics with complaints: ${known.join(", ")})` : ""}`);
    }
    const shown = options.topic ? filterTopic(section, options.topic) : section;
    if (options.json) {
      io.stdout(`${JSON.stringify({ period: digest.period, ...shown }, null, 2)}\n`);
      return EXIT_OK;
    }
    if (options.members) {
      const rows = shown.topics.flatMap((t) => t.themes).flatMap((t) => t.mentionIds.map((id) => toCsvRow([digest.period.label, t.id, t.topic, t.stage, t.label, t.new, t.z, id])));
      io.stdout(CSV_BOM + [toCsvRow(MEMBER_COLUMNS), ...rows].join(""));
      return EXIT_OK;
    }
    const unit = digest.period.kind === "week" ? "week" : "period";
    const lines = [`What customers say, ${digest.period.label} (against the ${digest.period.baselinePeriods} ${unit}s before)`, ""];
    for (const stage of shown.stages) {
      lines.push(`${toStageLabel(stage.stage)}`);
      for (const t of stage.themes) lines.push(...toThemeLines(t, unit));
      lines.push("");
    }
    if (shown.stages.every((s) => s.themes.length === 0)) lines.push(`No phrase stands out against the baseline${options.topic ? ` in ${options.topic}` : ""}.`, "");
    io.stdout(lines.join("\n"));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function filterTopic(section: ThemesSection, topic: string): ThemesSection {
  const topics = section.topics.filter((t) => t.topic === topic);
  const stages = section.stages.map((s) => ({ ...s, themes: s.themes.filter((t) => t.topic === topic) })).filter((s) => topics.some((t) => t.stage === s.stage));
  return { ...section, topics, stages };
}

function toThemeLines(t: Theme, unit: string): string[] {
  return [
    `  ${t.new ? "NEW " : ""}"${t.label}" — ${toThemeText(t, unit)}`,
    `    where: ${toWhereText(t)}`,
    ...t.examples.map((e) => `    > ${e.quote} (${e.source}, ${e.lang})`),
  ];
}
