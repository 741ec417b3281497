import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema.js";

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface OpenPgOptions {
  /** Connections in the pool. Default 4: a daemon's scans commit through the grouped page writer. */
  maxConnections?: number;
  /** Open without migrating (readers that must not change the schema). Default false. */
  readonly?: boolean;
}

// Resolves from both src/store/postgres (vitest) and dist/store/postgres (the built CLI).
const migrationsFolder = fileURLToPath(new URL("../../../migrations-pg", import.meta.url));

/**
 * Any fixed 64-bit key serialises earshot's migrations across every host of a cluster: hosts
 * starting together wait for the first to finish migrating, then find nothing left to do.
 * (The value is "earshot" in ASCII.)
 */
export const MIGRATION_LOCK_KEY = 0x65617273686f74n;

/** True for the URLs config `database` accepts as PostgreSQL (libpq's two schemes). */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(?:ql)?:\/\//iu.test(database);
}

/** Connects, and applies pending migrations under a session advisory lock. */
export async function openPgDb(url: string, options: OpenPgOptions = {}): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4 });
  // An idle client losing its connection (server restart) must not crash the process: the pool
  // drops it and the next query opens a new one.
  pool.on("error", () => undefined);
  const db = drizzle({ client: pool, schema, casing: "snake_case" }) as PgDb;
  try {
    if (!options.readonly) await applyMigrations(pool);
    return db;
  } catch (error) {
    await pool.end();
    throw new Error(`postgres ${redactUrl(url)}: cannot open the store: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function applyMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    try {
      // On the session that holds the lock (a pool of one connection would otherwise wait for itself).
      await migrate(drizzle({ client, schema, casing: "snake_case" }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
}

/** The URL without its password, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
