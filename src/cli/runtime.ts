import { setFlagsFromString } from "node:v8";
import { createClassifier, parseTaxonomy, type TaxonomyInput } from "../classify/index.js";
import type { Config } from "../config/load.js";
import { loadOrCreateSecret, toSecretLocation } from "../config/secret.js";
import type { Classifier } from "../core/classification.js";
import { createHttpClient } from "../http/client.js";
import type { HttpClient } from "../http/types.js";
import { createBrandMatcher } from "../pipeline/brand-accounts.js";
import { toThreadCheckOptions, type ThreadCheckDeps, type ThreadCheckOptions } from "../pipeline/check-threads.js";
import { toSourceDeclarations } from "../pipeline/declare-sources.js";
import { createGroupedPageWriter } from "../pipeline/page-writer.js";
import { createWorkerPreparer, toAutoWorkerCount, type PagePreparer } from "../pipeline/prepare-pool.js";
import type { ScanDeps } from "../pipeline/scan.js";
import { createSourceRegistry, type SourceRegistry } from "../sources/registry.js";
import { openStore } from "../store/open.js";
import type { SourceRow, Store } from "../store/types.js";

/** Everything a scanning command needs, built from one config; `close()` releases it all. */
export interface Runtime {
  store: Store;
  http: HttpClient;
  classifier: Classifier;
  registry: SourceRegistry;
  /** The configured sources as stored (cursors and scheduling state included). */
  sourceRows: SourceRow[];
  deps: ScanDeps;
  /** Thread checks for brand responses (issue 13), with the same HTTP client and clock as scans. */
  threads: { deps: ThreadCheckDeps; options: ThreadCheckOptions };
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Refuse every host but loopback: the demo and tests must never reach the internet. */
  loopbackOnly?: boolean;
  signal?: AbortSignal;
  now?: () => Date;
  /**
   * Worker threads `scan.workers: auto` stands for. Default: one fewer than the CPU cores, at
   * most 4. A number in the config is used as it is.
   */
  autoWorkers?: number;
}

export function createClassifierFor(config: Config): Classifier {
  const taxonomy = toTaxonomyOf(config);
  return createClassifier({ model: config.classifier.model, ...(taxonomy ? { taxonomy } : {}) });
}

function toTaxonomyOf(config: Config): TaxonomyInput | undefined {
  return config.taxonomy === undefined ? undefined : parseTaxonomy(config.taxonomy, `${config.file ?? "config"}: taxonomy`);
}

/** Worker threads for redaction and classification (config `scan.workers`); none on a single core. */
function createPreparerFor(config: Config, taxonomy: TaxonomyInput | undefined, autoWorkers = toAutoWorkerCount()): PagePreparer | undefined {
  const workers = config.scan.workers === "auto" ? autoWorkers : config.scan.workers;
  if (workers === 0) return undefined;
  return createWorkerPreparer({ workers, model: config.classifier.model, ...(taxonomy ? { taxonomy } : {}) });
}

/**
 * How far V8 may grow its old generation past what survived the last full collection, in %.
 * Left alone, V8 lets a process that allocates steadily (a scan: ~1 MB of strings per page) grow
 * it to up to 4× the live heap, and raises that limit as the run goes on: the live heap of a scan
 * stays at ~40 MB (main thread) + ~25 MB (worker), yet the peak RSS was 278 MB after 10,000
 * mentions and 368 MB after 100,000, and the daemon reached 359 MB after 1,000 runs. At 30% the
 * peak no longer depends on the run's length, for a few more full collections (~20 ms each,
 * ~0.3 s per 30,000 mentions). docs/performance.md, memory.
 */
const HEAP_GROWING_PERCENT = 30;

/**
 * Applies HEAP_GROWING_PERCENT to this process (worker threads included: V8 flags are
 * process-wide). V8's heap controller reads it at every full collection, so setting it once the
 * process runs is enough; node's `--max-old-space-size` would be a crash threshold, not a pace.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * A classifier built on first use. With worker threads (scan.workers) the scanning thread never
 * classifies, and building one adds ~20 MB (compiled lexicons, matchers, taxonomy) that thread
 * would carry for nothing, part of it live heap V8 then multiplies (docs/performance.md, memory).
 */
function createLazyClassifier(create: () => Classifier): Classifier {
  let built: Classifier | undefined;
  const get = () => (built ??= create());
  return {
    get version() {
      return get().version;
    },
    classify: (input) => get().classify(input),
    stageOf: (topic) => get().stageOf(topic),
  };
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  limitHeapGrowth();
  const now = options.now ?? (() => new Date());
  const registry = createSourceRegistry();
  const declarations = toSourceDeclarations(config, registry);
  // Parsed now so a bad taxonomy fails here, not in the middle of a scan; compiled when first used.
  const taxonomy = toTaxonomyOf(config);
  const classifier = createLazyClassifier(() => createClassifier({ model: config.classifier.model, ...(taxonomy ? { taxonomy } : {}) }));
  const store = await openStore(config.database, { rawStorage: config.storage.raw });
  try {
    // In a cluster other hosts are scanning right now: only runs older than the longest a scan
    // may take (scan.sourceTimeoutMs) are certainly abandoned.
    await store.markAbandonedRuns(now(), store.backend === "postgres" ? new Date(now().getTime() - config.scan.sourceTimeoutMs) : undefined);
    const sourceRows = await store.syncSources(declarations, now());
    const http = createHttpClient({
      ...(config.contact ? { contact: config.contact } : {}),
      headersTimeoutMs: config.http.timeoutMs,
      bodyTimeoutMs: config.http.bodyTimeoutMs,
      maxBodyBytes: config.http.maxBodyBytes,
      perHostConcurrency: config.http.perHostConcurrency,
      loopbackOnly: options.loopbackOnly ?? false,
    });
    const preparer = createPreparerFor(config, taxonomy, options.autoWorkers);
    const deps: ScanDeps = {
      store,
      http,
      classifier,
      ...(preparer ? { preparer } : {}),
      pageWriter: createGroupedPageWriter(store),
      sources: registry,
      now,
      sourceTimeoutMs: config.scan.sourceTimeoutMs,
      brand: createBrandMatcher(config.brand.accounts),
      privacy: {
        redact: config.privacy.redact,
        keepAuthorHandles: config.privacy.keepAuthorHandles,
        authorKey: loadOrCreateSecret(toSecretLocation(config, process.cwd())),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const threadDeps: ThreadCheckDeps = { store, http, sources: registry, brand: deps.brand!, redact: config.privacy.redact, now, ...(options.signal ? { signal: options.signal } : {}) };
    return {
      store,
      http,
      classifier,
      registry,
      sourceRows,
      deps,
      threads: { deps: threadDeps, options: toThreadCheckOptions(config.responses) },
      async close() {
        await preparer?.close();
        await http.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
