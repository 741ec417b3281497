/**
 * The training corpus: earshot's own labelled data (data/cx-train, written for this project)
 * and the public sets in ../shared/datasets, each with the share of the training signal it gets.
 * Weights are per set, not per item, so 21,000 Finnish forum lines do not drown 650 Finnish
 * customer texts: a set's items share its budget.
 */
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabeledItem } from "../eval/dataset.js";
import { loadLabeledItems } from "../eval/load.js";
import { loadProjectSet } from "./paths.js";
import { parseBanking77Csv, parseXedAnnotated, parseXedNeutral } from "./public-sets.js";

export interface TrainingSet {
  name: string;
  items: LabeledItem[];
  /** Total example weight the set contributes (its items share it). */
  budget: number;
  /**
   * The set's weight for the sentiment head, when it differs: customer feedback is mostly
   * negative, and at full weight it teaches the model that any text is (see docs/classifier.md).
   */
  sentimentBudget?: number | undefined;
}

interface SetSpec {
  name: string;
  budget: number;
  sentimentBudget?: number;
  /** For earshot's own sets: the files of data/cx-train that make up the set. */
  files?: RegExp;
  /** Relative to the datasets root (../shared/datasets) or the project root (`project:`). */
  load: (roots: CorpusRoots) => Promise<LabeledItem[]>;
  /** Whether the set exists under these roots. */
  present: (roots: CorpusRoots) => boolean;
}

export interface CorpusRoots {
  /** ../shared/datasets (public sets); may be absent on a user's machine. */
  datasets?: string | undefined;
  /** The project root, holding data/cx-train. */
  project: string;
}

/** One of earshot's own sets: the files of data/cx-train whose names match `files`. */
function projectSet(name: string, files: RegExp): Pick<SetSpec, "name" | "files" | "present" | "load"> {
  return {
    name,
    files,
    present: (roots) => {
      const folder = join(roots.project, "data", "cx-train");
      return existsSync(folder) && readdirSync(folder).some((file) => files.test(file));
    },
    load: (roots) => loadProjectSet("cx-train", roots.project, files),
  };
}
const inDatasets = (...parts: string[]) => (roots: CorpusRoots) => roots.datasets !== undefined && existsSync(join(roots.datasets, ...parts));

/**
 * Every set the shipped model trains on: data written for earshot (data/cx-train) and public
 * sets whose license allows a derived model to ship, with attribution in the NOTICE beside the
 * model (BANKING77 and XED: CC BY 4.0; VADER: MIT). Not cx-dev: the rules were developed on it,
 * so on its items they look far more reliable than they are on new text, and a model stacked on
 * them learned to over-trust them (docs/classifier.md). Sets that state no license (SemEval ABSA,
 * SentiRuEval-2016) or whose copy here has none of its own (the FinnSentiment derivative) are
 * research material: they are only ever evaluated on, so their figures are also unseen-text
 * figures. Never here: data/cx-test, BANKING77's test.csv.
 */
export const TRAINING_SETS: readonly SetSpec[] = [
  {
    // Customer feedback in four languages: complaints explicit and implicit, praise, questions…
    ...projectSet("cx-train", /^[a-z]{2}\.jsonl$/),
    budget: 2_600,
  },
  {
    // Complaints whose topic follows from the situation, not from a topic word: 30 per topic and language.
    ...projectSet("cx-train-implicit", /-implicit\.jsonl$/),
    budget: 1_200,
    // Written as complaints (80 % negative by design): full weight for complaint and topics, a
    // small share of sentiment so it does not tilt every text toward negative.
    sentimentBudget: 300,
  },
  {
    // The rest of a brand's social stream: news, ads, chatter, short rants and cheers.
    ...projectSet("cx-train-social", /-social\.jsonl$/),
    budget: 1_600,
  },
  {
    // Everyday posts that are not about a brand at all (life, weather, sport, films…), which a
    // listening stream also catches: what ordinary positive, neutral and negative text looks
    // like. For sentiment only: written as chatter (95 % no complaint), at any weight on the
    // complaint head it cost cx-dev complaint F1 (0.929 → 0.916) for nothing in return.
    ...projectSet("cx-train-everyday", /-everyday\.jsonl$/),
    budget: 0,
    // Three times the customer sets' share moved VADER tweets 0.60 → 0.68 and cx-dev sentiment
    // 0.86 → 0.87; more gained nothing (docs/classifier.md).
    sentimentBudget: 4_800,
  },
  {
    // Single sentences of long reviews (restaurants, hotels, shops, services), as review pages split them.
    ...projectSet("cx-train-review-sentences", /-review-sentences\.jsonl$/),
    budget: 1_000,
  },
  {
    name: "banking77",
    budget: 2_500,
    present: inDatasets("training", "banking77", "train.csv"),
    load: async (r) => parseBanking77Csv(await readFile(join(r.datasets!, "training", "banking77", "train.csv"), "utf8"), "banking77/train.csv"),
  },
  ...(["tweets", "amazonReviewSnippets", "movieReviewSnippets", "nytEditorialSnippets"] as const).map((file, i): SetSpec => ({
    name: ["vader-tweets", "vader-amazon", "vader-movie", "vader-nyt"][i]!,
    budget: [1_200, 600, 600, 400][i]!,
    present: inDatasets("vader", `${file}_GroundTruth.txt`),
    load: (r) => loadLabeledItems(join(r.datasets!, "vader", `${file}_GroundTruth.txt`), "vader"),
  })),
  {
    name: "xed-fi",
    budget: 1_000,
    present: inDatasets("training", "xed-fi", "fi-annotated.tsv"),
    load: async (r) => {
      const folder = join(r.datasets!, "training", "xed-fi");
      return [
        ...parseXedAnnotated(await readFile(join(folder, "fi-annotated.tsv"), "utf8"), "xed-fi/fi-annotated.tsv"),
        ...parseXedNeutral(await readFile(join(folder, "neu_fi.txt"), "utf8"), "xed-fi/neu_fi.txt"),
      ];
    },
  },
];

/** Loads every present set except those named in `without`. */
export async function loadTrainingSets(roots: CorpusRoots, without: ReadonlySet<string> = new Set()): Promise<TrainingSet[]> {
  const sets: TrainingSet[] = [];
  for (const spec of TRAINING_SETS) {
    if (without.has(spec.name) || !spec.present(roots)) continue;
    sets.push({ name: spec.name, items: await spec.load(roots), budget: spec.budget, sentimentBudget: spec.sentimentBudget });
  }
  return sets;
}
