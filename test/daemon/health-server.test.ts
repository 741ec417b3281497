import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseListenAddress, startHealthServer, type HealthServer } from "../../src/daemon/health-server.js";
import { createDaemonMetrics } from "../../src/daemon/metrics.js";
import type { ScanReport } from "../../src/pipeline/scan.js";

const report = (source: string, status: ScanReport["status"], added: number, errors = 0): ScanReport => ({
  source,
  kind: "rss",
  runId: 1,
  status,
  fetched: added,
  added,
  errors,
  durationMs: 5,
  notModified: false,
});

describe("parseListenAddress", () => {
  it.each([
    ["127.0.0.1:9464", { host: "127.0.0.1", port: 9464 }],
    [":9464", { host: "127.0.0.1", port: 9464 }], // no host means loopback, never all interfaces
    ["[::1]:9464", { host: "::1", port: 9464 }],
    ["0.0.0.0:0", { host: "0.0.0.0", port: 0 }],
  ])("%s", (value, expected) => {
    expect(parseListenAddress(value)).toEqual(expected);
  });

  it.each(["9464", "localhost", "127.0.0.1:70000", "127.0.0.1:port"])("refuses %s", (value) => {
    expect(() => parseListenAddress(value)).toThrow(/is not HOST:PORT/);
  });
});

describe("health server", () => {
  let server: HealthServer;
  let healthy = true;
  const metrics = createDaemonMetrics();

  beforeAll(async () => {
    metrics.recordRun(report("lt-reviews", "ok", 10), new Date("2026-11-23T08:00:00Z"));
    metrics.recordRun(report("lt-reviews", "not_modified", 0), new Date("2026-11-23T08:30:00Z"));
    metrics.recordRun(report('odd"name', "failed", 0, 1), new Date("2026-11-23T08:30:00Z"));
    server = await startHealthServer(parseListenAddress("127.0.0.1:0"), {
      health: () => ({ ok: healthy, sources: 2 }),
      metrics: () => metrics.render({ inFlight: 1, failingSources: ['odd"name'], sources: ["lt-reviews", 'odd"name'] }),
    });
  });
  afterAll(() => server.close());

  it("answers /healthz with 200 while healthy and 503 when not", async () => {
    const ok = await fetch(`${server.origin}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, sources: 2 });
    healthy = false;
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(503);
    healthy = true;
  });

  it("serves Prometheus text with escaped labels", async () => {
    const response = await fetch(`${server.origin}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const body = await response.text();
    expect(body).toContain('earshot_scan_runs_total{source="lt-reviews",status="ok"} 1');
    expect(body).toContain('earshot_mentions_added_total{source="lt-reviews"} 10');
    expect(body).toContain('earshot_scan_errors_total{source="odd\\"name"} 1');
    expect(body).toContain('earshot_source_failing{source="odd\\"name"} 1');
    expect(body).toContain("earshot_scans_in_flight 1");
    expect(body).toContain(`earshot_last_success_timestamp_seconds{source="lt-reviews"} ${Date.parse("2026-11-23T08:30:00Z") / 1000}`);
    expect(body).not.toContain('earshot_last_success_timestamp_seconds{source="odd');
  });

  it("answers 404 for other paths and 405 for other methods", async () => {
    expect((await fetch(`${server.origin}/`)).status).toBe(404);
    expect((await fetch(`${server.origin}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
