/**
 * How content and author hashes are stored: as their bytes, not as hex text (issue 14). A 64-digit
 * hex author hash took 64 bytes in the row and again in its index; its bytes take 32. Values that
 * are not lowercase hex (hand-written test rows, a hash from elsewhere) are stored as they are,
 * so the mapping is the same on every write and lookup, and reads give back the original string.
 */
import { sql, type SQL } from "drizzle-orm";

const LOWER_HEX = /^(?:[0-9a-f]{2})+$/;

/** The stored form of a hash given as text. */
export function toHashCell(value: string): Buffer | string {
  return LOWER_HEX.test(value) ? Buffer.from(value, "hex") : value;
}

/** The hash as text again, whichever form it was stored in. */
export function fromHashCell(value: string | Uint8Array): string {
  return typeof value === "string" ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
}

/** The same conversion inside SQL, for raw selects: `hashAsText(sql.raw("m.author_hash"))`. */
export function hashAsText(column: SQL): SQL {
  return sql`(case when typeof(${column}) = 'blob' then lower(hex(${column})) else ${column} end)`;
}
