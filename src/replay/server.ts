import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EarshotError } from "../core/errors.js";

/**
 * A loopback HTTP server that replays recorded payloads from fixtures/. It is product code: the
 * `earshot demo` command and the tests both scan through it, so the demo exercises the same HTTP
 * path as production.
 */

/** One scripted answer. A fixture supplies status, headers and body; the other fields override it. */
export interface ReplayStep {
  /**
   * Fixture name relative to the fixtures dir, without extension: "rss/lt-windows-1257" serves
   * fixtures/rss/lt-windows-1257.<ext> byte-exact, with status and headers from
   * fixtures/rss/lt-windows-1257.meta.json (`{"status":200,"headers":{…}}`, optional).
   * Fixture answers honour If-None-Match / If-Modified-Since against the recorded ETag /
   * Last-Modified with a 304, like the real server would.
   */
  fixture?: string;
  /** Response status. Default: the fixture's, else 200. */
  status?: number;
  /** Response headers, merged over the fixture's. */
  headers?: Record<string, string>;
  /** Response body, replacing the fixture's. */
  body?: string | Buffer;
  /** Request headers that must match exactly (names case-insensitive); a mismatch answers 400 explaining which. */
  expect?: Record<string, string>;
  /**
   * Scripted failure:
   * - `reset`: destroy the socket with a TCP RST instead of answering;
   * - `hang`: never answer (until the server closes);
   * - `truncate`: declare the full Content-Length, send half the body, then close the connection;
   * - `drip`: send the body one byte every `delayMs` (default 10 ms).
   */
  fault?: "reset" | "hang" | "truncate" | "drip";
  /** Wait this long before answering, in ms (for `drip`: the pause between bytes). */
  delayMs?: number;
}

/**
 * Path (e.g. "/feed.xml") or path plus query for an exact match ("/search?q=acme") → one step, or a
 * sequence served in order whose last step repeats. An exact path?query route wins over the bare path.
 */
export type ReplayRoutes = Record<string, ReplayStep | readonly ReplayStep[]>;

export interface RecordedRequest {
  method: string;
  /** Path plus query, as sent. */
  path: string;
  /** Lower-cased request header names. */
  headers: IncomingHttpHeaders;
  /** The request body as UTF-8 text ("" for none). */
  body: string;
}

export interface ReplayServer {
  /** Absolute URL on this server for `path` (which starts with "/"). */
  url(path: string): string;
  /** e.g. "http://127.0.0.1:53124". */
  origin: string;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Most requests ever being answered at the same time (for per-host concurrency tests). */
  readonly maxInFlight: number;
  /** Stops listening and drops open connections, including hanging ones. */
  close(): Promise<void>;
}

/** A recorded payload: the body bytes exactly as stored, plus its recorded status and headers. */
export interface Fixture {
  body: Buffer;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
}

export interface ReplayOptions {
  /** Root of the fixtures tree. Default: the repository's fixtures/. */
  fixturesDir?: string;
  /** Interface to listen on. Default "127.0.0.1"; the port is always picked by the OS. */
  host?: string;
  /**
   * Port to try first (the demo uses a fixed one so recorded URLs, and with them ids and
   * cursors, stay the same across runs); if it is taken, the OS picks one. Default: OS-picked.
   */
  preferredPort?: number;
}

/** The repository's fixtures/: two levels up from both src/replay/ and dist/replay/. */
export const defaultFixturesDir = fileURLToPath(new URL("../../fixtures/", import.meta.url));

const DRIP_INTERVAL_MS = 10;

/** Used only when a fixture has no recorded Content-Type; never adds a charset (bytes stay as recorded). */
const CONTENT_TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  xml: "application/xml",
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/json",
  html: "text/html",
  csv: "text/csv",
  txt: "text/plain",
};

/** Framing headers are recomputed for the bytes actually served, never replayed. */
const FRAMING_HEADERS = ["content-length", "transfer-encoding", "connection", "keep-alive"];

/**
 * RFC 9110 §15.4.5: a 304 repeats the validators and caching headers a 200 would have carried.
 */
const NOT_MODIFIED_HEADERS = ["etag", "last-modified", "cache-control", "expires", "vary", "content-location"];

