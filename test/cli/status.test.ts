import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

describe("earshot status", () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    replay = await startReplay({ "/fi.atom": { fixture: "rss/demo-fi-atom" }, "/down.xml": { status: 500, body: "boom" } });
  });
  afterAll(() => replay.close());

  it("reports each source's last run, result, additions, failures and last error", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "earshot.yaml"),
      `database: ./earshot.db\ndaemon:\n  failingAfter: 2\nsources:\n  - name: fi\n    kind: rss\n    url: ${replay.url("/fi.atom")}\n  - name: down\n    kind: rss\n    url: ${replay.url("/down.xml")}\n`,
    );
    await runEarshot(["scan"], { cwd: dir });
    await runEarshot(["scan", "--source", "down"], { cwd: dir });

    const json = await runEarshot(["status", "--json"], { cwd: dir });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.source)).toEqual(["down", "fi"]);
    expect(rows[1]).toMatchObject({ kind: "rss", lastStatus: "ok", added: 8, consecutiveFailures: 0, failing: false, lastError: null });
    expect(rows[0]).toMatchObject({ lastStatus: "failed", added: 0, consecutiveFailures: 2, failing: true, lastError: expect.stringMatching(/^down: .*500/) });
    for (const row of rows) for (const key of ["source", "kind", "lastRunAt", "lastStatus", "added", "nextCheckAt", "consecutiveFailures", "lastError"]) expect(row).toHaveProperty(key);

    const table = await runEarshot(["status"], { cwd: dir });
    expect(table.stdout).toMatch(/down\s+rss\s+\S+ \S+\s+FAILING/);
    expect(table.stdout).toContain("1 source(s) FAILING (2+ consecutive failures): down");
  });
});
