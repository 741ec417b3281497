import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDbPath, tempDir } from "../helpers/temp.js";
import { seedDashboardStore } from "../web/seed.js";

/** Starts `earshot <argv>` in-process, waits until `ready` finds the URL on stderr, then stops it with its signal. */
async function whileServing(argv: string[], ready: RegExp, use: (url: string) => Promise<void>, cwd = tempDir()): Promise<{ code: number; stderr: string }> {
  const controller = new AbortController();
  let stderr = "";
  let found: (url: string) => void;
  const url = new Promise<string>((resolve) => (found = resolve));
  const io: CliIo = {
    stdout: () => {},
    stderr: (text) => {
      stderr += text;
      const match = ready.exec(stderr);
      if (match) found(match[1]!);
    },
    env: {},
    cwd,
    exitCode: 0,
    signal: controller.signal,
  };
  const running = runCli(argv, io);
  try {
    await use(await Promise.race([url, running.then(() => Promise.reject(new Error(`stopped early: ${stderr}`)))]));
  } finally {
    controller.abort(new Error("test done"));
  }
  return { code: await running, stderr };
}

describe("earshot serve", () => {
  it("serves the database until its signal, then exits 0", async () => {
    const path = tempDbPath();
    seedDashboardStore(path);
    const result = await whileServing(["serve", "--db", path, "--listen", "127.0.0.1:0"], /earshot serve: (http:\/\/127\.0\.0\.1:\d+)\//u, async (url) => {
      const page = await fetch(`${url}/mentions?q=siunta`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("vėluoja");
    });
    expect(result.code).toBe(0);
  });

  it("refuses a non-loopback address without EARSHOT_UI_TOKEN (exit 2)", async () => {
    const result = await runEarshot(["serve", "--db", tempDbPath(), "--listen", "0.0.0.0:0"], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("EARSHOT_UI_TOKEN");
  });

  it("daemon --ui serves the dashboard beside the scheduler", async () => {
    const path = tempDbPath();
    seedDashboardStore(path);
    const cwd = tempDir();
    writeFileSync(join(cwd, "earshot.yaml"), `database: ${JSON.stringify(path)}\nsources: []\n`);
    const result = await whileServing(["daemon", "--ui", "127.0.0.1:0"], /"listen":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*serving the dashboard/u, async (url) => {
      expect((await fetch(`${url}/sources`)).status).toBe(200);
    }, cwd);
    expect(result.code).toBe(0);
  });
});
