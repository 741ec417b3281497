import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "./db.js";
import { scanErrors, scanRuns } from "./schema.js";

export type ScanRunRow = typeof scanRuns.$inferSelect;
export type ScanErrorRow = typeof scanErrors.$inferSelect;
export type ScanStatus = "running" | "ok" | "not_modified" | "partial" | "failed" | "interrupted";

export function startRun(db: Db, sourceId: number, now: Date): number {
  return db.insert(scanRuns).values({ sourceId, startedAt: now, status: "running" }).returning({ id: scanRuns.id }).get().id;
}

export function finishRun(db: Db, runId: number, result: { status: ScanStatus; error?: string; now: Date }): ScanRunRow {
  return db
    .update(scanRuns)
    .set({ status: result.status, error: result.error ?? null, finishedAt: result.now })
    .where(eq(scanRuns.id, runId))
    .returning()
    .get();
}

/**
 * Runs left "running" by a process that died (kill -9, power loss) are marked interrupted at
 * the next start, so status never shows a scan that is not happening.
 */
export function markAbandonedRuns(db: Db, now: Date, startedBefore?: Date): number {
  return db
    .update(scanRuns)
    .set({ status: "interrupted", finishedAt: now, error: "the process stopped before the scan finished" })
    .where(startedBefore ? and(eq(scanRuns.status, "running"), lt(scanRuns.startedAt, startedBefore)) : eq(scanRuns.status, "running"))
    .run().changes;
}

export function listRuns(db: Db, sourceId?: number, limit = 50): ScanRunRow[] {
  return db
    .select()
    .from(scanRuns)
    .where(sourceId === undefined ? undefined : eq(scanRuns.sourceId, sourceId))
    .orderBy(desc(scanRuns.id))
    .limit(limit)
    .all();
}

export function listScanErrors(db: Db, filter: { runId?: number; sourceId?: number } = {}): ScanErrorRow[] {
  const where = [];
  if (filter.runId !== undefined) where.push(eq(scanErrors.runId, filter.runId));
  if (filter.sourceId !== undefined) where.push(eq(scanErrors.sourceId, filter.sourceId));
  return db
    .select()
    .from(scanErrors)
    .where(where.length ? and(...where) : undefined)
    .orderBy(scanErrors.id)
    .all();
}

/** Records a problem that stopped a page (not a single item): the run carries it as `error` too. */
export function saveRunError(db: Db, runId: number, sourceId: number, error: { item?: string; message: string; raw?: string; now: Date }): void {
  db.transaction((tx) => {
    tx.insert(scanErrors)
      .values({ runId, sourceId, item: error.item ?? null, message: error.message, rawSnippet: error.raw?.slice(0, 2048) ?? null, createdAt: error.now })
      .run();
    const run = tx.select({ errors: scanRuns.errors }).from(scanRuns).where(eq(scanRuns.id, runId)).get();
    tx.update(scanRuns).set({ errors: (run?.errors ?? 0) + 1 }).where(eq(scanRuns.id, runId)).run();
  });
}
