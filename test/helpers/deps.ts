import { createClassifier } from "../../src/classify/index.js";
import { createHttpClient } from "../../src/http/client.js";
import type { ScanDeps } from "../../src/pipeline/scan.js";
import { createSourceRegistry } from "../../src/sources/registry.js";
import type { Db } from "../../src/store/sqlite/db.js";
import { createSqliteStore } from "../../src/store/sqlite/store.js";
import type { Store } from "../../src/store/types.js";

/** A clock the test moves by hand. */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function createTestClock(iso = "2026-11-23T08:00:00Z"): TestClock {
  let current = new Date(iso).getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => void (current += ms),
    set: (at) => void (current = new Date(at).getTime()),
  };
}

/**
 * The production scan dependencies with test-friendly knobs: the HTTP client refuses every
 * non-loopback host (a forgotten base URL fails loudly) and retries without waiting.
 */
/** A SQLite test's `db` as the store the product code takes (the same connection). */
export function toStore(db: Db | Store): Store {
  return "backend" in db ? db : createSqliteStore(db);
}

export function createTestDeps(db: Db | Store, clock: TestClock = createTestClock(), overrides: Partial<ScanDeps> = {}): ScanDeps {
  return {
    store: toStore(db),
    http: createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test", headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 }),
    classifier: createClassifier(),
    sources: createSourceRegistry(),
    now: clock.now,
    ...overrides,
  };
}
