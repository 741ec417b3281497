/**
 * How scans commit their pages. Scans run side by side (scan.concurrency), each waiting for its
 * page to commit before fetching the next; the grouped writer commits the pages that are ready
 * at the same moment in one transaction (store/mentions.ts savePages: fewer, larger commits
 * write each touched index page once). The busier the database, the more pages queue during a
 * commit and the larger the next group, so it adapts without a timer.
 */
import type { SavePageInput, Store } from "../store/types.js";

export interface PageWriter {
  /** Commits the page with its cursor; resolves with how many mentions were new. */
  save(input: SavePageInput): Promise<number>;
}

/** Each page in its own transaction, at once. */
export function createDirectPageWriter(store: Store): PageWriter {
  return { save: (input) => store.savePage(input) };
}

export interface GroupedPageWriterOptions {
  /** Most pages in one transaction. Default 16. */
  maxPages?: number;
}

interface Pending {
  input: SavePageInput;
  resolve(added: number): void;
  reject(error: unknown): void;
}

export function createGroupedPageWriter(store: Store, options: GroupedPageWriterOptions = {}): PageWriter {
  const maxPages = options.maxPages ?? 16;
  const pending: Pending[] = [];
  let scheduled = false;

  // One flush at a time: pages arriving while a group commits (on PostgreSQL the commit awaits
  // the server) join the next group instead of opening a concurrent transaction.
  const flush = async () => {
    while (pending.length > 0) {
      const group = pending.splice(0, maxPages);
      try {
        const added = await store.savePages(group.map((p) => p.input));
        group.forEach((p, i) => p.resolve(added[i]!));
      } catch {
        // The group rolled back as a whole; one page's failure must not fail the other sources'
        // pages, so each is stored alone and only the failing one reports its error.
        for (const p of group) {
          try {
            p.resolve(await store.savePage(p.input));
          } catch (error) {
            p.reject(error);
          }
        }
      }
    }
    scheduled = false;
  };

  return {
    save(input) {
      return new Promise<number>((resolve, reject) => {
        pending.push({ input, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // After the pages that are ready in this turn of the event loop have joined.
          setImmediate(() => void flush());
        }
      });
    },
  };
}
