import { createClassifier, parseTaxonomy, type TaxonomyInput } from "../classify/index.js";
import type { Config } from "../config/load.js";
import { loadOrCreateSecret, toSecretLocation } from "../config/secret.js";
import type { Classifier } from "../core/classification.js";
import { createHttpClient } from "../http/client.js";
import type { HttpClient } from "../http/types.js";
import { toSourceDeclarations } from "../pipeline/declare-sources.js";
import { createGroupedPageWriter } from "../pipeline/page-writer.js";
import { createWorkerPreparer, toAutoWorkerCount, type PagePreparer } from "../pipeline/prepare-pool.js";
import type { ScanDeps } from "../pipeline/scan.js";
import { createSourceRegistry, type SourceRegistry } from "../sources/registry.js";
import { closeDb, openDb, type Db } from "../store/db.js";
import { markAbandonedRuns } from "../store/runs.js";
import { syncSources, type SourceRow } from "../store/sources.js";

/** Everything a scanning command needs, built from one config; `close()` releases it all. */
export interface Runtime {
  db: Db;
  http: HttpClient;
  classifier: Classifier;
  registry: SourceRegistry;
  /** The configured sources as stored (cursors and scheduling state included). */
  sourceRows: SourceRow[];
  deps: ScanDeps;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Refuse every host but loopback: the demo and tests must never reach the internet. */
  loopbackOnly?: boolean;
  signal?: AbortSignal;
  now?: () => Date;
}

export function createClassifierFor(config: Config): Classifier {
  const taxonomy = toTaxonomyOf(config);
  return taxonomy === undefined ? createClassifier() : createClassifier({ taxonomy });
}

function toTaxonomyOf(config: Config): TaxonomyInput | undefined {
  return config.taxonomy === undefined ? undefined : parseTaxonomy(config.taxonomy, `${config.file ?? "config"}: taxonomy`);
}

/** Worker threads for redaction and classification (config `scan.workers`); none on a single core. */
function createPreparerFor(config: Config): PagePreparer | undefined {
  const workers = config.scan.workers === "auto" ? toAutoWorkerCount() : config.scan.workers;
  if (workers === 0) return undefined;
  const taxonomy = toTaxonomyOf(config);
  return createWorkerPreparer({ workers, ...(taxonomy ? { taxonomy } : {}) });
}

export function openRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const now = options.now ?? (() => new Date());
  const registry = createSourceRegistry();
  const declarations = toSourceDeclarations(config, registry);
  const classifier = createClassifierFor(config);
  const db = openDb(config.database);
  try {
    markAbandonedRuns(db, now());
    const sourceRows = syncSources(db, declarations, now());
    const http = createHttpClient({
      ...(config.contact ? { contact: config.contact } : {}),
      headersTimeoutMs: config.http.timeoutMs,
      bodyTimeoutMs: config.http.bodyTimeoutMs,
      maxBodyBytes: config.http.maxBodyBytes,
      perHostConcurrency: config.http.perHostConcurrency,
      loopbackOnly: options.loopbackOnly ?? false,
    });
    const preparer = createPreparerFor(config);
    const deps: ScanDeps = {
      db,
      http,
      classifier,
      ...(preparer ? { preparer } : {}),
      pageWriter: createGroupedPageWriter(db),
      sources: registry,
      now,
      sourceTimeoutMs: config.scan.sourceTimeoutMs,
      privacy: {
        redact: config.privacy.redact,
        keepAuthorHandles: config.privacy.keepAuthorHandles,
        authorKey: loadOrCreateSecret(toSecretLocation(config, process.cwd())),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    };
    return {
      db,
      http,
      classifier,
      registry,
      sourceRows,
      deps,
      async close() {
        await preparer?.close();
        await http.close();
        closeDb(db);
      },
    };
  } catch (error) {
    closeDb(db);
    throw error;
  }
}
