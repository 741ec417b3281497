import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { setRawStorage, type RawStorage } from "./raw-payload.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenDbOptions {
  /** How long a writer waits for another connection's lock before SQLITE_BUSY, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** Open without migrating and refuse writes (digest and mentions readers). Default false. */
  readonly?: boolean;
  /** How new item payloads are stored (config `storage.raw`); reads handle every form. Default "compress". */
  rawStorage?: RawStorage;
}

// Resolves from both src/store (vitest) and dist/store (the built CLI): both sit one level below the repo root.
const migrationsFolder = fileURLToPath(new URL("../../../migrations", import.meta.url));

/** Opens (and creates) a database, sets the pragmas earshot relies on and applies pending migrations. */
export function openDb(path: string, options: OpenDbOptions = {}): Db {
  const client = new Database(path, { readonly: options.readonly ?? false });
  // WAL lets `mentions` and `digest` read while the daemon writes; :memory: cannot use it.
  if (path !== ":memory:" && !options.readonly) client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  client.pragma("synchronous = NORMAL");
  if (!options.readonly) {
    // A checkpoint copies the WAL into the database and syncs both. At the default 1,000 pages a
    // scan checkpointed every few pages of mentions (each mention writes ~6-14 KB of WAL, mostly
    // scattered index pages), and the syncs were half of ingest's wall time on a busy disk; 8,192
    // pages (32 MiB) syncs 8x less often. The file is truncated back to 64 MiB after a checkpoint.
    client.pragma("wal_autocheckpoint = 8192");
    client.pragma("journal_size_limit = 67108864");
  }
  // Deleted and rewritten rows (purge, forget, reclassify) are overwritten with zeros, not left
  // readable in free pages: erasure must really erase.
  client.pragma("secure_delete = ON");
  if (options.rawStorage) setRawStorage(client, options.rawStorage);
  const db = drizzle({ client, schema, casing: "snake_case" }) as Db;
  if (!options.readonly) applyMigrations(db);
  return db;
}

/**
 * Two processes opening a new database at once (a daemon starting while `mentions` runs) both
 * see no migrations applied; the second then fails on "table already exists" and rolls back.
 * Running migrate again reads the table the first one committed and finds nothing to do.
 */
function applyMigrations(db: Db): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * Runs `read` in one read transaction, so every query in it sees the same snapshot: a scan, purge
 * or rollup refresh committing meanwhile lands wholly before or after it (WAL readers never block
 * writers). Inside an open transaction it just runs `read`.
 */
export function readSnapshot<T>(db: Db, read: () => T): T {
  const client = db.$client;
  return client.inTransaction ? read() : client.transaction(read).deferred();
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/** `PRAGMA integrity_check`: "ok" when the file is sound. */
export function checkIntegrity(db: Db): string {
  const rows = db.$client.pragma("integrity_check") as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join("; ");
}
