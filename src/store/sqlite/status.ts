import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { scanRuns, sources } from "./schema.js";

/** One line of `earshot status`: a source with its latest run. */
export interface SourceStatus {
  source: string;
  kind: string;
  enabled: boolean;
  lastRunAt: Date | null;
  lastStatus: string | null;
  /** Mentions added by the latest run. */
  added: number | null;
  nextCheckAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
}

export function listSourceStatus(db: Db): SourceStatus[] {
  const latestRun = db
    .select({ sourceId: scanRuns.sourceId, id: sql<number>`max(${scanRuns.id})`.as("latest_id") })
    .from(scanRuns)
    .groupBy(scanRuns.sourceId)
    .as("latest_run");
  return db
    .select({
      source: sources.name,
      kind: sources.kind,
      enabled: sources.enabled,
      lastRunAt: scanRuns.startedAt,
      lastStatus: scanRuns.status,
      added: scanRuns.added,
      nextCheckAt: sources.nextCheckAt,
      lastSuccessAt: sources.lastSuccessAt,
      consecutiveFailures: sources.errorCount,
      lastError: sources.lastError,
    })
    .from(sources)
    .leftJoin(latestRun, eq(latestRun.sourceId, sources.id))
    .leftJoin(scanRuns, eq(scanRuns.id, latestRun.id))
    .orderBy(asc(sources.name))
    .all();
}
