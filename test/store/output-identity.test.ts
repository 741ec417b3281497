import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

// fixtures/store/demo-0008.db.gz is the demo database (`npm run demo`, 465 mentions of all nine
// source kinds, replies, corrections none) as the code of migration 0008 wrote it: evidence as
// JSON text, hashes as hex text, payloads brotli-compressed. The checksums below were taken from
// that code's outputs, before the store changed its formats (issue 14). Whatever the store does
// to save bytes, these outputs must stay byte for byte what they were: on the old file as the new
// code reads it, and after the file is rewritten to the compact forms.
const FIXTURE = new URL("../../fixtures/store/demo-0008.db.gz", import.meta.url);
const SECRET = new URL("../../fixtures/store/demo-0008.db.secret", import.meta.url);
const NOW = () => new Date("2026-11-30T09:00:00Z");

/** argv (after `--db FILE`) → sha256 of stdout, as the old code printed it. */
const EXPECTED: Record<string, string> = {
  "digest md": "88c6c814ecb95443986dd36bca72ae16bc78f081a6b6c85b0ead905b067c8eac",
  "digest html": "ce856d4ac985acb7c415e18533273c668430d0eba64c62cb40c47ec4091a7c18",
  "digest json": "1268ce2698c44a4c3839617c95b3d0e2a2394357dbc1def768c9a1d96eccc27e",
  "digest csv": "ede25bb2e230d6a6bdbc8f1b0368a2d443fdf49f6a2ad83464ef7b2ae1b88dde",
  "digest custom period": "f130cce8da0713ec8a5d1f006365c74bbc66550820814f730cba00685987ad47",
  "export csv": "f192594d2e39b989f4306c34237edee8b7524ab26be4e362f6024db26b1c4099",
  "export jsonl": "0ec67c35717a7f38e13ff21c5724e50d4ab51476a3aa3ab439c8525dcdea85d9",
  "mentions": "80700d0c95a8dc9590e429e81bdcb53281827c2ab68b8cea10190fbc42202f89",
  "mentions json": "87eb6cd3de6bab88824293ba9c53bb10081fc0cd3e34ccf71c70d5bff70fa790",
  "mentions csv": "13541eea34955a77bc76d87f6e9a2166dbd62dbb17479f131f34e74cfcd09aa7",
  "mentions complaints about delivery": "f96d10495d7919100646cbd626a44a381eacfafa0210afae8ed454741d1b1bad",
  "mentions answered": "33d88193f7cd05915697fc432ce3da9fdb92e8d8a46c04805431dc3bfee1b8f7",
  "themes": "adc90afb7f94423a63a71c4937f47f620af5e23e9d011bfbd5993404b49551c6",
  "forget author": "f3056bd8c4b1b188d416ca289f6cdef03fe031cd6dda746edb1ee43a3440b6ce",
  "forget url": "2ddadc73892a2f06ea81eaa873425b353641a09dbfa7f8b217569ede1680b65b",
  "export jsonl after forget": "1e8c8cf7eb7d9f7c7430bcbe5822d7e482b0af6fddf3481b383e6073a945c047",
  "digest json after forget": "fb97d8cc216cf95b1fe80ccc5399e49ae45bdfa9c60dc9c9eb832416a342120f",
};

const OUTPUTS: Array<[string, string[]]> = [
  ["digest md", ["digest", "--week", "2026-W47", "--format", "md"]],
  ["digest html", ["digest", "--week", "2026-W47", "--format", "html"]],
  ["digest json", ["digest", "--week", "2026-W47", "--format", "json"]],
  ["digest csv", ["digest", "--week", "2026-W47", "--format", "csv"]],
  ["digest custom period", ["digest", "--from", "2026-10-01", "--to", "2026-11-29", "--format", "json"]],
  ["export csv", ["export", "--format", "csv"]],
  ["export jsonl", ["export", "--format", "jsonl"]],
  ["mentions", ["mentions", "--limit", "1000"]],
  ["mentions json", ["mentions", "--limit", "1000", "--json"]],
  ["mentions csv", ["mentions", "--limit", "1000", "--csv"]],
  ["mentions complaints about delivery", ["mentions", "--complaints", "--topic", "delivery", "--json"]],
  ["mentions answered", ["mentions", "--answered", "--json"]],
  ["themes", ["themes", "--week", "2026-W47", "--json"]],
];

