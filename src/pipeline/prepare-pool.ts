/**
 * Where a page's items are prepared (redacted, pseudonymised, classified): in the scanning
 * thread, or in worker threads so one core fetches, parses and stores while the others classify.
 * Classification is most of a scan's CPU (docs/performance.md, ingest), and a JS thread uses one
 * core: on a 2-core machine a worker nearly doubles ingest.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TaxonomyInput } from "../classify/index.js";
import type { Classifier } from "../core/classification.js";
import { preparePage, type PreparedPage, type PrepareInput } from "./prepare.js";

export interface PagePreparer {
  prepare(input: PrepareInput): Promise<PreparedPage>;
  /** Stops the workers; pages still queued are rejected. */
  close(): Promise<void>;
}

/** Prepares pages in the calling thread. */
export function createInlinePreparer(classifier: Classifier): PagePreparer {
  return {
    prepare: async (input) => preparePage(classifier, input),
    close: async () => {},
  };
}

/** `scan.workers: auto`: one core stays with the scanning thread (HTTP, parsing, SQLite). */
export function toAutoWorkerCount(cores = availableParallelism()): number {
  return Math.max(0, Math.min(4, cores - 1));
}

export interface WorkerPreparerOptions {
  workers: number;
  /** The taxonomy the scanning thread's classifier was built with: workers build the same classifier. */
  taxonomy?: TaxonomyInput;
  /** The model choice (`builtin`, `none` or a file) of that classifier. */
  model?: string;
}

/** What a worker is given at start. */
export interface PrepareWorkerData {
  taxonomy?: TaxonomyInput;
  model?: string;
}

export type PrepareRequest = { id: number; input: PrepareInput };
export type PrepareResponse = { id: number; page: PreparedPage } | { id: number; error: string };

interface Job {
  id: number;
  input: PrepareInput;
  resolve(page: PreparedPage): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/**
 * A fixed pool of worker threads, one page each at a time. A worker that dies fails only the page
 * it held (that source's scan records the error and resumes from its cursor next time) and is
 * replaced. Idle workers are unref'd, so a forgotten close() never keeps a process alive.
 */
export function createWorkerPreparer(options: WorkerPreparerOptions): PagePreparer {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error(`scan.workers must be a positive integer, got ${options.workers}`);
  const workerData: PrepareWorkerData = { ...(options.taxonomy ? { taxonomy: options.taxonomy } : {}), ...(options.model ? { model: options.model } : {}) };
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const start = (): Slot => {
    const slot: Slot = { worker: spawnPrepareWorker(workerData) };
    slot.worker.on("message", (response: PrepareResponse) => {
      const job = slot.job;
      if (!job || job.id !== response.id) return;
      slot.job = undefined;
      if ("error" in response) job.reject(new Error(`${job.input.sourceName}: ${response.error}`));
      else job.resolve(response.page);
      dispatch();
    });
    const onDeath = (reason: string) => {
      const job = slot.job;
      slot.job = undefined;
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      job?.reject(new Error(`${job.input.sourceName}: the classification worker stopped (${reason}) while preparing a page`));
      if (!closed) {
        slots.push(start());
        dispatch();
      }
    };
    slot.worker.on("error", (error) => onDeath(error.message));
    slot.worker.on("exit", (code) => {
      if (slots.includes(slot)) onDeath(`exit code ${code}`);
    });
    slot.worker.unref();
    return slot;
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job) continue;
      const job = queue.shift();
      if (!job) {
        slot.worker.unref();
        continue;
      }
      try {
        slot.worker.postMessage({ id: job.id, input: job.input } satisfies PrepareRequest);
      } catch (error) {
        // A draft that cannot be copied to a thread (DataCloneError) fails its page, not the pool.
        job.reject(new Error(`${job.input.sourceName}: cannot hand the page to a classification worker: ${error instanceof Error ? error.message : String(error)}`));
        continue;
      }
      slot.job = job;
      slot.worker.ref();
    }
  };

  for (let i = 0; i < options.workers; i++) slots.push(start());

  return {
    prepare(input) {
      if (closed) return Promise.reject(new Error(`${input.sourceName}: the classification workers are closed`));
      return new Promise<PreparedPage>((resolve, reject) => {
        queue.push({ id: nextId++, input, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error(`${job.input.sourceName}: the scan was stopped before this page was classified`));
      const stopping = slots.splice(0);
      for (const slot of stopping) {
        slot.job?.reject(new Error(`${slot.job.input.sourceName}: the scan was stopped before this page was classified`));
        slot.job = undefined;
      }
      await Promise.all(stopping.map((slot) => slot.worker.terminate()));
    },
  };
}

/**
 * The worker runs prepare-worker.js next to this file. From the TypeScript sources (tests, the
 * bench) that file is prepare-worker.ts, which a worker loads through tsx (a dev dependency);
 * on Node 20 loader hooks given with --import do not reach workers, so the worker registers them.
 */
function spawnPrepareWorker(workerData: PrepareWorkerData): Worker {
  if (!fileURLToPath(import.meta.url).endsWith(".ts")) return new Worker(new URL("./prepare-worker.js", import.meta.url), { workerData });
  // Node resolves it for this file; vitest's module runner has no import.meta.resolve, and there
  // the worker resolves the bare name from the working directory (the project root).
  const tsxApi = typeof import.meta.resolve === "function" ? import.meta.resolve("tsx/esm/api") : "tsx/esm/api";
  const script = new URL("./prepare-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