/** Reads fixtures/<name>.<ext> byte-exact plus its optional <name>.meta.json. */
export async function loadFixture(name: string, fixturesDir: string = defaultFixturesDir): Promise<Fixture> {
  const stem = path.join(fixturesDir, name);
  const dir = path.dirname(stem);
  const base = path.basename(stem);
  const files = await readdir(dir).catch((error: unknown) => {
    throw new EarshotError("ES_ERR_REPLAY_FIXTURE", `replay: fixture "${name}": cannot read ${dir}`, { cause: error });
  });
  // "<base>.<ext>" with a single-segment extension, so "feed" never picks up "feed.v2.xml".
  const matches = files.filter((file) => file.startsWith(`${base}.`) && !file.endsWith(".meta.json") && !file.slice(base.length + 1).includes("."));
  const [file] = matches;
  if (file === undefined || matches.length > 1) {
    const problem = matches.length > 1 ? `several files match (${matches.join(", ")})` : `no file ${base}.<ext> in ${dir}`;
    throw new EarshotError("ES_ERR_REPLAY_FIXTURE", `replay: fixture "${name}": ${problem}`);
  }

  const body = await readFile(path.join(dir, file));
  const meta = await loadFixtureMeta(name, path.join(dir, `${base}.meta.json`));
  const headers = lowerCaseKeys(meta.headers ?? {});
  const guessed = CONTENT_TYPE_BY_EXTENSION[path.extname(file).slice(1).toLowerCase()];
  if (headers["content-type"] === undefined && guessed !== undefined) headers["content-type"] = guessed;
  return { body, status: meta.status ?? 200, headers };
}

async function loadFixtureMeta(name: string, metaPath: string): Promise<{ status?: number; headers?: Record<string, string> }> {
  let text: string;
  try {
    text = await readFile(metaPath, "utf8");
  } catch (error) {
    // The meta file is optional: a fixture without one is a plain 200.
    if ((error as { code?: unknown }).code === "ENOENT") return {};
    throw error;
  }
  try {
    const meta = JSON.parse(text) as { status?: unknown; headers?: unknown };
    if (meta.status !== undefined && typeof meta.status !== "number") throw new Error('"status" is not a number');
    if (meta.headers !== undefined && (typeof meta.headers !== "object" || meta.headers === null)) throw new Error('"headers" is not an object');
    return meta as { status?: number; headers?: Record<string, string> };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EarshotError("ES_ERR_REPLAY_FIXTURE", `replay: fixture "${name}": bad ${path.basename(metaPath)}: ${detail}`, { cause: error });
  }
}

