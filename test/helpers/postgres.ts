import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { openPostgresStore, type PostgresStore } from "../../src/store/postgres/store.js";

/**
 * The PostgreSQL leg of the tests. `EARSHOT_TEST_PG_URL` names a server and a database the tests
 * may connect to as a user allowed to CREATE DATABASE (.ci/run sets it). Each test file gets a
 * fresh database cloned from a template the real migrations built once (CREATE DATABASE …
 * TEMPLATE copies files: far faster than migrating each time).
 *
 * Without the variable, or without a server answering it, `pgAvailable` is false and the files
 * skip their PostgreSQL suites; `pgSkipReason` says why and is printed, never silent.
 */
export const PG_URL = process.env.EARSHOT_TEST_PG_URL;

async function probe(): Promise<string | undefined> {
  if (!PG_URL) return "EARSHOT_TEST_PG_URL is not set";
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return `no PostgreSQL at EARSHOT_TEST_PG_URL (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined); // a client that never connected has nothing to end
  }
}

export const pgSkipReason = await probe();
export const pgAvailable = pgSkipReason === undefined;
if (pgSkipReason) process.stderr.write(`\n[earshot] PostgreSQL tests skipped: ${pgSkipReason}\n`);

const migrationsFolder = new URL("../../migrations-pg/", import.meta.url);
// Same key for every test process: template creation is serialised across vitest's workers.
const TEMPLATE_LOCK_KEY = 0x65617274706cn;

/** The template's name changes with the migrations, so an outdated template is never reused. */
function templateName(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsFolder).sort()) if (file.endsWith(".sql")) hash.update(readFileSync(new URL(file, migrationsFolder)));
  hash.update(readFileSync(new URL("meta/_journal.json", migrationsFolder)));
  return `earshot_tpl_${hash.digest("hex").slice(0, 12)}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function ensureTemplate(admin: pg.Client): Promise<string> {
  const name = templateName();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
  if (exists.rowCount === 0) {
    await admin.query(`create database "${name}"`);
    const store = await openPostgresStore(withDatabase(PG_URL!, name), { maxConnections: 1 });
    await store.close();
  }
  return name;
}

/** A fresh, migrated, empty database for one test file; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = `earshot_t_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query("select pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY.toString()]);
    try {
      const template = await ensureTemplate(admin);
      await admin.query(`create database "${name}" template "${template}"`);
    } finally {
      await admin.query("select pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY.toString()]);
    }
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(PG_URL!, name),
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A store on a fresh database of its own (tests that want a clean slate per test). */
export async function openTestPgStore(): Promise<PostgresStore & { dropDatabase(): Promise<void> }> {
  const database = await createTestDatabase();
  const store = await openPostgresStore(database.url);
  return Object.assign(store, {
    async dropDatabase() {
      await store.close();
      await database.drop();
    },
  });
}
