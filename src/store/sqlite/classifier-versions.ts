/**
 * Mentions name their classifier version by the id of a `classifier_versions` row (migration
 * 0010): a store holds a handful of versions, and the 50-character string in every row was 6% of
 * the file. Readers turn ids back into versions, so no output changed.
 */
import type Database from "better-sqlite3";
import type { Db } from "./db.js";

// Per connection: versions never change once stored, so a cached id stays right.
const refsByClient = new WeakMap<Database.Database, Map<string, string>>();

/** The stored reference of `version`, adding it on first use (inside the caller's transaction, if any). */
export function toClassifierVersionRef(db: Pick<Db, "$client">, version: string): string {
  const client = db.$client;
  let refs = refsByClient.get(client);
  if (!refs) refsByClient.set(client, (refs = new Map()));
  let ref = refs.get(version);
  if (ref === undefined) {
    client.prepare("insert into classifier_versions (version) values (?) on conflict (version) do nothing").run(version);
    ref = String(client.prepare("select id from classifier_versions where version = ?").pluck().get(version));
    refs.set(version, ref);
  }
  return ref;
}

/** The stored reference of `version` if any mention was ever classified by it. */
export function findClassifierVersionRef(db: Pick<Db, "$client">, version: string): string | undefined {
  const id = db.$client.prepare("select id from classifier_versions where version = ?").pluck().get(version) as number | undefined;
  return id === undefined ? undefined : String(id);
}

/** Every stored reference → its version string. */
export function loadClassifierVersions(db: Pick<Db, "$client">): Map<string, string> {
  const rows = db.$client.prepare("select id, version from classifier_versions").raw(true).all() as Array<[number, string]>;
  return new Map(rows.map(([id, version]) => [String(id), version]));
}

/** The version a stored reference names; a reference with no row (a damaged store) is shown as it is. */
export function toClassifierVersion(versions: ReadonlyMap<string, string>, ref: string): string {
  return versions.get(ref) ?? ref;
}
