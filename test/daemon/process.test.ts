import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { checkIntegrity, closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { listRuns } from "../../src/store/sqlite/runs.js";
import { tempDir } from "../helpers/temp.js";

// These tests run the built CLI (`npm test` builds first) as a real process, because signals
// and kill -9 are about processes.
const cli = resolve(import.meta.dirname, "../../dist/cli/main.js");

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startDaemonProcess(configFile: string): Running {
  const child = spawn(process.execPath, [cli, "daemon", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolveExit) => child.on("exit", (code, signal) => resolveExit(code ?? (signal ? -1 : null))));
  return { child, stderr: () => stderr, exited };
}

/** Waits until the daemon logged its start: before that, a signal may arrive before its handlers exist. */
async function waitForStart(daemon: Running, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!daemon.stderr().includes('"daemon started"')) {
    if (Date.now() > deadline) throw new Error(`the daemon did not start within ${timeoutMs} ms: ${daemon.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls the database (read through the product's own store) until `check` holds; bounded. */
async function waitForDb(dbFile: string, check: (db: ReturnType<typeof openDb>) => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(dbFile)) {
      const db = openDb(dbFile);
      try {
        if (check(db)) return;
      } finally {
        closeDb(db);
      }
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("earshot daemon as a process", () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    expect(existsSync(cli), "run `npm run build` first (npm test does)").toBe(true);
    replay = await startReplay({
      "/fi.atom": { fixture: "rss/demo-fi-atom", delayMs: 200 },
      "/en.json": { fixture: "rss/demo-en-json-feed", delayMs: 200 },
      "/ru.xml": { fixture: "rss/demo-ru-windows-1251", delayMs: 200 },
    });
  });
  afterAll(() => replay.close());

  function writeConfig(): { dir: string; configFile: string; dbFile: string } {
    const dir = tempDir();
    const configFile = join(dir, "earshot.yaml");
    writeFileSync(
      configFile,
      [
        "database: ./earshot.db",
        "daemon:",
        "  jitterMaxMs: 0",
        "  shutdownGraceMs: 5000",
        "sources:",
        ...["fi.atom", "en.json", "ru.xml"].map((path) => `  - name: ${path}\n    kind: rss\n    url: ${replay.url(`/${path}`)}\n    schedule: "*/2 * * * * *"`),
        "",
      ].join("\n"),
    );
    return { dir, configFile, dbFile: join(dir, "earshot.db") };
  }

  it("exits 0 on SIGTERM with a consistent database and releases its lock", async () => {
    const { configFile, dbFile } = writeConfig();
    const daemon = startDaemonProcess(configFile);
    await waitForDb(dbFile, (db) => listRuns(db).some((r) => r.status === "ok"));
    daemon.child.kill("SIGTERM");
    expect(await daemon.exited).toBe(0);
    const db = openDb(dbFile);
    expect(checkIntegrity(db)).toBe("ok");
    expect(listRuns(db).filter((r) => r.status === "running")).toEqual([]);
    closeDb(db);
    expect(existsSync(`${dbFile}.lock`)).toBe(false);
    expect(daemon.stderr()).toContain('"msg":"daemon stopped"');
  });

  it("refuses a second daemon on the same database", async () => {
    const { configFile, dbFile } = writeConfig();
    const first = startDaemonProcess(configFile);
    await waitForDb(dbFile, () => existsSync(`${dbFile}.lock`));
    const second = startDaemonProcess(configFile);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(/another earshot daemon \(pid \d+/);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
  });

  it("loses nothing and duplicates nothing across a kill -9 and a restart", async () => {
    const { configFile, dbFile } = writeConfig();
    const first = startDaemonProcess(configFile);
    await waitForDb(dbFile, (db) => listMentions(db).length > 0);
    first.child.kill("SIGKILL");
    await first.exited;
    // The stale lock of the killed daemon is taken over by the next start.
    expect(existsSync(`${dbFile}.lock`)).toBe(true);
    const second = startDaemonProcess(configFile);
    await waitForStart(second);
    await waitForDb(dbFile, (db) => listMentions(db).length === 26);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    const db = openDb(dbFile);
    const ids = listMentions(db).map((m) => `${m.sourceId}/${m.externalId}`);
    expect(new Set(ids).size).toBe(26);
    expect(checkIntegrity(db)).toBe("ok");
    expect(listRuns(db).filter((r) => r.status === "running")).toEqual([]);
    closeDb(db);
  });
});