/** Starts the server on an OS-picked port. Fixtures are loaded up front so a missing one fails here, not mid-test. */
export async function startReplay(routes: ReplayRoutes, options: ReplayOptions = {}): Promise<ReplayServer> {
  const fixturesDir = options.fixturesDir ?? defaultFixturesDir;
  const host = options.host ?? "127.0.0.1";

  const fixtures = new Map<string, Fixture>();
  for (const steps of Object.values(routes)) {
    for (const step of toSteps(steps)) {
      if (step.fixture !== undefined && !fixtures.has(step.fixture)) fixtures.set(step.fixture, await loadFixture(step.fixture, fixturesDir));
    }
  }

  const requests: RecordedRequest[] = [];
  // How many times each route has answered: picks the next step of a sequence.
  const served = new Map<string, number>();
  // Pending delays and drips, cleared on close so no timer outlives the server.
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((request, response) => {
    const target = request.url ?? "/";
    const recorded: RecordedRequest = { method: request.method ?? "GET", path: target, headers: request.headers, body: "" };
    requests.push(recorded);
    // Request bodies (POST logins, RPC calls) are small; they arrive while the answer is prepared.
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => void (recorded.body += chunk));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on("close", () => inFlight--);

    const key = Object.hasOwn(routes, target) ? target : target.split("?")[0] ?? target;
    const steps = Object.hasOwn(routes, key) ? toSteps(routes[key] as ReplayStep | readonly ReplayStep[]) : [];
    if (steps.length === 0) {
      sendText(response, 404, `replay: no route for ${target}\n`);
      return;
    }
    const count = served.get(key) ?? 0;
    served.set(key, count + 1);
    const step = steps[Math.min(count, steps.length - 1)] as ReplayStep;
    const fixture = step.fixture === undefined ? undefined : fixtures.get(step.fixture);
    const answer = () => answerStep(step, fixture, request, response, later);
    if (step.delayMs !== undefined && step.fault !== "drip") later(step.delayMs, answer);
    else answer();
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  try {
    await listen(options.preferredPort ?? 0);
  } catch (error) {
    if (options.preferredPort === undefined || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    await listen(0);
  }
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    origin,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    url: (pathAndQuery) => `${origin}${pathAndQuery}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive and hanging sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function answerStep(
  step: ReplayStep,
  fixture: Fixture | undefined,
  request: IncomingMessage,
  response: ServerResponse,
  later: (ms: number, run: () => void) => void,
): void {
  // The client may have given up during a delay.
  if (response.destroyed) return;

  const mismatch = findExpectMismatch(step.expect, request.headers);
  if (mismatch) {
    sendText(response, 400, `replay: ${mismatch}\n`);
    return;
  }

  if (step.fault === "reset") {
    request.socket.resetAndDestroy();
    return;
  }
  if (step.fault === "hang") return;

  const headers = { ...withoutKeys(fixture?.headers ?? {}, FRAMING_HEADERS), ...lowerCaseKeys(step.headers ?? {}) };
  const body = step.body === undefined ? fixture?.body ?? Buffer.alloc(0) : Buffer.from(step.body);
  const status = step.status ?? fixture?.status ?? 200;

  if (fixture && step.status === undefined && status === 200 && isNotModified(request.headers, headers)) {
    response.writeHead(304, pickKeys(headers, NOT_MODIFIED_HEADERS));
    response.end();
    return;
  }

  if (step.fault === "truncate") {
    response.writeHead(status, { ...headers, "content-length": String(body.length) });
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => request.socket.destroy());
    return;
  }
  if (step.fault === "drip") {
    response.writeHead(status, { ...headers, "content-length": String(body.length) });
    dripBody(response, body, step.delayMs ?? DRIP_INTERVAL_MS, later);
    return;
  }
  if (headers["transfer-encoding"] === "chunked") {
    // No Content-Length: the client learns the size only while reading (size-cap tests).
    response.writeHead(status, headers);
    response.write(body);
    response.end();
    return;
  }
  response.writeHead(status, { "content-length": String(body.length), ...headers });
  response.end(body);
}

function dripBody(response: ServerResponse, body: Buffer, intervalMs: number, later: (ms: number, run: () => void) => void, offset = 0): void {
  if (response.destroyed) return;
  if (offset >= body.length) {
    response.end();
    return;
  }
  response.write(body.subarray(offset, offset + 1));
  later(intervalMs, () => dripBody(response, body, intervalMs, later, offset + 1));
}

/**
 * RFC 9110 §13.1.2: If-None-Match uses weak comparison and, when present, makes the server ignore
 * If-Modified-Since (§13.1.3); If-Modified-Since matches when the resource is not newer.
 */
function isNotModified(requestHeaders: IncomingHttpHeaders, responseHeaders: Record<string, string>): boolean {
  const ifNoneMatch = requestHeaders["if-none-match"];
  const etag = responseHeaders.etag;
  if (ifNoneMatch !== undefined) {
    if (etag === undefined) return false;
    const candidates = ifNoneMatch.split(",").map((tag) => tag.trim());
    return candidates.includes("*") || candidates.some((tag) => toWeakTag(tag) === toWeakTag(etag));
  }
  const ifModifiedSince = requestHeaders["if-modified-since"];
  const lastModified = responseHeaders["last-modified"];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function toWeakTag(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

function findExpectMismatch(expect: Record<string, string> | undefined, headers: IncomingHttpHeaders): string | undefined {
  for (const [name, wanted] of Object.entries(expect ?? {})) {
    const got = headers[name.toLowerCase()];
    const actual = Array.isArray(got) ? got.join(", ") : got;
    if (actual !== wanted) return `expected request header ${name.toLowerCase()}: ${wanted}, got ${actual === undefined ? "(none)" : actual}`;
  }
  return undefined;
}

function sendText(response: ServerResponse, status: number, text: string): void {
  const body = Buffer.from(text, "utf8");
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": String(body.length) });
  response.end(body);
}

function toSteps(steps: ReplayStep | readonly ReplayStep[]): readonly ReplayStep[] {
  return Array.isArray(steps) ? steps : [steps as ReplayStep];
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

function withoutKeys(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

function pickKeys(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name)));
}
