/**
 * Plants secrets where earshot reads them (a Bluesky app password, a Mastodon token, an SMTP
 * password, the session JWT the server hands back) and greps every output of a full run for
 * them: stdout and stderr of each command, the database file and its WAL, status, mentions as
 * JSON/CSV/table, the export, the digest, purge and forget. The run includes failures (a
 * refused login, a 500) because error paths are where secrets usually leak.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixture, startReplay, type ReplayServer } from "../../src/replay/server.js";
import { runEarshot } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { hasBuiltCli, runCliProcess, type ChildResult } from "./child.js";

const PLANTED = {
  BLUESKY_APP_PASSWORD: "planted-bsky-app-pw-4f9c-2kq7-x1z8",
  BLUESKY_BAD_PASSWORD: "planted-bsky-wrong-pw-77aa-19bd",
  MASTODON_TOKEN: "planted-mastodon-token-Zq8r0Lw3Pk",
  EARSHOT_SMTP_PASSWORD: "planted-smtp-password-Hh61Ts02",
};

describe.skipIf(!hasBuiltCli())("a planted secret never appears in any output of a full run", () => {
  let replay: ReplayServer;
  let refusing: ReplayServer;
  let sessionJwt: string;

  beforeAll(async () => {
    sessionJwt = (JSON.parse((await loadFixture("bluesky/session")).body.toString("utf8")) as { accessJwt: string }).accessJwt;
    replay = await startReplay({
      "/xrpc/com.atproto.server.createSession": { fixture: "bluesky/session" },
      "/xrpc/app.bsky.feed.searchPosts": { fixture: "bluesky/search-nordvik-1" },
      "/xrpc/app.bsky.feed.searchPosts?q=%22Nordvik%22&sort=latest&limit=100&cursor=5": { fixture: "bluesky/search-nordvik-2" },
      "/api/v1/timelines/tag/nordvik": { status: 500, body: "internal error" },
      "/api/v2/search": { status: 500, body: "internal error" },
    });
    refusing = await startReplay({ "/xrpc/com.atproto.server.createSession": { status: 401, body: '{"error":"AuthenticationRequired","message":"Invalid identifier or password"}', headers: { "content-type": "application/json" } } });
  });
  afterAll(async () => {
    await replay.close();
    await refusing.close();
  });

  it("leaks nothing through scan, status, mentions, export, digest, purge and forget", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "earshot.yaml"),
      [
        "database: ./earshot.db",
        "brand:",
        "  terms: [Nordvik]",
        "sources:",
        "  - name: bluesky",
        "    kind: bluesky",
        `    service: ${replay.origin}`,
        "  - name: bluesky-refused",
        "    kind: bluesky",
        `    service: ${refusing.origin}`,
        "    passwordEnv: BLUESKY_BAD_PASSWORD",
        "  - name: mastodon",
        "    kind: mastodon",
        `    instance: ${replay.origin}`,
        "    tokenEnv: MASTODON_TOKEN",
        "    tags: [nordvik]",
        "    search: true",
        "",
      ].join("\n"),
    );
    const env = { ...PLANTED, BLUESKY_IDENTIFIER: "nordvik-monitor.bsky.social", EARSHOT_CONFIG: join(dir, "earshot.yaml") };
    const run = (args: string[]) => runCliProcess(args, { cwd: dir, env });

    const outputs: Array<[string, Pick<ChildResult, "stdout" | "stderr">]> = [];
    // Scans run as real processes (the sources read process.env; logs go to the real stderr);
    // the read-side commands run in-process to keep the test fast.
    const scan = await run(["scan", "--json"]);
    outputs.push(["scan", scan]);
    // The run did reach the failure paths: the refused login and the 500 are reported.
    expect(scan.code, scan.stderr).toBe(1);
    expect(scan.stdout).toMatch(/"source":"bluesky","kind":"bluesky".*"status":"ok"/u);
    expect(scan.stdout).toMatch(/"source":"bluesky-refused".*"status":"failed"/u);
    expect(scan.stdout).toMatch(/"source":"mastodon".*"status":"failed"/u);
    // The server did receive the password and the token: the test would notice a leak.
    expect(replay.requests.some((r) => r.body.includes(PLANTED.BLUESKY_APP_PASSWORD))).toBe(true);
    expect(replay.requests.some((r) => String(r.headers.authorization).includes(PLANTED.MASTODON_TOKEN))).toBe(true);

    outputs.push(["scan (again, table output)", await run(["scan"])]);
    for (const args of [
      ["status", "--json"],
      ["status"],
      ["mentions", "--json", "--limit", "1000"],
      ["mentions", "--csv", "--limit", "1000"],
      ["mentions", "--limit", "1000"],
      ["export", "--format", "jsonl"],
      ["export", "--format", "csv", "--out", "export.csv"],
      ["digest", "--from", "2000-01-01", "--to", "2100-01-01"],
      ["digest", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "html", "--out", "digest.html"],
      ["purge", "--days", "36500", "--json"],
      ["forget", "--author", "nobody.example", "--json"],
    ]) {
      outputs.push([args.join(" "), await runEarshot(args, { cwd: dir, env })]);
    }
    const mentions = outputs.find(([name]) => name.startsWith("mentions --json"))![1];
    expect(mentions.stdout.trim().split("\n").length).toBeGreaterThan(0);

    const secrets = [...Object.values(PLANTED), sessionJwt];
    for (const [name, result] of outputs) {
      for (const secret of secrets) {
        expect(result.stdout.includes(secret), `${name} stdout`).toBe(false);
        expect(result.stderr.includes(secret), `${name} stderr`).toBe(false);
      }
    }
    // Every file the run wrote: the database, its WAL and shared memory, the export, the digest.
    const files = readdirSync(dir).filter((f) => !f.endsWith(".secret") && f !== "earshot.yaml");
    expect(files).toContain("earshot.db");
    for (const file of files.map((f) => join(dir, f)).filter((f) => existsSync(f))) {
      const bytes = readFileSync(file);
      for (const secret of secrets) expect(bytes.includes(secret), `${file} contains a planted secret`).toBe(false);
    }
  }, 120_000);
});
