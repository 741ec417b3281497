import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadOrCreateSecret, toSecretLocation } from "../../src/config/secret.js";
import { ConfigError } from "../../src/core/errors.js";
import { scanSource } from "../../src/pipeline/scan.js";
import { closeDb, openDb, type Db } from "../../src/store/sqlite/db.js";
import { listMentions, savePage } from "../../src/store/sqlite/mentions.js";
import { deleteAuthorMentions, deleteMentionsBefore, deleteUrlMentions } from "../../src/store/sqlite/privacy.js";
import { listScanErrors, startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { listResponses, saveThreadCheck, type NewResponse } from "../../src/store/sqlite/responses.js";
import { mentionTopics, responses } from "../../src/store/sqlite/schema.js";
import { toAuthorHash } from "../../src/text/pii-author.js";
import { createTestClock, createTestDeps } from "../helpers/deps.js";
import { toTestRow } from "../helpers/rows.js";
import { tempDbPath, tempDir } from "../helpers/temp.js";
import { fromStoredRaw } from "../../src/store/sqlite/raw-payload.js";

const NOW = new Date("2026-11-23T08:00:00Z");
const KEY = Buffer.alloc(32, 1);

function seed(db: Db) {
  const source = addSource(db, { name: "reviews", kind: "file", config: {} }, NOW);
  const runId = startRun(db, source.id, NOW);
  const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
  savePage(db, {
    sourceId: source.id,
    runId,
    cursor: {},
    now: NOW,
    rows: [
      toTestRow("old", { publishedAt: day(400), fetchedAt: day(1), raw: '{"t":1}', authorHash: toAuthorHash(KEY, "file", "jonas") }, [{ topic: "delivery", stage: "after_sales" }]),
      toTestRow("undated-old", { publishedAt: null, fetchedAt: day(500) }),
      toTestRow("recent", { publishedAt: day(10), fetchedAt: day(10), url: "https://shop.example/r/1", authorHash: toAuthorHash(KEY, "file", "ruta") }, [{ topic: "delivery", stage: "after_sales" }]),
      toTestRow("jonas-recent", { publishedAt: day(5), fetchedAt: day(5), raw: '{"t":2}', authorHash: toAuthorHash(KEY, "file", "Jonas") }, [{ topic: "refund", stage: "after_sales" }]),
    ],
    itemErrors: [{ item: "bad-1", message: "reviews: cannot parse row 7", raw: '{"customer":"Jonas","text":"…"}' }],
  });
  return source;
}

const externalIds = (db: Db) => listMentions(db).map((m) => m.externalId).sort();

describe("deleteMentionsBefore (retention)", () => {
  it.each([
    // Published time decides; an undated mention falls back to its fetched time.
    ["published", ["jonas-recent", "recent"]],
    // By fetched time the 400-day-old post fetched yesterday stays.
    ["fetched", ["jonas-recent", "old", "recent"]],
  ] as const)("by %s time keeps only what is younger than the cutoff", (by, kept) => {
    const db = openDb(":memory:");
    seed(db);
    const report = deleteMentionsBefore(db, new Date(NOW.getTime() - 365 * 86_400_000), by);
    expect(externalIds(db)).toEqual(kept);
    expect(report.mentions).toBe(4 - kept.length);
    expect(db.select().from(mentionTopics).all().length).toBe(by === "published" ? 2 : 3);
  });
});

/** A brand reply on each of the seeded mentions, so erasure and retention can be checked on them. */
function seedResponses(db: Db, text = "Sorry! Write to us, we will sort it out") {
  for (const m of listMentions(db)) {
    const reply: NewResponse = { externalId: `r-${m.externalId}`, responder: "nordvik_support", respondedAt: new Date(NOW.getTime() - 3_600_000), url: null, text: `${text} (${m.externalId})`, redactions: 0, deleted: false };
    saveThreadCheck(db, m.id, [reply], NOW);
  }
}

const responseTexts = (db: Db) => db.select().from(responses).all().map((r) => r.text).sort();

describe("brand responses under retention and erasure", () => {
  it("retention deletes the responses of purged mentions and counts them", () => {
    const db = openDb(":memory:");
    seed(db);
    seedResponses(db);
    const report = deleteMentionsBefore(db, new Date(NOW.getTime() - 365 * 86_400_000));
    expect(report).toMatchObject({ mentions: 2, responses: 2 });
    expect(responseTexts(db).map((t) => t.replace(/^.*\(|\)$/gu, ""))).toEqual(["jonas-recent", "recent"]);
  });

  it("forget by author deletes the responses to that author's mentions; others keep theirs", () => {
    const db = openDb(":memory:");
    seed(db);
    seedResponses(db);
    const report = deleteAuthorMentions(db, { authorHashes: [toAuthorHash(KEY, "file", "jonas")], handles: [] });
    expect(report).toMatchObject({ mentions: 2, responses: 2 });
    const kept = listMentions(db).find((m) => m.externalId === "recent")!;
    expect(listResponses(db, kept.id)).toHaveLength(1);
  });

  it("leaves no byte of an erased mention's brand reply in the database file or its WAL", () => {
    const path = tempDbPath();
    const db = openDb(path);
    seed(db);
    const marker = "REPLY-ERASURE-MARKER-91c2";
    seedResponses(db, marker);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    expect(readFileSync(path).includes(marker)).toBe(true);
    // Every mention goes: by URL one, by author the rest.
    deleteUrlMentions(db, "https://shop.example/r/1");
    deleteMentionsBefore(db, new Date(NOW.getTime() - 365 * 86_400_000));
    deleteAuthorMentions(db, { authorHashes: [toAuthorHash(KEY, "file", "jonas")], handles: [] });
    expect(responseTexts(db)).toEqual([]);
    closeDb(db);
    for (const file of [path, `${path}-wal`]) if (existsSync(file)) expect(readFileSync(file).includes(marker), file).toBe(false);
  });
});

describe("deleteAuthorMentions / deleteUrlMentions (erasure)", () => {
  it("removes every mention by the author's hash, their topic rows, payloads and item-error snippets naming them", () => {
    const db = openDb(":memory:");
    seed(db);
    const report = deleteAuthorMentions(db, { authorHashes: [toAuthorHash(KEY, "file", "JONAS")], handles: ["jonas"] });
    expect(report).toMatchObject({ mentions: 2, rawPayloads: 2, topicRows: 2, scanErrors: 1 });
    expect(externalIds(db)).toEqual(["recent", "undated-old"]);
    expect(listScanErrors(db)).toEqual([]);
  });

  it("does not match the same handle hashed for another source kind", () => {
    const db = openDb(":memory:");
    seed(db);
    expect(deleteAuthorMentions(db, { authorHashes: [toAuthorHash(KEY, "reddit", "jonas")], handles: [] }).mentions).toBe(0);
  });

  it("removes a mention by URL, with or without a trailing slash", () => {
    const db = openDb(":memory:");
    seed(db);
    expect(deleteUrlMentions(db, "https://shop.example/r/1/").mentions).toBe(1);
    expect(externalIds(db)).not.toContain("recent");
  });

  it("leaves no byte of an erased mention in the database file or its WAL", () => {
    const path = tempDbPath();
    const db = openDb(path);
    const source = addSource(db, { name: "s", kind: "file", config: {} }, NOW);
    const marker = "UNIQUE-ERASURE-MARKER-7f3a";
    const rows = Array.from({ length: 50 }, (_, i) => toTestRow(`m${i}`, { text: i === 7 ? `${marker} text` : `ordinary text ${i}`, raw: i === 7 ? `{"x":"${marker}"}` : null, authorHash: i === 7 ? "h-erase" : `h-${i}` }));
    savePage(db, { sourceId: source.id, runId: startRun(db, source.id, NOW), rows, cursor: {}, now: NOW });
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    expect(readFileSync(path).includes(marker)).toBe(true);
    // The payload is stored compressed (storage.raw default), so the marker's text cannot show
    // in the file: look for the compressed bytes themselves, and check they really hold the marker.
    const row = db.$client.prepare("select raw, text, title, url from mentions where external_id = 'm7'").get() as { raw: Buffer; text: string; title: string | null; url: string | null };
    const compressed = row.raw;
    expect(fromStoredRaw(compressed, { ...row, externalId: "m7" })).toBe(`{"x":"${marker}"}`);
    expect(readFileSync(path).includes(compressed)).toBe(true);
    const report = deleteAuthorMentions(db, { authorHashes: ["h-erase"], handles: [] });
    expect(report).toMatchObject({ mentions: 1, rawPayloads: 1, walCheckpointed: true });
    closeDb(db);
    for (const file of [path, `${path}-wal`]) {
      if (!existsSync(file)) continue;
      expect(readFileSync(file).includes(marker), file).toBe(false);
      expect(readFileSync(file).includes(compressed), file).toBe(false);
    }
  });
});

describe("the full-text index under retention and erasure", () => {
  // A word that shares no prefix with the other words, so FTS5 stores the term whole in its
  // index pages (later terms are prefix-compressed): its bytes are findable while it is indexed.
  const word = "qzxjvowyk";

  function seedIndexed(path: string): Db {
    const db = openDb(path);
    const source = addSource(db, { name: "s", kind: "file", config: {} }, NOW);
    const rows = Array.from({ length: 50 }, (_, i) =>
      toTestRow(`m${i}`, { text: i === 7 ? `the parcel ${word} never came` : `ordinary parcel text ${i}`, url: `https://shop.example/r/${i}`, publishedAt: i === 7 ? new Date("2024-01-01T00:00:00Z") : NOW }),
    );
    savePage(db, { sourceId: source.id, runId: startRun(db, source.id, NOW), rows, cursor: {}, now: NOW });
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    // The term is in the index (and so in the file) before: the checks below can fail.
    expect(db.$client.prepare("select count(*) from mentions_fts where mentions_fts match ?").pluck().get(word)).toBe(1);
    expect(db.$client.prepare("select count(*) from mentions_fts_data where instr(block, ?) > 0").pluck().get(Buffer.from(word))).toBeGreaterThan(0);
    return db;
  }

  it.each([
    ["erasure by URL", (db: Db) => deleteUrlMentions(db, "https://shop.example/r/7")],
    ["retention", (db: Db) => deleteMentionsBefore(db, new Date("2025-01-01T00:00:00Z"))],
  ])("%s leaves no term of the deleted text in the index, the file or the WAL", (_name, erase) => {
    const path = tempDbPath();
    const db = seedIndexed(path);
    expect(erase(db).mentions).toBe(1);
    expect(db.$client.prepare("select count(*) from mentions_fts where mentions_fts match ?").pluck().get(word)).toBe(0);
    expect(db.$client.prepare("select count(*) from mentions_fts_data where instr(block, ?) > 0").pluck().get(Buffer.from(word))).toBe(0);
    // The other mentions are still found.
    expect(db.$client.prepare("select count(*) from mentions_fts where mentions_fts match 'parcel'").pluck().get()).toBe(49);
    closeDb(db);
    for (const file of [path, `${path}-wal`]) if (existsSync(file)) expect(readFileSync(file).includes(word), file).toBe(false);
  });
});

describe("scanSource privacy", () => {
  function writeExport(dir: string): string {
    const file = join(dir, "tickets.csv");
    writeFileSync(
      file,
      [
        "id,customer,subject,body,date",
        '1,Jonas,Refund for 4111 1111 1111 1111,"Refund to LT12 1000 0111 0100 1000 please, call +370 612 34567",2026-11-20',
        '2,Rūta,Order #4411,"Delivered 2026-11-21, thanks",2026-11-21',
      ].join("\n"),
    );
    return file;
  }

  it.each([
    ["defaults (redact, hash, no handles)", { redact: true, keepAuthorHandles: false, authorKey: KEY }],
    ["handles kept on request", { redact: true, keepAuthorHandles: true, authorKey: KEY }],
    ["redaction off", { redact: false, keepAuthorHandles: false, authorKey: KEY }],
  ])("stores text, title, payload and author as configured: %s", async (_name, privacy) => {
    const db = openDb(":memory:");
    const row = addSource(db, { name: "tickets", kind: "file", config: { path: writeExport(tempDir()), columns: { id: "id", author: "customer", title: "subject", text: "body", date: "date" } } }, NOW);
    const report = await scanSource(createTestDeps(db, createTestClock(), { privacy }), row);
    expect(report).toMatchObject({ status: "ok", added: 2 });
    const [second, first] = listMentions(db);
    expect(first!.authorHash).toBe(toAuthorHash(KEY, "file", "jonas"));
    expect(first!.author).toBe(privacy.keepAuthorHandles ? "Jonas" : null);
    if (privacy.redact) {
      expect(first).toMatchObject({ title: "Refund for [card]", text: "Refund to [iban] please, call [phone]", redactions: 3 });
      expect(second).toMatchObject({ title: "Order #4411", text: "Delivered 2026-11-21, thanks", redactions: 0 });
      expect(first!.raw).not.toMatch(/4111|LT12|612 34567/u);
    } else {
      expect(first).toMatchObject({ text: "Refund to LT12 1000 0111 0100 1000 please, call +370 612 34567", redactions: 0 });
    }
    if (!privacy.keepAuthorHandles) expect(`${first!.raw}${second!.raw}`).not.toMatch(/Jonas|Rūta/u);
  });
});

describe("the HMAC secret file", () => {
  it("is created once with mode 0600 next to the database and read back unchanged", () => {
    const dir = tempDir();
    const location = toSecretLocation({ file: null, database: join(dir, "earshot.db") }, dir);
    expect(location.path).toBe(join(dir, "earshot.db.secret"));
    const first = loadOrCreateSecret(location);
    expect(statSync(location.path!).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(location).equals(first)).toBe(true);
    expect(first.length).toBe(32);
  });

  it("resolves privacy.secretFile from the config file's folder", () => {
    expect(toSecretLocation({ file: "/etc/earshot/earshot.yaml", database: "/var/lib/earshot.db", privacy: { secretFile: "keys/author.secret" } }, "/tmp").path).toBe("/etc/earshot/keys/author.secret");
  });

  it("tightens a copied file's loose mode and refuses a damaged file without quoting it", () => {
    const dir = tempDir();
    const path = join(dir, "author.secret");
    writeFileSync(path, `${"ab".repeat(32)}\n`, { mode: 0o644 });
    loadOrCreateSecret({ path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, "not-a-secret-value\n");
    expect(() => loadOrCreateSecret({ path })).toThrow(ConfigError);
    expect(() => loadOrCreateSecret({ path })).not.toThrow(/not-a-secret-value/u);
  });
});
