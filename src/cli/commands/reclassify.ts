import type { Command } from "commander";
import { openStore } from "../../store/open.js";
import { type NewClassification } from "../../store/types.js";
import { EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, parsePositiveInt, type ConfigOptions, withConfigOptions } from "../options.js";
import { createClassifierFor } from "../runtime.js";
import { toStoredClassification } from "../../pipeline/classify-mention.js";
import { toClassifiedBody } from "../../core/classification.js";

interface ReclassifyOptions extends ConfigOptions {
  batch: number;
}

export function defineReclassifyCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("reclassify").description("classify again every stored mention whose classifier or taxonomy version is not the current one"))
    .option("--batch <n>", "mentions per transaction", parsePositiveInt, 500)
    .action(async (options: ReclassifyOptions) => {
      const config = loadConfigFor(options, io, true);
      const classifier = createClassifierFor(config);
      const store = await openStore(config.database);
      let updated = 0;
      try {
        // Each batch commits on its own: an interrupted run resumes where it stopped, since
        // finished mentions already carry the current version.
        for (let afterId = 0; ; ) {
          const batch = await store.loadOutdatedMentions(classifier.version, afterId, options.batch);
          if (batch.length === 0) break;
          const rows = batch.map((m): NewClassification => {
            const { columns, topicStages } = toStoredClassification(classifier, m);
            return { id: m.id, ...columns, classifiedBody: toClassifiedBody(m), topicStages };
          });
          await store.saveClassifications(rows);
          updated += rows.length;
          afterId = batch.at(-1)!.id;
          if (io.signal?.aborted) break;
        }
      } finally {
        await store.close();
      }
      io.stdout(`reclassified ${updated} mention(s) with classifier ${classifier.version}\n`);
      io.exitCode = EXIT_OK;
    });
}
