import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

describe("earshot scan / mentions", () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    replay = await startReplay({
      "/ru.xml": { fixture: "rss/demo-ru-windows-1251" },
      "/fi.atom": { fixture: "rss/demo-fi-atom" },
      "/down.xml": { status: 500, body: "boom" },
    });
  });
  afterAll(() => replay.close());

  function writeConfig(sources: string): string {
    const dir = tempDir();
    writeFileSync(join(dir, "earshot.yaml"), `database: ./earshot.db\ntimezone: Europe/Vilnius\nsources:\n${sources}`);
    return dir;
  }

  it("scans a feed served on localhost once: the second run adds nothing", async () => {
    const dir = writeConfig(`  - name: ru\n    kind: rss\n    url: ${replay.url("/ru.xml")}\n`);
    const first = await runEarshot(["scan", "--config", join(dir, "earshot.yaml"), "--json"], { cwd: dir });
    const second = await runEarshot(["scan", "--json"], { cwd: dir });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const line = JSON.parse(first.stdout.trim());
    expect(line).toMatchObject({ source: "ru", status: "ok", fetched: 8, added: 8, errors: 0 });
    expect(typeof line.durationMs).toBe("number");
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout.trim())).toMatchObject({ source: "ru", added: 0 });

    const listed = await runEarshot(["mentions", "--json", "--complaints", "--topic", "delivery"], { cwd: dir });
    expect(listed.code).toBe(0);
    const rows = listed.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => r.externalId)).toContain("ru-2001");
    expect(rows.every((r) => r.complaint && r.topics.includes("delivery"))).toBe(true);
  });

  it("exits 1 when a source fails and still scans the others", async () => {
    const dir = writeConfig(`  - name: down\n    kind: rss\n    url: ${replay.url("/down.xml")}\n  - name: fi\n    kind: rss\n    url: ${replay.url("/fi.atom")}\n`);
    const result = await runEarshot(["scan", "--json"], { cwd: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.find((l) => l.source === "down")).toMatchObject({ status: "failed", error: expect.stringMatching(/^down: .*500/) });
    expect(lines.find((l) => l.source === "fi")).toMatchObject({ status: "ok", added: 8 });
  });

  it("scans only the sources named with --source, and refuses unknown names with exit 2", async () => {
    const dir = writeConfig(`  - name: down\n    kind: rss\n    url: ${replay.url("/down.xml")}\n  - name: fi\n    kind: rss\n    url: ${replay.url("/fi.atom")}\n`);
    const only = await runEarshot(["scan", "--source", "fi", "--json"], { cwd: dir });
    expect(only.code).toBe(0);
    expect(only.stdout.trim().split("\n")).toHaveLength(1);
    const unknown = await runEarshot(["scan", "--source", "nope"], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no source named "nope"');
  });

  it("exits 2 with the file and field on a config error", async () => {
    const dir = writeConfig(`  - name: bad\n    kind: rss\n    url: not a url\n`);
    const result = await runEarshot(["scan"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, "earshot.yaml")}: sources[0].url`);
  });

  it("exits 2 on an unknown option", async () => {
    const result = await runEarshot(["mentions", "--nope"], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--nope'/);
  });

  it("prints mentions as formula-safe CSV with a BOM", async () => {
    const dir = writeConfig(`  - name: fi\n    kind: rss\n    url: ${replay.url("/fi.atom")}\n`);
    await runEarshot(["scan"], { cwd: dir });
    const csv = await runEarshot(["mentions", "--csv", "--lang", "fi"], { cwd: dir });
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith("\uFEFFid,source,externalId")).toBe(true);
    expect(csv.stdout.split("\r\n").filter(Boolean)).toHaveLength(9);
  });
});

/** A port nothing listens on right now, so both demo runs get the same recorded URLs. */
async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("earshot demo", () => {
  it("scans the recorded feeds offline and prints mentions per source and complaints per topic", async () => {
    const dir = tempDir();
    const port = String(await findFreePort());
    const result = await runEarshot(["demo", "--port", port], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/lt-reviews\s+10\s+\d+/);
    expect(result.stdout).toContain("Complaints per topic");
    expect(result.stdout).toMatch(/delivery\s+after_sales\s+\d+/);
    // Brand replies recorded on five kinds (reddit, mastodon, bluesky, hackernews threads; Play developer responses).
    expect(result.stdout).toMatch(/Brand responses to complaints, 2026-W47 \(reddit, mastodon, bluesky, hackernews, google-play measured; SLA 24 h\)/);
    expect(result.stdout).toMatch(/Social\s+9\s+11\.1%\s+0\.8 h/);
    expect(result.stdout).toMatch(/Reviews\s+\d+\s+not measurable\s+not measurable/);
    const again = await runEarshot(["demo", "--port", port], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/lt-reviews\s+10\s+/);
    expect(again.stdout).not.toMatch(/added [1-9]/);
  });
});
