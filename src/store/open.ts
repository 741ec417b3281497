import { isPostgresUrl } from "./postgres/db.js";
import { openPostgresStore } from "./postgres/store.js";
import { openSqliteStore } from "./sqlite/store.js";
import type { RawStorage, Store } from "./types.js";

export interface OpenStoreOptions {
  /** How long a SQLite writer waits for another connection's lock, ms. Default 5000. */
  busyTimeoutMs?: number;
  /** Open without migrating and refuse writes (the `mentions` and `digest` readers). Default false. */
  readonly?: boolean;
  /** How new item payloads are stored (config `storage.raw`). Default "compress". */
  rawStorage?: RawStorage;
}

/**
 * Opens the store `database` names (config `database`, or DATABASE_URL): a `postgres://` or
 * `postgresql://` URL is PostgreSQL, anything else a SQLite file path (or ":memory:").
 */
export async function openStore(database: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(database)) return openPostgresStore(database, options.readonly ? { readonly: true } : {});
  return openSqliteStore(database, options);
}
