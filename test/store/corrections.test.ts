import { describe, expect, it } from "vitest";
import { applyCorrections, loadCorrections, saveCorrection } from "../../src/store/sqlite/corrections.js";
import { openDb } from "../../src/store/sqlite/db.js";
import { listMentions, savePage } from "../../src/store/sqlite/mentions.js";
import { deleteAuthorMentions, deleteMentionsBefore, deleteUrlMentions } from "../../src/store/sqlite/privacy.js";
import { saveClassifications, type NewClassification } from "../../src/store/sqlite/reclassify.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";

const now = new Date("2026-11-20T10:00:00Z");

function storeWithMentions() {
  const db = openDb(":memory:");
  const source = addSource(db, { name: "reviews", kind: "rss", config: {} }, now);
  savePage(db, {
    sourceId: source.id,
    runId: startRun(db, source.id, now),
    rows: [
      toTestRow("a", { text: "my suitcase went to Lisbon without me", url: "https://example.test/a", authorHash: "hash-alice" }, [{ topic: "delivery", stage: "after_sales" }]),
      toTestRow("b", { text: "lovely crew", sentiment: "positive", url: "https://example.test/b", authorHash: "hash-bob" }),
    ],
    cursor: {},
    now,
  });
  const [a, b] = listMentions(db).sort((x, y) => x.id - y.id);
  return { db, a: a!, b: b! };
}

describe("saveCorrection", () => {
  it("rewrites the mention's labels and topic rows, and keeps a copy for training", () => {
    const { db, a } = storeWithMentions();
    const saved = saveCorrection(db, { mentionId: a.id, sentiment: "neutral", topics: ["baggage"], topicStages: [{ topic: "baggage", stage: "after_sales" }], now });
    expect(saved).toEqual({ mentionId: a.id, sentiment: "neutral", complaint: true, topics: ["baggage"], stages: ["after_sales"] });
    const stored = listMentions(db).find((m) => m.id === a.id)!;
    expect(stored).toMatchObject({ sentiment: "neutral", complaint: true, topics: ["baggage"], stages: ["after_sales"] });
    expect(db.$client.prepare("select topic from mention_topics where mention_id = ?").all(a.id)).toEqual([{ topic: "baggage" }]);
    const [correction] = loadCorrections(db);
    expect(correction).toMatchObject({ mentionId: a.id, text: "my suitcase went to Lisbon without me", sentiment: "neutral", complaint: null, topics: ["baggage"] });
  });

  it("merges a second correction of the same mention with the first", () => {
    const { db, a } = storeWithMentions();
    saveCorrection(db, { mentionId: a.id, sentiment: "negative", now });
    saveCorrection(db, { mentionId: a.id, complaint: false, now });
    expect(loadCorrections(db)).toHaveLength(1);
    expect(loadCorrections(db)[0]).toMatchObject({ sentiment: "negative", complaint: false, topics: null });
  });

  it("returns undefined for an unknown mention and stores nothing", () => {
    const { db } = storeWithMentions();
    expect(saveCorrection(db, { mentionId: 999, sentiment: "negative", now })).toBeUndefined();
    expect(loadCorrections(db)).toHaveLength(0);
  });
});

describe("corrections through reclassify, purge and forget", () => {
  it("stay laid over a new classification", () => {
    const { db, a } = storeWithMentions();
    saveCorrection(db, { mentionId: a.id, complaint: false, topics: [], topicStages: [], now });
    const fresh: NewClassification = {
      id: a.id, lang: "en", sentiment: "negative", sentimentScore: -0.6, complaint: true, topics: ["delivery"], stages: ["after_sales"],
      evidence: [{ kind: "topic", topic: "delivery", match: "went" }], classifierVersion: "v2", topicStages: [{ topic: "delivery", stage: "after_sales" }],
    };
    saveClassifications(db, [fresh]);
    expect(listMentions(db).find((m) => m.id === a.id)).toMatchObject({ sentiment: "negative", complaint: false, topics: [], stages: [], evidence: [], classifierVersion: "v2" });
    expect(db.$client.prepare("select count(*) as n from mention_topics where mention_id = ?").get(a.id)).toEqual({ n: 0 });
  });

  it("leaves rows without a correction as classified", () => {
    const { db, b } = storeWithMentions();
    const row: NewClassification = { id: b.id, lang: "en", sentiment: "positive", sentimentScore: 0.8, complaint: false, topics: [], stages: [], evidence: [], classifierVersion: "v2", topicStages: [] };
    const copy = structuredClone(row);
    applyCorrections(db, [row]);
    expect(row).toEqual(copy);
  });

  it("survive retention (the link to the purged mention is cleared)", () => {
    const { db, a } = storeWithMentions();
    saveCorrection(db, { mentionId: a.id, sentiment: "negative", now });
    const report = deleteMentionsBefore(db, new Date("2030-01-01T00:00:00Z"));
    expect(report).toMatchObject({ mentions: 2, corrections: 0 });
    expect(loadCorrections(db)).toMatchObject([{ mentionId: null, text: "my suitcase went to Lisbon without me" }]);
  });

  it("are erased with their author, even after retention deleted the mention", () => {
    const { db, a } = storeWithMentions();
    saveCorrection(db, { mentionId: a.id, sentiment: "negative", now });
    deleteMentionsBefore(db, new Date("2030-01-01T00:00:00Z"));
    expect(deleteAuthorMentions(db, { authorHashes: ["hash-alice"], handles: [] })).toMatchObject({ mentions: 0, corrections: 1 });
    expect(loadCorrections(db)).toHaveLength(0);
  });

  it("are erased with the mention at a forgotten URL", () => {
    const { db, b } = storeWithMentions();
    saveCorrection(db, { mentionId: b.id, sentiment: "neutral", now });
    expect(deleteUrlMentions(db, "https://example.test/b")).toMatchObject({ mentions: 1, corrections: 1 });
    expect(loadCorrections(db)).toHaveLength(0);
  });
});
