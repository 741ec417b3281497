import { asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Db } from "./db.js";
import { sources } from "./schema.js";

export type SourceRow = typeof sources.$inferSelect;

/** A source as the config file declares it. */
export interface SourceDeclaration {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  schedule?: string;
  enabled?: boolean;
}

/**
 * Makes the sources table match the config: new names are added, changed ones updated in place
 * (keeping their cursor unless the kind or endpoint config changed), names no longer declared
 * are disabled rather than deleted so their mentions and history survive a config typo.
 */
export function syncSources(db: Db, declared: SourceDeclaration[], now: Date): SourceRow[] {
  return db.transaction((tx) => {
    for (const decl of declared) {
      const existing = tx.select().from(sources).where(eq(sources.name, decl.name)).get();
      if (!existing) {
        tx.insert(sources)
          .values({ name: decl.name, kind: decl.kind, config: decl.config, schedule: decl.schedule ?? null, enabled: decl.enabled ?? true, createdAt: now })
          .run();
        continue;
      }
      const endpointChanged = existing.kind !== decl.kind || JSON.stringify(existing.config) !== JSON.stringify(decl.config);
      tx.update(sources)
        .set({
          kind: decl.kind,
          config: decl.config,
          schedule: decl.schedule ?? null,
          enabled: decl.enabled ?? true,
          // A cursor belongs to one endpoint: reusing it for another would skip or repeat items.
          ...(endpointChanged ? { cursor: null, errorCount: 0, lastError: null, nextCheckAt: null } : {}),
        })
        .where(eq(sources.id, existing.id))
        .run();
    }
    const names = declared.map((d) => d.name);
    tx.update(sources)
      .set({ enabled: false })
      .where(names.length > 0 ? notInArray(sources.name, names) : undefined)
      .run();
    return tx.select().from(sources).where(names.length > 0 ? inArray(sources.name, names) : eq(sources.id, -1)).orderBy(asc(sources.name)).all();
  });
}

export function listSources(db: Db): SourceRow[] {
  return db.select().from(sources).orderBy(asc(sources.name)).all();
}

export function loadSource(db: Db, id: number): SourceRow | undefined {
  return db.select().from(sources).where(eq(sources.id, id)).get();
}

/** Adds one source directly (tests and one-off scans); the config file path goes through syncSources. */
export function addSource(db: Db, decl: SourceDeclaration, now: Date): SourceRow {
  return db
    .insert(sources)
    .values({ name: decl.name, kind: decl.kind, config: decl.config, schedule: decl.schedule ?? null, enabled: decl.enabled ?? true, createdAt: now })
    .returning()
    .get();
}

export interface SourceFailure {
  error: string;
  /** When the source may be tried again (server-imposed delay or backoff). */
  nextCheckAt: Date | null;
  now: Date;
}

/** Records a failed scan: bumps the consecutive-failure count; committed pages and the cursor stay. */
export function saveSourceFailure(db: Db, sourceId: number, failure: SourceFailure): SourceRow | undefined {
  const row = loadSource(db, sourceId);
  if (!row) return undefined;
  return db
    .update(sources)
    .set({ errorCount: row.errorCount + 1, lastError: failure.error, lastRunAt: failure.now, nextCheckAt: failure.nextCheckAt })
    .where(eq(sources.id, sourceId))
    .returning()
    .get();
}

/** Records a finished scan (successful or 304): the next check time chosen by the caller. */
export function saveSourceSuccess(db: Db, sourceId: number, at: { now: Date; nextCheckAt: Date | null }): void {
  db.update(sources)
    .set({ lastRunAt: at.now, lastSuccessAt: at.now, errorCount: 0, lastError: null, nextCheckAt: at.nextCheckAt })
    .where(eq(sources.id, sourceId))
    .run();
}

/** The daemon's decision after a run: when to look at this source again. */
export function saveNextCheck(db: Db, sourceId: number, nextCheckAt: Date): void {
  db.update(sources).set({ nextCheckAt }).where(eq(sources.id, sourceId)).run();
}
