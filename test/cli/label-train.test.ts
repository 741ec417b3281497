import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLabeledJsonl, type LabeledItem } from "../../src/classify/eval/dataset.js";
import { classifyItems, scoreItems } from "../../src/classify/eval/evaluate.js";
import { createClassifier, parseTaxonomy } from "../../src/classify/index.js";
import { toStoredClassification } from "../../src/pipeline/classify-mention.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions, savePage } from "../../src/store/sqlite/mentions.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

// 90 airline texts written for this project (fixtures/README.md); 60 are about checked bags,
// mostly without the word "bag": the new domain a CX team teaches earshot with `label`.
const fixture = fileURLToPath(new URL("../../fixtures/classify/airline-baggage.jsonl", import.meta.url));
const items = parseLabeledJsonl(readFileSync(fixture, "utf8"), "airline-baggage.jsonl");
// Every third item is corrected (30); the other 60 are held out.
const corrected = items.filter((_, i) => i % 3 === 0);
const heldOut = items.filter((_, i) => i % 3 !== 0);
const TAXONOMY = { topics: { baggage: { stage: "after_sales", terms: { en: ["baggage", "luggage"] } } } };
const now = new Date("2026-11-20T10:00:00Z");

function writeConfig(dir: string): string {
  const file = join(dir, "earshot.yaml");
  writeFileSync(file, `database: ./earshot.db\nclassifier:\n  model: ./airline.model\ntaxonomy:\n  topics:\n    baggage:\n      stage: after_sales\n      terms: { en: [baggage, luggage] }\n`);
  return file;
}

/** Stores the fixture's texts as mentions, classified by the product's classifier; returns id by item id. */
function storeMentions(dbFile: string): Map<string, number> {
  const db = openDb(dbFile);
  const classifier = createClassifier({ taxonomy: parseTaxonomy(TAXONOMY, "test") });
  const source = addSource(db, { name: "reviews", kind: "file", config: {} }, now);
  savePage(db, {
    sourceId: source.id,
    runId: startRun(db, source.id, now),
    rows: items.map((item) => {
      const { columns, topicStages } = toStoredClassification(classifier, { text: item.text, channel: item.channel ?? "review", rating: item.rating ?? null, ratingScale: null, lang: null, title: null });
      return { mention: { externalId: item.id, text: item.text, channel: item.channel ?? "review", fetchedAt: now, publishedAt: now, contentHash: item.id, ...columns }, topicStages };
    }),
    cursor: {},
    now,
  });
  const ids = new Map(listMentions(db).map((m) => [m.externalId, m.id]));
  closeDb(db);
  return ids;
}

function baggageScores(model: string, held: readonly LabeledItem[]) {
  const classifier = createClassifier({ taxonomy: parseTaxonomy(TAXONOMY, "test"), model });
  const report = scoreItems(classifyItems(classifier, held), (t) => classifier.stageOf(t));
  return { baggage: report.topics.perTopic.baggage!, topics: report.topics.microF1, complaint: report.complaint.f1 };
}

describe("earshot label + train --corrections", () => {
  it("learns a new domain from 30 corrections without losing the shipped scores", async () => {
    const dir = tempDir();
    writeConfig(dir);
    const ids = storeMentions(join(dir, "earshot.db"));
    const lines = corrected.map((item) => JSON.stringify({ id: ids.get(item.id), sentiment: item.sentiment, complaint: item.complaint, topics: item.topics }));
    writeFileSync(join(dir, "corrections.jsonl"), `${lines.join("\n")}\n`);

    const labelled = await runEarshot(["label", "--json", "corrections.jsonl"], { cwd: dir });
    expect(labelled).toMatchObject({ code: 0, stdout: "saved 30 correction(s)\n" });

    const trained = await runEarshot(["train", "--corrections"], { cwd: dir });
    expect(trained.stderr).toBe("");
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain("local model from 30 correction(s)");
    expect(trained.stdout).toMatch(/adopted: wrote .*airline\.model/);

    const before = baggageScores("builtin", heldOut);
    const after = baggageScores(join(dir, "airline.model"), heldOut);
    // The rules know only "baggage"/"luggage"; the corrections teach suitcases, carousels, PIR
    // forms. Measured with model 13af4ea70c: recall 0.15 → 0.25, F1 0.26 → 0.38, all topics
    // 0.44 → 0.53, complaint 0.88 → 0.90.
    expect(after.baggage.recall).toBeGreaterThan(before.baggage.recall + 0.07);
    expect(after.baggage.f1).toBeGreaterThan(before.baggage.f1 + 0.08);
    expect(after.baggage.precision).toBeGreaterThanOrEqual(0.6);
    expect(after.topics).toBeGreaterThan(before.topics + 0.05);
    expect(after.complaint).toBeGreaterThanOrEqual(before.complaint);

    // The shipped evaluation set, as `train` compared it: no figure lost more than 0.01.
    for (const row of trained.stdout.split("\n").filter((l) => /^(sentiment|complaint|topic)/.test(l))) {
      const change = Number(row.trim().split(/\s+/).at(-1));
      expect(change, row).toBeGreaterThanOrEqual(-0.01);
    }

    // Stored mentions move to the local model's version; the corrected ones keep their labels.
    const reclassified = await runEarshot(["reclassify"], { cwd: dir });
    expect(reclassified.stdout).toContain("+model-");
    const db = openDb(join(dir, "earshot.db"));
    const byExternal = new Map(listMentions(db).map((m) => [m.externalId, m]));
    for (const item of corrected) expect(byExternal.get(item.id)!.topics, item.id).toEqual(item.topics);
    closeDb(db);

    const exported = await runEarshot(["label", "--export"], { cwd: dir });
    expect(exported.stdout.trim().split("\n")).toHaveLength(30);
    expect(JSON.parse(exported.stdout.split("\n")[0]!)).toMatchObject({ channel: expect.any(String), topics: corrected[0]!.topics });
  }, 60_000);

  it("refuses unknown topics and ids with messages that name them", async () => {
    const dir = tempDir();
    writeConfig(dir);
    const ids = storeMentions(join(dir, "earshot.db"));
    const id = String(ids.get("ab-001"));
    const unknownTopic = await runEarshot(["label", id, "--topics", "baggage,lost_socks"], { cwd: dir });
    expect(unknownTopic.code).toBe(2);
    expect(unknownTopic.stderr).toContain("unknown topic lost_socks");
    const unknownId = await runEarshot(["label", "99999", "--sentiment", "negative"], { cwd: dir });
    expect(unknownId).toMatchObject({ code: 1, stderr: "mention 99999: no such mention\n" });
    const badSentiment = await runEarshot(["label", id, "--sentiment", "angry"], { cwd: dir });
    expect(badSentiment.code).toBe(2);
    expect(badSentiment.stderr).toContain("--sentiment must be one of negative, neutral, positive");
    const one = await runEarshot(["label", id, "--complaint", "no", "--topics", "none"], { cwd: dir });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`^mention ${id}: (negative|neutral|positive), no complaint, topics: none\n$`));
  });

  it("asks where to write the local model when the config names none", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "earshot.yaml"), "database: ./earshot.db\n");
    const result = await runEarshot(["train", "--corrections"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("classifier.model");
  });
});
