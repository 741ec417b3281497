import type { ThreadCheckReport } from "../pipeline/check-threads.js";
import type { ScanReport } from "../pipeline/scan.js";
import type { ThreadBacklog } from "../store/types.js";
import type { QueueDepths } from "./work-queue.js";

/** In-process counters served at /metrics in Prometheus text format (version 0.0.4). */
export interface DaemonMetrics {
  recordRun(report: ScanReport, at: Date): void;
  recordThreadCheck(report: ThreadCheckReport): void;
  /** `queue`: the cluster's scan queue (PostgreSQL mode); absent for a single SQLite daemon. */
  render(gauges: { inFlight: number; failingSources: string[]; sources: string[]; threadBacklog?: ThreadBacklog[]; queue?: QueueDepths }): string;
}

interface SourceCounters {
  runs: Map<string, number>;
  added: number;
  errors: number;
  lastSuccessSeconds?: number;
}

export function createDaemonMetrics(): DaemonMetrics {
  const bySource = new Map<string, SourceCounters>();
  const threadChecks = new Map<string, { runs: Map<string, number>; responses: number }>();
  const countersFor = (source: string): SourceCounters => {
    let counters = bySource.get(source);
    if (!counters) {
      counters = { runs: new Map(), added: 0, errors: 0 };
      bySource.set(source, counters);
    }
    return counters;
  };
  return {
    recordRun(report, at) {
      const counters = countersFor(report.source);
      counters.runs.set(report.status, (counters.runs.get(report.status) ?? 0) + 1);
      counters.added += report.added;
      counters.errors += report.errors;
      if (report.status !== "failed" && report.status !== "interrupted") counters.lastSuccessSeconds = at.getTime() / 1000;
    },
    recordThreadCheck(report) {
      let counters = threadChecks.get(report.source);
      if (!counters) threadChecks.set(report.source, (counters = { runs: new Map(), responses: 0 }));
      counters.runs.set(report.status, (counters.runs.get(report.status) ?? 0) + 1);
      counters.responses += report.responses;
    },
    render({ inFlight, failingSources, sources, threadBacklog = [], queue }) {
      const lines: string[] = [];
      const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      family("earshot_scan_runs_total", "counter", "Scan runs by source and final status.");
      for (const [source, c] of bySource) for (const [status, n] of c.runs) lines.push(`earshot_scan_runs_total{source="${label(source)}",status="${label(status)}"} ${n}`);
      family("earshot_mentions_added_total", "counter", "New mentions stored.");
      for (const [source, c] of bySource) lines.push(`earshot_mentions_added_total{source="${label(source)}"} ${c.added}`);
      family("earshot_scan_errors_total", "counter", "Item and page errors recorded.");
      for (const [source, c] of bySource) lines.push(`earshot_scan_errors_total{source="${label(source)}"} ${c.errors}`);
      family("earshot_last_success_timestamp_seconds", "gauge", "Unix time of the last successful scan.");
      for (const [source, c] of bySource) if (c.lastSuccessSeconds !== undefined) lines.push(`earshot_last_success_timestamp_seconds{source="${label(source)}"} ${c.lastSuccessSeconds}`);
      family("earshot_source_failing", "gauge", "1 when the source failed too many times in a row.");
      for (const source of sources) lines.push(`earshot_source_failing{source="${label(source)}"} ${failingSources.includes(source) ? 1 : 0}`);
      family("earshot_scans_in_flight", "gauge", "Scans running or waiting right now.");
      lines.push(`earshot_scans_in_flight ${inFlight}`);
      family("earshot_thread_checks_total", "counter", "Thread checks for brand replies by source and status.");
      for (const [source, c] of threadChecks) for (const [status, n] of c.runs) lines.push(`earshot_thread_checks_total{source="${label(source)}",status="${label(status)}"} ${n}`);
      family("earshot_brand_responses_added_total", "counter", "Brand replies stored by thread checks.");
      for (const [source, c] of threadChecks) lines.push(`earshot_brand_responses_added_total{source="${label(source)}"} ${c.responses}`);
      family("earshot_complaints_unanswered", "gauge", "Complaints in the response window not answered by the brand (measurable sources).");
      for (const b of threadBacklog) lines.push(`earshot_complaints_unanswered{source="${label(b.source)}"} ${b.unanswered}`);
      family("earshot_complaints_answered", "gauge", "Complaints in the response window answered by the brand.");
      for (const b of threadBacklog) lines.push(`earshot_complaints_answered{source="${label(b.source)}"} ${b.answered}`);
      family("earshot_thread_checks_due", "gauge", "Threads due for a check now (the thread-check backlog).");
      for (const b of threadBacklog) lines.push(`earshot_thread_checks_due{source="${label(b.source)}"} ${b.due}`);
      if (queue) {
        family("earshot_queue_jobs", "gauge", "Scan jobs in the cluster's queue by state (queued, active, dead_letter).");
        lines.push(`earshot_queue_jobs{state="queued"} ${queue.queued}`, `earshot_queue_jobs{state="active"} ${queue.active}`, `earshot_queue_jobs{state="dead_letter"} ${queue.deadLetters}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
}

// Prometheus exposition format: label values escape backslash, double quote and newline.
function label(value: string): string {
  return value.replace(/\\/gu, "\\\\").replace(/"/gu, '\\"').replace(/\n/gu, "\\n");
}
