import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh directory under the OS temp dir. */
export function tempDir(prefix = "earshot-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A path for a new database file in a fresh directory. */
export function tempDbPath(): string {
  return join(tempDir(), "earshot.db");
}
