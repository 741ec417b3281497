/**
 * Where a stored mention's bytes go, for each `storage.raw` form, on the same rows: the ingest
 * benchmark's database is copied three times, each copy's payloads rewritten to one form with the
 * product's own `rewriteRawPayloads`, and VACUUMed, so the three files differ only in the raw
 * column. Per object (table, each index) from SQLite's dbstat table; per column, the bytes each
 * value takes in the record (text and blob lengths; integers by SQLite's serial types: 0, 1, 2,
 * 3, 4, 6 or 8 bytes; reals 8), which leaves the record headers, cell pointers and free space as
 * the table's "overhead".
 */
import { copyFileSync, rmSync, statSync } from "node:fs";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { fromStoredRaw, rewriteRawPayloads, RAW_STORAGE_MODES, toStoredRaw, type RawContext, type RawStorage } from "../../src/store/sqlite/raw-payload.js";

export interface StorageBreakdown {
  mode: RawStorage;
  mentions: number;
  fileBytes: number;
  /** dbstat pgsize per table and index, bytes. */
  objects: Array<{ name: string; bytes: number }>;
  /** Bytes of each mentions column's values (no record header). */
  columns: Array<{ name: string; bytes: number }>;
}

/** Stored size of one value of `column` in a record, per SQLite's record format (fileformat2 §2.1). */
function valueBytesSql(column: string): string {
  return `case typeof(${column})
    when 'null' then 0
    when 'real' then 8
    when 'integer' then case
      when ${column} in (0, 1) then 0
      when ${column} between -128 and 127 then 1
      when ${column} between -32768 and 32767 then 2
      when ${column} between -8388608 and 8388607 then 3
      when ${column} between -2147483648 and 2147483647 then 4
      when ${column} between -140737488355328 and 140737488355327 then 6
      else 8 end
    else length(cast(${column} as blob)) end`;
}

export function measureStorageBreakdowns(sourcePath: string, workPath: (mode: RawStorage) => string): StorageBreakdown[] {
  return RAW_STORAGE_MODES.map((mode) => {
    const path = workPath(mode);
    copyFileSync(sourcePath, path);
    const db = openDb(path);
    try {
      const client = db.$client;
      rewriteRawPayloads(db, { to: mode });
      client.exec("VACUUM");
      client.pragma("wal_checkpoint(TRUNCATE)");
      const mentions = client.prepare("select count(*) from mentions").pluck().get() as number;
      const objects = client.prepare("select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc").all() as Array<{ name: string; bytes: number }>;
      const names = (client.prepare("select name from pragma_table_info('mentions') order by cid").pluck().all() as string[]);
      const sums = client.prepare(`select ${names.map((n) => `sum(${valueBytesSql(n)}) as "${n}"`).join(", ")} from mentions`).get() as Record<string, number>;
      const columns = names.map((name) => ({ name, bytes: sums[name] ?? 0 })).sort((a, b) => b.bytes - a.bytes);
      return { mode, mentions, fileBytes: statSync(path).size, objects, columns };
    } finally {
      closeDb(db);
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
  });
}

/** One note line: bytes per mention of the file, each object and the largest columns. */
export function toBreakdownNote(b: StorageBreakdown): string {
  const per = (bytes: number) => (bytes / b.mentions).toFixed(0);
  const table = b.objects.find((o) => o.name === "mentions")?.bytes ?? 0;
  const columnTotal = b.columns.reduce((sum, c) => sum + c.bytes, 0);
  const columns = b.columns.filter((c) => c.bytes / b.mentions >= 1).map((c) => `${c.name} ${per(c.bytes)}`);
  return (
    `raw ${b.mode}: ${per(b.fileBytes)} B/mention in the file; ` +
    `objects: ${b.objects.filter((o) => o.bytes / b.mentions >= 1).map((o) => `${o.name} ${per(o.bytes)}`).join(", ")}; ` +
    `mentions columns: ${columns.join(", ")}, record headers + cell and page overhead ${per(table - columnTotal)}`
  );
}

/** CPU time of storing every payload in `path` the way savePages does under `compress`, ms. */
export function measureCompressMs(path: string): { ms: number; payloads: number } {
  const db = openDb(path, { readonly: true });
  try {
    const rows = db.$client.prepare("select raw, text, title, url, external_id as externalId from mentions where raw is not null").all() as Array<{ raw: unknown } & RawContext>;
    const raws = rows.map((row) => ({ raw: fromStoredRaw(row.raw, row)!, context: row }));
    const started = process.hrtime.bigint();
    for (const { raw, context } of raws) toStoredRaw(raw, "compress", context);
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, payloads: raws.length };
  } finally {
    closeDb(db);
  }
}