// Forgetting changes the file; its report and what is left must match too.
const FORGET: Array<[string, string[]]> = [
  ["forget author", ["forget", "--author", "ruta_k_vilnius", "--json"]],
  ["forget url", ["forget", "--url", "https://play.google.com/store/apps/details?id=lt.nordvik.shop&reviewId=5f0a8e3b-9c21-4d6f-b2a4-7e1c3d9b6f04", "--json"]],
  ["export jsonl after forget", ["export", "--format", "jsonl"]],
  ["digest json after forget", ["digest", "--week", "2026-W47", "--format", "json"]],
];

function copyFixture(dir: string): string {
  const dbPath = join(dir, "earshot.db");
  writeFileSync(dbPath, gunzipSync(readFileSync(FIXTURE)));
  copyFileSync(SECRET, `${dbPath}.secret`);
  return dbPath;
}

async function checksumOutputs(dir: string, dbPath: string, outputs: Array<[string, string[]]>): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const [name, argv] of outputs) {
    const result = await runEarshot([...argv, "--db", dbPath], { cwd: dir, now: NOW });
    expect(result.code, `${name}: ${result.stderr}`).toBe(0);
    sums[name] = createHash("sha256").update(result.stdout).digest("hex");
  }
  return sums;
}

describe("outputs on a database written by migration 0008's code", () => {
  it("are byte-identical to what that code printed, read as it was stored", async () => {
    const dir = tempDir();
    const dbPath = copyFixture(dir);
    expect(await checksumOutputs(dir, dbPath, [...OUTPUTS, ...FORGET])).toEqual(EXPECTED);
  });

  it("migrations 0009–0010 store hashes as bytes, topic rows without a rowid and classifier versions by id", async () => {
    const dir = tempDir();
    const dbPath = copyFixture(dir);
    expect((await runEarshot(["status", "--db", dbPath], { cwd: dir, now: NOW })).code).toBe(0);
    const client = new Database(dbPath, { readonly: true });
    const hashForms = client.prepare("select typeof(content_hash) as content, typeof(author_hash) as author, count(*) as n from mentions group by 1, 2 order by 1, 2").all();
    const topicsTable = client.prepare("select sql from sqlite_master where name = 'mention_topics'").pluck().get() as string;
    const topicIndexes = client.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'mention_topics' and sql is not null").pluck().all();
    const topicRows = client.prepare("select count(*) from mention_topics").pluck().get();
    const versions = client.prepare("select id, version from classifier_versions").all();
    const versionRefs = client.prepare("select distinct classifier_version from mentions").pluck().all();
    client.close();
    // Every hex hash is now its bytes; mentions without an author keep a null.
    expect(hashForms).toEqual([
      { content: "blob", author: "blob", n: 452 },
      { content: "blob", author: "null", n: 13 },
    ]);
    expect(topicsTable).toMatch(/WITHOUT ROWID/);
    expect(topicIndexes).toEqual(["mention_topics_topic_idx"]);
    expect(topicRows).toBe(520);
    // Migration 0010: the one version the demo was classified by, named by its id in every row.
    expect(versions).toEqual([{ id: 1, version: "rules-1.0+lex-9a1af9+tax-bbdc7c8e+model-13af4ea70c" }]);
    expect(versionRefs).toEqual(["1"]);
  });

  it("are byte-identical after `db compact` rewrote every row to the compact forms", async () => {
    const dir = tempDir();
    const dbPath = copyFixture(dir);
    const compact = await runEarshot(["db", "compact", "--db", dbPath, "--batch", "50", "--json"], { cwd: dir, now: NOW });
    expect(compact.code, compact.stderr).toBe(0);
    expect(JSON.parse(compact.stdout)).toMatchObject({ packed: 465, finished: true });
    const client = new Database(dbPath, { readonly: true });
    const forms = client.prepare("select typeof(evidence) as form, count(*) as n from mentions group by 1").all();
    client.close();
    expect(forms).toEqual([{ form: "blob", n: 465 }]);
    expect(await checksumOutputs(dir, dbPath, [...OUTPUTS, ...FORGET])).toEqual(EXPECTED);
  });
});
