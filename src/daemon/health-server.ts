import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UsageError } from "../core/errors.js";

export interface HealthServer {
  /** e.g. "http://127.0.0.1:9464". */
  origin: string;
  close(): Promise<void>;
}

export interface HealthEndpoints {
  /** JSON body of /healthz; `ok: false` answers 503 so supervisors can act on it. */
  health(): Promise<{ ok: boolean; [key: string]: unknown }> | { ok: boolean; [key: string]: unknown };
  /** Prometheus text of /metrics. */
  metrics(): Promise<string> | string;
}

/** Parses `--listen 127.0.0.1:9464` (host optional: `:9464` means 127.0.0.1). */
export function parseListenAddress(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/u.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new UsageError(`--listen "${value}" is not HOST:PORT (for example 127.0.0.1:9464)`);
  return { host: match[1] ?? (match[2] || "127.0.0.1"), port };
}

/** Serves /healthz and /metrics for supervisors and Prometheus; nothing else, GET only. */
export async function startHealthServer(address: { host: string; port: number }, endpoints: HealthEndpoints): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
    } else if (path === "/healthz") {
      answer(response, async () => {
        const health = await endpoints.health();
        response.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(health));
      });
    } else if (path === "/metrics") {
      answer(response, async () => {
        const text = await endpoints.metrics();
        response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(text);
      });
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === "IPv6" ? `[${bound.address}]` : bound.address;
  return {
    origin: `http://${host}:${bound.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The gauges read the store: a store that cannot answer makes the endpoint say 503, not hang. */
function answer(response: ServerResponse, write: () => Promise<void>): void {
  write().catch((error: unknown) => {
    if (!response.headersSent) response.writeHead(503, { "content-type": "text/plain" });
    response.end(`store unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
  });
}
