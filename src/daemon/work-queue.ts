import { hostname } from "node:os";
import PgBoss from "pg-boss";

/**
 * How the daemon hands scans out. The default (no dispatch) runs each fired source in this
 * process, guarded by the lock file. With PostgreSQL, several daemons share the sources through
 * pg-boss: a cron tick on any host asks for one scan job per source and slot, and whichever
 * worker fetches it runs the scan. The pipeline does not know which of the two called it.
 */
export interface ScanDispatch {
  /** Starts fetching scan jobs; `run` scans one source and resolves when it is done. */
  start(run: (sourceId: number) => Promise<void>): Promise<void>;
  /** Asks for one scan of `sourceId` in this slot: false when the cluster already has one queued for it. */
  request(sourceId: number): Promise<boolean>;
  /**
   * Claims a cluster-wide job (the weekly digest, the retention purge) for the current hour:
   * true for the one host whose cron tick came first, false for the others.
   */
  claim(jobName: string): Promise<boolean>;
  /** Jobs waiting, running, and given up on (the dead-letter queue), for status and /metrics. */
  depths(): Promise<QueueDepths>;
  /** Stops fetching; lets running scans finish within `graceMs`. */
  stop(graceMs: number): Promise<void>;
  /** "host:pid": this worker, as status and the run records name it. */
  readonly workerId: string;
}

export interface QueueDepths {
  queued: number;
  active: number;
  deadLetters: number;
}

export interface PgBossDispatchOptions {
  /** The PostgreSQL URL (config `database`). pg-boss keeps its tables in the `pgboss` schema. */
  url: string;
  /** Scans this process runs at once (config scan.concurrency). */
  concurrency: number;
  /**
   * A scan job still active after this long is taken for dead (its worker was killed or lost
   * the network): pg-boss fails it and another worker retries it, ms. Default 600 000. Set it
   * above scan.sourceTimeoutMs, which abandons a scan first.
   */
  expireMs?: number;
  /** Retries of a failed or expired job, with exponential backoff from retryDelayMs. Default 3. */
  retryLimit?: number;
  /** First retry delay, ms (pg-boss counts whole seconds). Default 30 000. */
  retryDelayMs?: number;
  /** Requests for one source within this window are one job (the cron slot), ms. Default 60 000. */
  slotMs?: number;
  /** How often an idle worker asks for jobs, ms. Default 2 000. */
  pollMs?: number;
  /** How often pg-boss expires and archives jobs (the expiry above is noticed at this pace), ms. Default 60 000. */
  maintenanceMs?: number;
  /** Told about pg-boss's own errors (a dropped connection): ids and messages only. */
  onError?: (error: Error) => void;
}

export const SCAN_QUEUE = "earshot-scan";
export const DEAD_LETTER_QUEUE = "earshot-scan-dead";
/** Claims of cluster-wide jobs: never worked, only their singleton slots matter. */
export const CLAIM_QUEUE = "earshot-job-claims";
const CLAIM_SLOT_MS = 3_600_000;

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/**
 * The scan queue on pg-boss 10 (Node 20). Its `stately` policy holds at most one queued and one
 * active job per singleton key, and the key is the source: a source never runs on two hosts at
 * once. The singleton slot folds the cron ticks of every host for one source and minute into one
 * job. Retries back off; a job that fails them all moves to the dead-letter queue, which
 * `earshot status` counts.
 */
export async function createPgBossDispatch(options: PgBossDispatchOptions): Promise<ScanDispatch> {
  const boss = new PgBoss({
    connectionString: options.url,
    max: 2,
    maintenanceIntervalSeconds: seconds(options.maintenanceMs ?? 60_000),
  });
  boss.on("error", (error) => options.onError?.(error));
  await boss.start();
  const queueOptions = {
    retryLimit: options.retryLimit ?? 3,
    retryDelay: seconds(options.retryDelayMs ?? 30_000),
    retryBackoff: true,
    expireInSeconds: seconds(options.expireMs ?? 600_000),
  };
  await ensureQueue(boss, DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, policy: "standard" });
  await ensureQueue(boss, CLAIM_QUEUE, { name: CLAIM_QUEUE, policy: "standard", retentionDays: 1 });
  await ensureQueue(boss, SCAN_QUEUE, { name: SCAN_QUEUE, policy: "stately", deadLetter: DEAD_LETTER_QUEUE, ...queueOptions });
  const workerId = `${hostname()}:${process.pid}`;
  let workIds: string[] = [];

  return {
    workerId,
    async start(run) {
      // pg-boss 10 has no team size: each work() call is one poller fetching one job at a time.
      for (let i = 0; i < options.concurrency; i++) {
        workIds.push(
          // A handler that throws fails the job: pg-boss retries it, then dead-letters it.
          await boss.work<{ sourceId: number }>(SCAN_QUEUE, { batchSize: 1, pollingIntervalSeconds: Math.max(0.5, (options.pollMs ?? 2_000) / 1000) }, ([job]) => run(job!.data.sourceId)),
        );
      }
    },
    async request(sourceId) {
      const id = await boss.send(SCAN_QUEUE, { sourceId }, { singletonKey: `source:${sourceId}`, singletonSeconds: seconds(options.slotMs ?? 60_000) });
      return id !== null;
    },
    async claim(jobName) {
      const id = await boss.send(CLAIM_QUEUE, { worker: workerId }, { singletonKey: jobName, singletonSeconds: seconds(CLAIM_SLOT_MS) });
      // Completed at once: the claim is the slot, not work to do.
      if (id !== null) await boss.complete(CLAIM_QUEUE, id);
      return id !== null;
    },
    async depths() {
      const [queued, active, deadLetters] = await Promise.all([boss.getQueueSize(SCAN_QUEUE), boss.getQueueSize(SCAN_QUEUE, { before: "completed" }), boss.getQueueSize(DEAD_LETTER_QUEUE)]);
      return { queued, active: Math.max(0, active - queued), deadLetters };
    },
    async stop(graceMs) {
      for (const id of workIds) await boss.offWork({ id });
      workIds = [];
      // Running scans end by the daemon's own stop signals; pg-boss waits for their handlers.
      await boss.stop({ graceful: true, wait: true, timeout: Math.max(1_000, graceMs) });
    },
  };
}

/**
 * The queue's depths as `earshot status` shows them, read without becoming a worker (no
 * maintenance, no polling). Zeros before any daemon created the queues.
 */
export async function readQueueDepths(url: string): Promise<QueueDepths> {
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false });
  boss.on("error", () => undefined); // a reader's connection errors surface as the calls' rejections below
  await boss.start();
  try {
    if (!(await boss.getQueue(SCAN_QUEUE))) return { queued: 0, active: 0, deadLetters: 0 };
    const [queued, open, deadLetters] = await Promise.all([boss.getQueueSize(SCAN_QUEUE), boss.getQueueSize(SCAN_QUEUE, { before: "completed" }), boss.getQueueSize(DEAD_LETTER_QUEUE)]);
    return { queued, active: Math.max(0, open - queued), deadLetters };
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

async function ensureQueue(boss: PgBoss, name: string, queue: PgBoss.Queue): Promise<void> {
  if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
  else await boss.createQueue(name, queue);
}
