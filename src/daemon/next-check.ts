/** How the daemon spaces out checks of one source. All durations in ms. */
export interface NextCheckPolicy {
  /** No check is ever planned further out than this. Default 24 h. */
  maxDelayMs: number;
  /** First backoff after a failure; doubles with each consecutive failure. Default 60 s. */
  backoffBaseMs: number;
  /** Consecutive failures after which a source is `failing`. Default 5. */
  failingAfter: number;
  /** A failing source is retried at this slowest rate, never dropped. Default 6 h. */
  failingIntervalMs: number;
}

export const defaultNextCheckPolicy: NextCheckPolicy = {
  maxDelayMs: 24 * 3_600_000,
  backoffBaseMs: 60_000,
  failingAfter: 5,
  failingIntervalMs: 6 * 3_600_000,
};

export interface NextCheckInput {
  now: Date;
  /** The schedule's next fire time (cron, in the config time zone). */
  scheduledAt: Date;
  /** Consecutive failures including the run just finished (0 after a success). */
  consecutiveFailures: number;
  /** Server-imposed delay: Retry-After on 429/503 (seconds or HTTP date, already in ms). */
  retryAfterMs?: number;
  /** Server-advised freshness: feed <ttl>, Cache-Control max-age. */
  minNextCheckMs?: number;
}

export interface NextCheck {
  nextCheckAt: Date;
  /** The source failed `failingAfter` times in a row: shown loudly in `status`. */
  failing: boolean;
  /** Which rule decided, for logs: schedule, server, backoff or failing. */
  reason: "schedule" | "server" | "backoff" | "failing";
}

/**
 * The later of the schedule and every delay the server or the failure history imposes,
 * clamped to `maxDelayMs` from now. Pure: the daemon calls it after every run.
 */
export function computeNextCheck(input: NextCheckInput, policy: NextCheckPolicy = defaultNextCheckPolicy): NextCheck {
  const now = input.now.getTime();
  const failing = input.consecutiveFailures >= policy.failingAfter;
  const candidates: Array<[number, NextCheck["reason"]]> = [[input.scheduledAt.getTime(), "schedule"]];
  const serverDelay = Math.max(input.retryAfterMs ?? 0, input.minNextCheckMs ?? 0);
  if (serverDelay > 0) candidates.push([now + serverDelay, "server"]);
  if (failing) candidates.push([now + policy.failingIntervalMs, "failing"]);
  else if (input.consecutiveFailures > 0) {
    // 2^20 × base is far past any clamp; capping the exponent keeps the number finite.
    const backoff = policy.backoffBaseMs * 2 ** Math.min(input.consecutiveFailures - 1, 20);
    candidates.push([now + backoff, "backoff"]);
  }
  let [at, reason] = candidates.reduce((latest, c) => (c[0] > latest[0] ? c : latest));
  if (at > now + policy.maxDelayMs) at = now + policy.maxDelayMs;
  return { nextCheckAt: new Date(at), failing, reason };
}

/**
 * Deterministic per-source delay in [0, maxMs): sources sharing a schedule (and often a host)
 * fire apart, and the same source always gets the same offset, so runs stay evenly spaced.
 */
export function jitterFor(sourceName: string, maxMs: number): number {
  if (maxMs <= 0) return 0;
  // FNV-1a: tiny, well-spread, stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < sourceName.length; i++) {
    hash ^= sourceName.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % maxMs;
}
