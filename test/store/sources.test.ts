import { describe, expect, it } from "vitest";
import { openDb } from "../../src/store/sqlite/db.js";
import { listSources, syncSources } from "../../src/store/sqlite/sources.js";
import { tempDbPath } from "../helpers/temp.js";

const now = new Date("2026-11-20T10:00:00Z");

describe("syncSources", () => {
  it("adds, updates and disables sources by name, keeping a cursor while the endpoint stays", () => {
    const db = openDb(":memory:");
    syncSources(db, [{ name: "a", kind: "rss", config: { url: "http://127.0.0.1/a" } }, { name: "b", kind: "rss", config: { url: "http://127.0.0.1/b" } }], now);
    db.$client.prepare("update sources set cursor = ? where name in ('a','b')").run(JSON.stringify({ etag: '"x"' }));
    const rows = syncSources(db, [
      { name: "a", kind: "rss", config: { url: "http://127.0.0.1/a" }, schedule: "*/5 * * * *" },
      { name: "b", kind: "rss", config: { url: "http://127.0.0.1/b2" } },
    ], now);
    expect(rows.map((r) => [r.name, r.cursor, r.schedule])).toEqual([
      ["a", { etag: '"x"' }, "*/5 * * * *"],
      ["b", null, null],
    ]);
    syncSources(db, [{ name: "a", kind: "rss", config: { url: "http://127.0.0.1/a" } }], now);
    expect(listSources(db).map((r) => [r.name, r.enabled])).toEqual([["a", true], ["b", false]]);
  });

  it("migrates a new database file and reopens it without re-running migrations", () => {
    const path = tempDbPath();
    const first = openDb(path);
    syncSources(first, [{ name: "a", kind: "rss", config: {} }], now);
    first.$client.close();
    const second = openDb(path);
    expect(listSources(second).map((r) => r.name)).toEqual(["a"]);
    expect(second.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(second.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    second.$client.close();
  });
});
