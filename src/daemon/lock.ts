import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { EarshotError } from "../core/errors.js";

export interface InstanceLock {
  path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * One daemon per database: a lock file next to it, created atomically (O_EXCL). A lock left by
 * a process that no longer exists on this host (kill -9, power loss) is stale and taken over.
 */
export function acquireInstanceLock(dbPath: string, now: Date): InstanceLock {
  const path = `${dbPath}.lock`;
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          const owner = readOwner(path);
          if (owner?.pid === me.pid && owner.host === me.host) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(path);
      if (owner && isAlive(owner)) {
        throw new EarshotError(
          "ES_ERR_LOCKED",
          `another earshot daemon (pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}) is using ${dbPath}; stop it first (a lock left by a crashed daemon is taken over automatically)`,
        );
      }
      // Stale: its owner is gone. Remove and try once more; a racing daemon loses at openSync.
      unlinkSync(path);
    }
  }
  throw new EarshotError("ES_ERR_LOCKED", `could not take the daemon lock ${path}: another daemon took it at the same moment`);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string" ? (parsed as LockOwner) : undefined;
  } catch (error) {
    // A missing or half-written lock (crash between open and write) has no live owner.
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another host (shared volume) cannot be checked from here: treat it as held.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
