import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../src/config/load.js";
import type { Logger } from "../../src/core/log.js";
import { createDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createPgBossDispatch, type ScanDispatch } from "../../src/daemon/work-queue.js";
import { scanSource } from "../../src/pipeline/scan.js";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";
import { openPostgresStore } from "../../src/store/postgres/store.js";
import { openSqliteStore } from "../../src/store/sqlite/store.js";
import type { ScanRunRow, Store } from "../../src/store/types.js";
import { createTestClock, createTestDeps } from "../helpers/deps.js";
import { createTestDatabase, pgAvailable, pgSkipReason } from "../helpers/postgres.js";

const FEEDS = ["rss/demo-lt-windows-1257", "rss/demo-ru-windows-1251", "rss/demo-fi-atom", "rss/demo-en-json-feed"];
const SOURCES = 12;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** No two runs of one source overlap in time (each run: [startedAt, finishedAt]). */
function overlappingRuns(runs: readonly ScanRunRow[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const bySource = new Map<number, ScanRunRow[]>();
  for (const run of runs) bySource.set(run.sourceId, [...(bySource.get(run.sourceId) ?? []), run]);
  for (const list of bySource.values()) {
    const sorted = [...list].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    for (let i = 1; i < sorted.length; i++) if (sorted[i]!.startedAt < (sorted[i - 1]!.finishedAt ?? new Date(8.64e15))) found.push([sorted[i - 1]!.id, sorted[i]!.id]);
  }
  return found;
}

describe.skipIf(!pgAvailable)("two daemons sharing one PostgreSQL through pg-boss", () => {
  let replay: ReplayServer;
  let database: { url: string; drop(): Promise<void> };
  let config: Config;
  const expected = new Map<string, number>();
  // One clock for both hosts, as NTP gives real ones.
  const clock = createTestClock();

  beforeAll(async () => {
    const routes: Record<string, { fixture: string; delayMs: number }> = {};
    for (let i = 0; i < SOURCES; i++) routes[`/feed-${i}`] = { fixture: FEEDS[i % FEEDS.length]!, delayMs: 50 };
    replay = await startReplay(routes);
    database = await createTestDatabase();
    config = parseConfig(
      {
        database: database.url,
        daemon: { jitterMaxMs: 0, defaultSchedule: "0 0 1 1 *" },
        scan: { concurrency: 2 },
        sources: Array.from({ length: SOURCES }, (_, i) => ({ name: `feed-${i}`, kind: "rss", url: replay.url(`/feed-${i}`) })),
      },
      null,
      "/",
    );
    // What one process scanning each feed once stores: the count each source must end with.
    const reference = openSqliteStore(":memory:");
    const deps = createTestDeps(reference);
    for (const row of await reference.syncSources(config.sources.map((s) => ({ name: s.name, kind: s.kind, config: s.options })), new Date())) {
      expected.set(row.name, (await scanSource(deps, row)).added);
    }
    await deps.http.close();
    await reference.close();
  });
  afterAll(async () => {
    await replay.close();
    await database.drop();
  });

  async function startHost(): Promise<{ store: Store; daemon: Daemon; dispatch: ScanDispatch; close(): Promise<void> }> {
    const store = await openPostgresStore(database.url);
    const dispatch = await createPgBossDispatch({ url: database.url, concurrency: config.scan.concurrency, slotMs: 1_000, pollMs: 500 });
    const deps = createTestDeps(store, clock);
    const daemon = createDaemon({ deps, config, log: quiet, dispatch });
    return {
      store,
      daemon,
      dispatch,
      async close() {
        await daemon.stop(2_000);
        await deps.http.close();
        await store.close();
      },
    };
  }

  async function waitForRuns(store: Store, count: number): Promise<ScanRunRow[]> {
    for (;;) {
      const runs = await store.listRuns(undefined, 1_000);
      if (runs.filter((r) => r.status !== "running").length >= count) return runs;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("scans every source once per slot, never one source on both hosts at once, and stores every item once", { timeout: 60_000 }, async () => {
    const hosts = [await startHost(), await startHost()];
    try {
      // Both hosts start and find every source due: each source becomes one job, not two.
      await Promise.all(hosts.map((h) => h.daemon.start()));
      const first = await waitForRuns(hosts[0]!.store, SOURCES);
      expect(first).toHaveLength(SOURCES);
      // A day later, in a new slot: both hosts' cron ticks fire every source again.
      clock.advance(2 * 86_400_000);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await Promise.all(hosts.flatMap((h) => config.sources.map((s) => h.daemon.fire(s.name))));
      const runs = await waitForRuns(hosts[0]!.store, 2 * SOURCES);
      expect(runs).toHaveLength(2 * SOURCES);
      expect(runs.every((r) => r.status === "ok" || r.status === "not_modified")).toBe(true);
      expect(overlappingRuns(runs)).toEqual([]);
      const counts = new Map((await hosts[0]!.store.countMentionsBySource()).map((c) => [c.sourceName, c.mentions]));
      expect(counts).toEqual(expected);
      expect((await hosts[1]!.dispatch.depths()).deadLetters).toBe(0);
    } finally {
      for (const h of hosts) await h.close();
    }
  });
});

if (!pgAvailable) {
  describe.skip(`two daemons sharing one PostgreSQL (skipped: ${pgSkipReason})`, () => {
    it("runs with EARSHOT_TEST_PG_URL set", () => undefined);
  });
}
