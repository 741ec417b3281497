import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_TAXONOMY } from "../../../src/classify/index.js";
import { TRAINING_SETS } from "../../../src/classify/training/corpus.js";
import { loadProjectSet, PROJECT_ROOT } from "../../../src/classify/training/paths.js";
import { foldText } from "../../../src/text/fold.js";

// data/ is earshot's own labelled data: the test split is only worth its figures while no
// training text leaks into it (data/README.md, "Checked when added").
const train = await loadProjectSet("cx-train");
const test = await loadProjectSet("cx-test");
const topics = new Set(Object.keys(DEFAULT_TAXONOMY.topics));
const wordsOf = (text: string): Set<string> => new Set(foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []);

/** The share of `a`'s words found in `b`. */
function sharedShare(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return a.size === 0 ? 0 : shared / a.size;
}

describe("earshot's own labelled data", () => {
  it("has unique ids, known languages and labels from the default taxonomy", () => {
    const all = [...train, ...test];
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    for (const item of all) {
      expect(["en", "lt", "ru", "fi"], item.id).toContain(item.lang);
      expect(["negative", "neutral", "positive"], item.id).toContain(item.sentiment);
      expect(typeof item.complaint, item.id).toBe("boolean");
      for (const topic of item.topics ?? []) expect(topics, item.id).toContain(topic);
    }
  });

  it("trains on every cx-train file: each belongs to exactly one training set", () => {
    const files = readdirSync(join(PROJECT_ROOT, "data", "cx-train")).filter((file) => file.endsWith(".jsonl"));
    for (const file of files) {
      const owners = TRAINING_SETS.filter((set) => set.files?.test(file));
      expect(owners.map((set) => set.name), file).toHaveLength(1);
    }
  });

  it("keeps the test split apart: no test text repeats a training text or shares 80 % of its words with one", () => {
    const index = new Map<string, number[]>();
    const trainWords = train.map((item) => wordsOf(item.text));
    trainWords.forEach((words, i) => {
      for (const word of words) {
        let list = index.get(word);
        if (list === undefined) index.set(word, (list = []));
        list.push(i);
      }
    });
    const leaks: string[] = [];
    for (const item of test) {
      const words = wordsOf(item.text);
      const counts = new Map<number, number>();
      for (const word of words) for (const i of index.get(word) ?? []) counts.set(i, (counts.get(i) ?? 0) + 1);
      for (const [i, count] of counts) {
        if (count / words.size >= 0.8 && sharedShare(words, trainWords[i]!) >= 0.8) leaks.push(`${item.id} ~ ${train[i]!.id}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
