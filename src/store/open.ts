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

/** Opens the store `database` names (config `database`): a file path (or ":memory:") is SQLite. */
export async function openStore(database: string, options: OpenStoreOptions = {}): Promise<Store> {
  return openSqliteStore(database, options);
}
