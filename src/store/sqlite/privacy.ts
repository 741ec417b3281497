/**
 * Retention and erasure. Deleting a row in SQLite leaves its bytes in free pages and in the WAL
 * until they are reused; erasure must not. So deletes here run with `secure_delete` (freed
 * content is overwritten with zeros), erasure rebuilds the file (VACUUM), and both end with a
 * WAL checkpoint that truncates the log.
 * Topic rows and brand responses go with their mention (ON DELETE CASCADE); duplicates that pointed at a deleted
 * mention become originals (ON DELETE SET NULL). Digests are computed from these tables and
 * from the daily rollups (counts and the ids of candidate examples, never text, authors or
 * payloads); the rollups of every day that loses a mention, or gains a count through a repeat
 * becoming an original, are deleted in the same transaction and counted again by the next refresh.
 */
import { and, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";
import { invalidateDigestRollups } from "./digest-rollups.js";
import { corrections, mentions, mentionTopics, responses, scanErrors, sources } from "./schema.js";

export interface ErasureReport {
  mentions: number;
  /** Deleted mentions that carried an item payload. */
  rawPayloads: number;
  topicRows: number;
  /** Item-error rows whose payload snippet held the data. */
  scanErrors: number;
  /** Brand responses to the deleted mentions (their redacted reply text), deleted with them. */
  responses: number;
  /** Label corrections (with their copy of the text) erased with the mentions; retention keeps them. */
  corrections: number;
  /** False when a reader kept the WAL checkpoint from finishing: old page images stay in the -wal file until the next checkpoint. */
  walCheckpointed: boolean;
}

export type RetentionClock = "published" | "fetched";

/**
 * Deletes mentions older than `cutoff`, by their published time (fetched time when the platform
 * gave none) or by fetched time, and the item errors (with their payload snippets) recorded before it.
 */
export function deleteMentionsBefore(db: Db, cutoff: Date, by: RetentionClock = "published"): ErasureReport {
  const time = by === "published" ? sql`coalesce(${mentions.publishedAt}, ${mentions.fetchedAt})` : sql`${mentions.fetchedAt}`;
  return eraseWhere(db, lt(time, cutoff.getTime()), lt(scanErrors.createdAt, cutoff));
}

export interface AuthorSelector {
  /** Keyed hashes of the handle, one per source kind it may have been seen on. */
  authorHashes: string[];
  /** The handle as typed: matches `mentions.author` when handles are kept, and item-error snippets. */
  handles: string[];
  /** Limit handle matches to sources of these kinds (the hashes already carry their kind). Default: all. */
  kinds?: string[];
}

/** Deletes every mention by this author and every item-error snippet that names them. */
export function deleteAuthorMentions(db: Db, selector: AuthorSelector): ErasureReport {
  const handles = selector.handles.map((h) => h.trim()).filter((h) => h.length > 0);
  const conditions: SQL[] = [];
  if (selector.authorHashes.length > 0) conditions.push(inArray(mentions.authorHash, selector.authorHashes));
  const ofKinds = (column: typeof mentions.sourceId | typeof scanErrors.sourceId) =>
    selector.kinds ? inArray(column, db.select({ id: sources.id }).from(sources).where(inArray(sources.kind, selector.kinds))) : sql`1`;
  for (const handle of handles) conditions.push(and(sql`lower(${mentions.author}) = lower(${handle.replace(/^@/u, "")})`, ofKinds(mentions.sourceId))!);
  const snippet = or(...handles.map((h) => sql`instr(lower(${scanErrors.rawSnippet}), lower(${h.replace(/^@/u, "")})) > 0`));
  return eraseWhere(db, conditions.length > 0 ? or(...conditions)! : sql`0`, snippet ? and(isNotNull(scanErrors.rawSnippet), snippet, ofKinds(scanErrors.sourceId))! : sql`0`, {
    // A correction whose mention retention already deleted is found by its own copy of the hash.
    corrections: selector.authorHashes.length > 0 ? inArray(corrections.authorHash, selector.authorHashes) : sql`0`,
  });
}

/** Deletes the mention(s) at this URL (with or without a trailing slash) and snippets that quote it. */
export function deleteUrlMentions(db: Db, url: string): ErasureReport {
  const trimmed = url.trim();
  const variants = [...new Set([trimmed, trimmed.replace(/\/+$/u, ""), `${trimmed.replace(/\/+$/u, "")}/`])];
  return eraseWhere(db, inArray(mentions.url, variants), and(isNotNull(scanErrors.rawSnippet), sql`instr(${scanErrors.rawSnippet}, ${trimmed}) > 0`)!, {
    corrections: inArray(corrections.url, variants),
  });
}

/**
 * `vacuum` also rebuilds the file: secure_delete zeroes what this delete frees, but an earlier
 * in-place update (reclassify, duplicate links) may have left an old copy of a row in a page's
 * free space, and only a rebuild is sure to drop it. Erasure asks for it; the daily purge does not.
 */
function eraseWhere(db: Db, mentionWhere: SQL, scanErrorWhere: SQL, erasure?: { corrections: SQL }): ErasureReport {
  const vacuum = erasure !== undefined;
  const client = db.$client;
  const previous = client.pragma("secure_delete", { simple: true }) as number;
  client.pragma("secure_delete = ON");
  try {
    // better-sqlite3 transactions are synchronous: no await in here.
    const counts = db.transaction((tx) => {
      const doomed = tx.select({ id: mentions.id }).from(mentions).where(mentionWhere);
      const topicRows = tx.select({ n: sql<number>`count(*)` }).from(mentionTopics).where(inArray(mentionTopics.mentionId, doomed)).get()?.n ?? 0;
      // Responses go with their mention (ON DELETE CASCADE); counted first for the report.
      const responseRows = tx.select({ n: sql<number>`count(*)` }).from(responses).where(inArray(responses.mentionId, doomed)).get()?.n ?? 0;
      const rawPayloads = tx.select({ n: sql<number>`count(*)` }).from(mentions).where(and(mentionWhere, isNotNull(mentions.raw))).get()?.n ?? 0;
      invalidateDigestRollups(tx, mentionWhere, { withRepeats: true });
      // Retention leaves corrections (their mention link is cleared); erasure takes them along.
      const erasedCorrections = erasure === undefined ? 0 : tx.delete(corrections).where(or(inArray(corrections.mentionId, doomed), erasure.corrections)).run().changes;
      const deleted = tx.delete(mentions).where(mentionWhere).run().changes;
      const errors = tx.delete(scanErrors).where(scanErrorWhere).run().changes;
      return { mentions: deleted, rawPayloads, topicRows, responses: responseRows, scanErrors: errors, corrections: erasedCorrections };
    });
    if (vacuum && counts.mentions + counts.scanErrors + counts.corrections > 0 && !client.memory) client.exec("VACUUM");
    return { ...counts, walCheckpointed: checkpointWal(db) };
  } finally {
    client.pragma(`secure_delete = ${previous ? "ON" : "OFF"}`);
  }
}

/** Copies the WAL into the database file and truncates it, so deleted rows survive in neither. */
function checkpointWal(db: Db): boolean {
  if (db.$client.memory) return true;
  const [result] = db.$client.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number; log: number; checkpointed: number }>;
  return result === undefined || result.busy === 0;
}
