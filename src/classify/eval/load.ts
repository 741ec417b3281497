/** Reads labeled files from disk in one of the supported formats. */
import { readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseFinnSentimentLines, parseLabeledJsonl, parseSentiRuEvalXml, parseVaderTsv, type EvalFormat, type LabeledItem } from "./dataset.js";

export async function loadLabeledItems(path: string, format: EvalFormat): Promise<LabeledItem[]> {
  if (format === "finnsentiment") return loadFinnSentiment(path);
  const content = await readFile(path, "utf8");
  const source = basename(path);
  switch (format) {
    case "cx":
      return parseLabeledJsonl(content, source);
    case "vader":
      return parseVaderTsv(content, source);
    case "sentirueval":
      return parseSentiRuEvalXml(content, source);
  }
}

/** `path` is the folder holding FinnSentiment2020{neg,neut,pos}.txt, or one of those files. */
async function loadFinnSentiment(path: string): Promise<LabeledItem[]> {
  const folder = (await stat(path)).isDirectory() ? path : join(path, "..");
  const files = [
    ["FinnSentiment2020neg.txt", "negative"],
    ["FinnSentiment2020neut.txt", "neutral"],
    ["FinnSentiment2020pos.txt", "positive"],
  ] as const;
  const parts = await Promise.all(files.map(async ([file, label]) => parseFinnSentimentLines(await readFile(join(folder, file), "utf8"), label, file)));
  return parts.flat();
}

export interface PublicSet {
  name: string;
  path: string;
  format: EvalFormat;
  /** Which score the published figure refers to. */
  metric: "macroF1" | "posNegF1";
  /** The figure to reach (issue 3), when there is one. */
  target?: number;
  note: string;
}

/** The public sets of ../shared/datasets/README.md with the targets. */
export function listPublicSets(root: string): PublicSet[] {
  const vader = (file: string, name: string, target: number): PublicSet => ({
    name, path: join(root, "vader", file), format: "vader", metric: "macroF1", target, note: "VADER 3.3.1 3-class macro-F1",
  });
  return [
    vader("tweets_GroundTruth.txt", "vader-tweets", 0.74),
    vader("amazonReviewSnippets_GroundTruth.txt", "vader-amazon", 0.52),
    vader("movieReviewSnippets_GroundTruth.txt", "vader-movie", 0.41),
    vader("nytEditorialSnippets_GroundTruth.txt", "vader-nyt", 0.52),
    {
      name: "sentirueval2016-tkk", path: join(root, "sentirueval2016-ru-telecom", "tkk_test_etalon.xml"), format: "sentirueval",
      metric: "posNegF1", target: 0.45, note: "F-macro (pos+neg); task best 0.559, baseline 0.315",
    },
    {
      name: "finnsentiment", path: join(root, "finnsentiment"), format: "finnsentiment", metric: "macroF1",
      note: "lowercased, filtered derivative; no comparable published figure",
    },
  ];
}
