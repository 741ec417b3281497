import PQueue from "p-queue";
import type { SourceRow } from "../store/types.js";
import { scanSource, type ScanDeps, type ScanOptions, type ScanReport } from "./scan.js";

export interface ScanAllOptions extends ScanOptions {
  /** Sources scanned at once. Default 4. Per-host limits are the HTTP client's job. */
  concurrency?: number;
  /** Called as each source finishes, for progress output. */
  onReport?: (report: ScanReport) => void;
}

/** Scans sources side by side; a failing source never stops the others. Reports keep `rows` order. */
export async function scanAll(deps: ScanDeps, rows: SourceRow[], options: ScanAllOptions = {}): Promise<ScanReport[]> {
  const queue = new PQueue({ concurrency: options.concurrency ?? 4 });
  const settled = await Promise.allSettled(
    rows.map((row) =>
      queue.add(async () => {
        const report = await scanSource(deps, row, options.since ? { since: options.since } : {});
        options.onReport?.(report);
        return report;
      }),
    ),
  );
  return settled.map((result, i) => {
    if (result.status === "fulfilled") return result.value;
    // scanSource records source failures itself; reaching here means a bug or a closed database.
    const row = rows[i]!;
    const error = result.reason instanceof Error ? result.reason.message : String(result.reason);
    return { source: row.name, kind: row.kind, runId: 0, status: "failed", fetched: 0, added: 0, errors: 1, durationMs: 0, notModified: false, error: `${row.name}: ${error}` };
  });
}
