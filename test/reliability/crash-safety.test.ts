import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplayServer } from "../../src/replay/server.js";
import { hasBuiltCli } from "./child.js";
import { runCrashSeries, runReference, startCrashReplay } from "./crash.js";

// A handful of kills keeps `npm test` fast; `npm run crash-safety` runs 50+ (scripts/crash-safety.ts).
describe.skipIf(!hasBuiltCli())("earshot scan killed with SIGKILL and run again", () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    replay = await startCrashReplay();
  });
  afterAll(() => replay.close());

  it("ends with exactly the mentions of an uninterrupted scan and a sound database", async () => {
    const reference = await runReference(replay);
    expect(reference.state.integrity).toBe("ok");
    expect(reference.state.mentions.length).toBeGreaterThan(300);
    const seed = Number(process.env.EARSHOT_CRASH_SEED ?? 20261123);
    const result = await runCrashSeries({ replay, reference: reference.state, trials: 1, killsPerTrial: 3, seed, requestsPerScan: reference.requestsPerScan });
    console.info(`crash safety (seed ${seed}): ${JSON.stringify(result)}`);
    expect(result.mismatches).toEqual([]);
    expect(result.kills).toBe(3);
  }, 180_000);
});
