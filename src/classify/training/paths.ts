import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LabeledItem } from "../eval/dataset.js";
import { loadLabeledItems } from "../eval/load.js";

/**
 * The package root, found from this module: src/classify/training (tsx) and
 * dist/classify/training (built) are both three levels below it. data/cx-train and data/cx-test
 * are read from here.
 */
export const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * earshot's own labelled data: the JSONL files of `data/cx-train` (trained on) or `data/cx-test`
 * (never), all of them or those whose name matches `files`.
 */
export async function loadProjectSet(name: "cx-train" | "cx-test", root: string = PROJECT_ROOT, files: RegExp = /\.jsonl$/): Promise<LabeledItem[]> {
  const folder = join(root, "data", name);
  const names = readdirSync(folder).filter((file) => file.endsWith(".jsonl") && files.test(file)).sort();
  const parts = await Promise.all(names.map((file) => loadLabeledItems(join(folder, file), "cx")));
  return parts.flat();
}
