import { describe, expect, it } from "vitest";
import { computeNextCheck, defaultNextCheckPolicy, jitterFor, type NextCheckInput } from "../../src/daemon/next-check.js";

const now = new Date("2026-11-23T08:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("computeNextCheck", () => {
  it.each<[string, Partial<NextCheckInput>, number, string, boolean]>([
    // [case, input, expected delay from now, reason, failing]
    ["a healthy source follows its schedule", { scheduledAt: at(30 * MIN) }, 30 * MIN, "schedule", false],
    ["Retry-After later than the schedule wins", { scheduledAt: at(5 * MIN), retryAfterMs: 20 * MIN }, 20 * MIN, "server", false],
    ["Retry-After earlier than the schedule does not pull it forward", { scheduledAt: at(30 * MIN), retryAfterMs: MIN }, 30 * MIN, "schedule", false],
    ["a feed <ttl> longer than the schedule wins", { scheduledAt: at(5 * MIN), minNextCheckMs: HOUR }, HOUR, "server", false],
    ["first failure backs off by the base", { scheduledAt: at(10_000), consecutiveFailures: 1 }, MIN, "backoff", false],
    ["third failure backs off 4× the base", { scheduledAt: at(10_000), consecutiveFailures: 3 }, 4 * MIN, "backoff", false],
    ["a failing source is retried at the slowest rate", { scheduledAt: at(MIN), consecutiveFailures: 5 }, 6 * HOUR, "failing", true],
    ["everything is clamped to the maximum delay", { scheduledAt: at(MIN), retryAfterMs: 30 * 24 * HOUR }, 24 * HOUR, "server", false],
    ["a huge failure count stays finite", { scheduledAt: at(MIN), consecutiveFailures: 4 }, 8 * MIN, "backoff", false],
  ])("%s", (_case, input, delayMs, reason, failing) => {
    const result = computeNextCheck({ now, scheduledAt: now, consecutiveFailures: 0, ...input });
    expect(result).toEqual({ nextCheckAt: at(delayMs), reason, failing });
  });

  it("honours a custom policy", () => {
    const result = computeNextCheck({ now, scheduledAt: now, consecutiveFailures: 2 }, { ...defaultNextCheckPolicy, failingAfter: 2, failingIntervalMs: HOUR });
    expect(result).toMatchObject({ failing: true, nextCheckAt: at(HOUR) });
  });

  it("backoff never overflows even after thousands of failures", () => {
    const result = computeNextCheck({ now, scheduledAt: now, consecutiveFailures: 4000 }, { ...defaultNextCheckPolicy, failingAfter: 10_000 });
    expect(result.nextCheckAt).toEqual(at(24 * HOUR));
  });
});

describe("jitterFor", () => {
  it("is stable per source and within range", () => {
    expect(jitterFor("lt-reviews", 30_000)).toBe(jitterFor("lt-reviews", 30_000));
    for (const name of ["a", "b", "lt-reviews", "reddit:nordvik", "Ūkis"]) {
      const j = jitterFor(name, 30_000);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(30_000);
    }
    expect(jitterFor("anything", 0)).toBe(0);
  });

  it("spreads sources apart", () => {
    const offsets = new Set(Array.from({ length: 50 }, (_, i) => Math.floor(jitterFor(`source-${i}`, 30_000) / 1000)));
    expect(offsets.size).toBeGreaterThan(25);
  });
});
