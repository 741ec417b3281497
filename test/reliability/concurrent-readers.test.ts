/**
 * Readers while the daemon writes: `mentions`, `status`, `digest` and `export` run over and
 * over against the database a daemon process is filling, and none of them may fail (WAL lets
 * readers see the last commit; the busy timeout covers the moments a reader needs a lock).
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplayServer } from "../../src/replay/server.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { runEarshot } from "../helpers/cli.js";
import { hasBuiltCli, startCli } from "./child.js";
import { startCrashReplay, writeCrashWorkspace } from "./crash.js";

describe.skipIf(!hasBuiltCli())("concurrent readers while the daemon writes", () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    // 600 rows committed 2 at a time: the daemon keeps writing while the readers run.
    replay = await startCrashReplay(600);
  });
  afterAll(() => replay.close());

  it("never see an error, and every read is a consistent snapshot", async () => {
    const workspace = writeCrashWorkspace(replay.origin, { daemon: { jitterMaxMs: 0 } }, 2);
    // Load the command modules before the daemon starts, so the first read is not late.
    await runEarshot(["--version"], { cwd: workspace.dir });
    const daemon = startCli(["daemon"], { cwd: workspace.dir, env: workspace.env });
    const reads = { mentions: 0, status: 0, digest: 0, export: 0, direct: 0 };
    const failures: string[] = [];
    const seen: number[] = [];
    try {
      // Wait (bounded) for the daemon to have migrated the database: a reader opening a brand-new
      // file while the daemon migrates it races on CREATE TABLE (see the report on openDb).
      for (let i = 0; i < 2400 && !daemon.stderr().includes("daemon started"); i++) await new Promise((r) => setTimeout(r, 25));
      expect(existsSync(workspace.dbFile), daemon.stderr()).toBe(true);
      const deadline = Date.now() + 60_000;
      let previous = -1;
      let stable = 0;
      while (Date.now() < deadline && stable < 3) {
        // The direct read comes first: the CLI reads below take seconds on a busy machine, and
        // the first count must be sampled while the daemon is still writing.
        const db = openDb(workspace.dbFile, { readonly: true });
        try {
          const count = listMentions(db).length;
          reads.direct++;
          seen.push(count);
          stable = count === previous && count > 0 ? stable + 1 : 0;
          previous = count;
        } finally {
          closeDb(db);
        }
        for (const [name, args] of [
          ["mentions", ["mentions", "--json", "--limit", "100000"]],
          ["status", ["status", "--json"]],
          ["digest", ["digest", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "json"]],
          ["export", ["export", "--format", "jsonl"]],
        ] as const) {
          // The replay server shares this process: let it answer the daemon between reads.
          await new Promise((resolve) => setImmediate(resolve));
          const result = await runEarshot([...args], { cwd: workspace.dir, env: workspace.env });
          reads[name]++;
          if (result.code !== 0) failures.push(`${name} exited ${result.code}: ${result.stderr.slice(0, 300)}`);
        }
      }
    } finally {
      daemon.child.kill("SIGTERM");
    }
    const exit = await daemon.done;
    console.info(`concurrent readers: ${JSON.stringify(reads)}; mention counts seen ${JSON.stringify(seen)}`);
    expect(failures).toEqual([]);
    expect(seen.at(-1), exit.stderr.slice(-1000)).toBeGreaterThan(0);
    expect(exit.code, exit.stderr.slice(-500)).toBe(0);
    // Reads happened while writes were still going on, and counts only ever grew.
    expect(new Set(seen).size).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  }, 120_000);
});
