import { readFileSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import { isIPv4 } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import PQueue from "p-queue";
import { Agent, type Dispatcher } from "undici";
import { HttpError } from "../core/errors.js";
import { decodeBody } from "./charset.js";
import { findJsonErrorPosition } from "./json-position.js";
import { parseRetryAfter } from "./retry-after.js";
import type { GetOptions, HttpClient, HttpResponse, PostOptions } from "./types.js";

export type { GetOptions, HttpClient, HttpResponse, PostOptions } from "./types.js";

export interface HttpClientOptions {
  /** Full User-Agent override. Default: `earshot/<version> (+https://github.com/earshot/earshot; contact: <contact>)`. */
  userAgent?: string;
  /**
   * Who to contact about this crawler (an email or URL), put in the default User-Agent so site
   * owners can reach a person instead of blocking. The config layer fills it from EARSHOT_CONTACT.
   */
  contact?: string;
  /**
   * Time to wait for response headers, in ms. Default 15000. undici checks both timeouts on a
   * coarse ~0.5 s tick, so very small values fire up to a second late. The caller's signal bounds
   * the whole request.
   */
  headersTimeoutMs?: number;
  /** Longest pause between body chunks, in ms (an idle timeout, not a total). Default 30000. */
  bodyTimeoutMs?: number;
  /** Body-size cap in bytes; larger bodies are refused while streaming. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Requests in flight per host (host:port); one queue per host. Default 2. */
  perHostConcurrency?: number;
  /** Extra tries after a network error or a 502/503/504 without Retry-After. Default 2. */
  maxRetries?: number;
  /** Pause before retry number `attempt` (1-based), in ms. Default 250·2^(attempt-1), capped at 2000. Use `() => 0` in tests. */
  retryDelayMs?: (attempt: number) => number;
  /** Refuse every host except 127.0.0.0/8, ::1 and localhost (tests and the demo). Default false. */
  loopbackOnly?: boolean;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  /** Clock for HTTP-date Retry-After values. Default `() => new Date()`. */
  now?: () => Date;
}

/** Stable codes on the HttpErrors this client throws. */
export const httpErrorCodes = {
  /** The server answered with a status that is neither 2xx nor 304. */
  status: "ES_ERR_HTTP_STATUS",
  /** No headers within headersTimeoutMs, body stalled past bodyTimeoutMs, or connect timed out. */
  timeout: "ES_ERR_HTTP_TIMEOUT",
  /** Body larger than maxBodyBytes (by Content-Length or while streaming). */
  tooLarge: "ES_ERR_HTTP_TOO_LARGE",
  /** Connection refused/reset/closed early, DNS failure, truncated body. */
  network: "ES_ERR_HTTP_NETWORK",
  /** A body that is not what was asked for (invalid JSON, HTML instead of JSON). */
  body: "ES_ERR_HTTP_BODY",
  /** Host outside the loopback range while loopbackOnly is set. */
  hostRefused: "ES_ERR_HOST_REFUSED",
  /** Redirect loop, too many redirects, or an unusable Location. */
  redirect: "ES_ERR_HTTP_REDIRECT",
  /** Not an absolute http(s) URL. */
  url: "ES_ERR_HTTP_URL",
  /** The caller's signal aborted the request. */
  aborted: "ES_ERR_HTTP_ABORTED",
} as const;

const MIB = 1024 * 1024;
const PROJECT_URL = "https://github.com/earshot/earshot";

/**
 * Inline retry policy, GET only. Everything here is transient and cheap to try again within a
 * scan. Timeouts are not retried: a hung server usually stays hung, and the scan deadline is
 * better spent on other sources. 429, and any status carrying Retry-After, is never retried inline:
 * it becomes next_check_at (STYLE.md §6).
 */
const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** Same list as undici's RetryHandler, plus a truncated body (server closed mid-response). */
const RETRY_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);
/** RFC 9110 §15.4: the redirect statuses that carry a Location to follow. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Credentials must not follow a redirect to another origin (WHATWG Fetch "HTTP-redirect fetch"). */
const CROSS_ORIGIN_DROPPED_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** What is sent: the method changes to GET on a 301/302/303 redirect of a POST. */
interface Outgoing {
  method: "GET" | "POST";
  body?: string;
}

/** Raw result of one request/response exchange, before policy (redirect, retry, error) applies. */
interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const headersTimeoutMs = options.headersTimeoutMs ?? 15_000;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 30_000;
  const defaultMaxBodyBytes = options.maxBodyBytes ?? 10 * MIB;
  const perHostConcurrency = options.perHostConcurrency ?? 2;
  const maxRetries = options.maxRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => Math.min(250 * 2 ** (attempt - 1), 2000));
  const maxRedirects = options.maxRedirects ?? 5;
  const now = options.now ?? (() => new Date());
  const userAgent = options.userAgent ?? toUserAgent(loadPackageVersion(), options.contact);

  const agent = new Agent({ headersTimeout: headersTimeoutMs, bodyTimeout: bodyTimeoutMs });
  // One queue per host:port keeps us polite to each server without one slow host starving the rest.
  const queues = new Map<string, PQueue>();
  const queueFor = (url: URL): PQueue => {
    let queue = queues.get(url.host);
    if (!queue) {
      queue = new PQueue({ concurrency: perHostConcurrency });
      queues.set(url.host, queue);
    }
    return queue;
  };

  async function exchange(request: Outgoing, url: URL, headers: Record<string, string>, signal: AbortSignal | undefined, maxBodyBytes: number): Promise<Exchange> {
    const response = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: signal ?? null,
      headersTimeout: headersTimeoutMs,
      bodyTimeout: bodyTimeoutMs,
    });
    const responseHeaders = toHeaderRecord(response.headers);
    if (response.statusCode < 200 || response.statusCode > 299) {
      // Only 2xx bodies are used; dump() reads a little and frees the connection for reuse.
      await response.body.dump();
      return { status: response.statusCode, headers: responseHeaders, body: Buffer.alloc(0) };
    }
    const body = await readCappedBody(url, response.body, responseHeaders["content-length"], maxBodyBytes);
    return { status: response.statusCode, headers: responseHeaders, body };
  }

  function get(input: URL | string, getOptions: GetOptions = {}): Promise<HttpResponse> {
    return send({ method: "GET" }, input, getOptions);
  }

  function post(input: URL | string, postOptions: PostOptions): Promise<HttpResponse> {
    const { json, form, ...rest } = postOptions;
    const body = json !== undefined ? JSON.stringify(json) : new URLSearchParams(form ?? {}).toString();
    const contentType = json !== undefined ? "application/json" : "application/x-www-form-urlencoded;charset=UTF-8";
    return send({ method: "POST", body }, input, { ...rest, headers: { "content-type": contentType, ...rest.headers } });
  }

  async function send(initial: Outgoing, input: URL | string, getOptions: GetOptions): Promise<HttpResponse> {
    const { signal } = getOptions;
    const maxBodyBytes = getOptions.maxBodyBytes ?? defaultMaxBodyBytes;
    let request = initial;
    let url = toUrl(input);
    let headers = toRequestHeaders(userAgent, getOptions);
    const visited = [url.href];
    let retries = 0;

    for (;;) {
      if (options.loopbackOnly && !isLoopbackHost(url.hostname)) {
        throw new HttpError({
          url: url.href,
          status: 0,
          code: httpErrorCodes.hostRefused,
          detail: `refused host "${url.hostname}": this client only talks to loopback (127.0.0.0/8, ::1, localhost)`,
        });
      }

      let answer: Exchange;
      try {
        const target = url;
        const current = request;
        answer = await queueFor(target).add(() => exchange(current, target, headers, signal, maxBodyBytes), { signal });
      } catch (error) {
        const failure = toHttpError(error, url, signal, { headersTimeoutMs, bodyTimeoutMs }, request.method);
        if (request.method === "GET" && failure.code === httpErrorCodes.network && isRetryableNetworkError(error) && retries < maxRetries) {
          retries++;
          await pauseBeforeRetry(url, retryDelayMs(retries), signal);
          continue;
        }
        throw failure;
      }

      const { status } = answer;
      if (status === 304) return toResponse(url, answer, true);
      if (status >= 200 && status <= 299) return toResponse(url, answer, false);

      const location = answer.headers.location;
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        const next = toRedirectTarget(url, location, visited, maxRedirects);
        if (next.origin !== url.origin) headers = withoutHeaders(headers, CROSS_ORIGIN_DROPPED_HEADERS);
        // RFC 9110 §15.4: 307/308 repeat the method and body; 301/302/303 continue as a GET.
        if (request.method !== "GET" && status !== 307 && status !== 308) {
          request = { method: "GET" };
          headers = withoutHeaders(headers, ["content-type"]);
        }
        visited.push(next.href);
        url = next;
        continue;
      }

      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(answer.headers["retry-after"], now()) : undefined;
      if (request.method === "GET" && RETRY_STATUSES.has(status) && retryAfterMs === undefined && retries < maxRetries) {
        retries++;
        await pauseBeforeRetry(url, retryDelayMs(retries), signal);
        continue;
      }
      throw new HttpError({
        url: url.href,
        method: request.method,
        status,
        code: httpErrorCodes.status,
        detail: describeStatus(status, retryAfterMs, retries),
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      });
    }
  }

  async function getJson<T>(input: URL | string, getOptions: GetOptions = {}): Promise<T> {
    return parseJsonResponse<T>(await get(input, { ...getOptions, headers: { accept: "application/json", ...getOptions.headers } }));
  }

  async function postJson<T>(input: URL | string, postOptions: PostOptions): Promise<T> {
    return parseJsonResponse<T>(await post(input, { ...postOptions, headers: { accept: "application/json", ...postOptions.headers } }));
  }

  function parseJsonResponse<T>(response: HttpResponse): T {
    const bodyError = (detail: string, cause?: unknown): HttpError =>
      new HttpError(
        { url: response.url, status: response.status, code: httpErrorCodes.body, detail: `${STATUS_CODES[response.status] ?? ""}: ${detail}` },
        { cause },
      );
    if (response.notModified) throw bodyError("no JSON body to parse; use get() for conditional requests");
    const mediaType = response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
    // A 200 text/html answer to a JSON API is almost always a login wall, a consent page or a bot block.
    if (mediaType === "text/html" || mediaType === "application/xhtml+xml") {
      throw bodyError(`expected JSON but got ${mediaType} (a block, login or consent page?)`);
    }
    const text = response.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const position = findJsonErrorPosition(text);
      const where = position ? ` at position ${position.offset} (line ${position.line}, column ${position.column})` : "";
      throw bodyError(`invalid JSON${where}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }

  return {
    get,
    getJson,
    post,
    postJson,
    async close() {
      await agent.close();
    },
  };
}

function toUserAgent(version: string, contact: string | undefined): string {
  return `earshot/${version} (+${PROJECT_URL}${contact ? `; contact: ${contact}` : ""})`;
}

/** package.json sits two levels up from both src/http/ and dist/http/. */
function loadPackageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "0.0.0";
}

function toUrl(input: URL | string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (error) {
    throw new HttpError({ url: String(input), status: 0, code: httpErrorCodes.url, detail: "not an absolute URL" }, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HttpError({ url: url.href, status: 0, code: httpErrorCodes.url, detail: `unsupported protocol "${url.protocol}"` });
  }
  return url;
}

function isLoopbackHost(hostname: string): boolean {
  // WHATWG URL parsing already canonicalises 127.1, 0x7f.1 etc. to dotted quads, and IPv6 to "[::1]".
  return hostname === "localhost" || hostname === "[::1]" || (isIPv4(hostname) && hostname.startsWith("127."));
}

function toRequestHeaders(userAgent: string, options: GetOptions): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": userAgent, accept: "*/*" };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  // Conditional GET (RFC 9110 §13.1.1, §13.1.3): the validators come from the source's cursor.
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  return headers;
}

function withoutHeaders(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

function toHeaderRecord(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    record[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return record;
}

/**
 * Streams the body, refusing it as soon as it passes the cap so a hostile server cannot fill memory.
 * Done here rather than with undici's maxResponseSize because that is fixed per Agent, while
 * GetOptions.maxBodyBytes varies per request.
 */
async function readCappedBody(
  url: URL,
  body: Dispatcher.ResponseData["body"],
  contentLength: string | undefined,
  maxBodyBytes: number,
): Promise<Buffer> {
  const tooLarge = (what: string): HttpError =>
    new HttpError({ url: url.href, status: 0, code: httpErrorCodes.tooLarge, detail: `body ${what} exceeds the ${maxBodyBytes}-byte cap` });
  if (contentLength !== undefined && Number(contentLength) > maxBodyBytes) {
    // dump() with a limit below Content-Length destroys the stream at once and, unlike a bare
    // destroy(), listens for the resulting abort error itself.
    await body.dump({ limit: 1 });
    throw tooLarge(`of ${contentLength} bytes (Content-Length)`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    // Leaving the for-await loop destroys the stream, so nothing past this chunk is read.
    if (size > maxBodyBytes) throw tooLarge(`of at least ${size} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

function toResponse(url: URL, answer: Exchange, notModified: boolean): HttpResponse {
  const { status, headers, body } = answer;
  return { url: url.href, status, headers, body, notModified, text: () => decodeBody(body, headers["content-type"]) };
}

function toRedirectTarget(from: URL, location: string, visited: readonly string[], maxRedirects: number): URL {
  const fail = (detail: string, cause?: unknown): HttpError =>
    new HttpError({ url: from.href, status: 0, code: httpErrorCodes.redirect, detail }, { cause });
  let next: URL;
  try {
    // Location may be relative to the request URL (RFC 9110 §10.2.2).
    next = new URL(location, from);
  } catch (error) {
    throw fail(`redirect to an invalid Location "${location}"`, error);
  }
  if (next.protocol !== "http:" && next.protocol !== "https:") throw fail(`redirect to unsupported protocol "${next.protocol}"`);
  if (visited.includes(next.href)) throw fail(`redirect loop: ${[...visited, next.href].join(" → ")}`);
  if (visited.length > maxRedirects) throw fail(`more than ${maxRedirects} redirects: ${visited.join(" → ")}`);
  return next;
}

function describeStatus(status: number, retryAfterMs: number | undefined, retries: number): string {
  const text = STATUS_CODES[status] ?? "Unknown Status";
  const after = retryAfterMs !== undefined ? `; Retry-After ${retryAfterMs} ms` : "";
  const tries = retries > 0 ? ` (after ${retries + 1} attempts)` : "";
  return `${text}${after}${tries}`;
}

function errorCodeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string") return own;
  return error.cause === undefined ? undefined : errorCodeOf(error.cause);
}

function isRetryableNetworkError(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && RETRY_NETWORK_CODES.has(code)) return true;
  }
  return false;
}

function toHttpError(
  error: unknown,
  url: URL,
  signal: AbortSignal | undefined,
  timeouts: { headersTimeoutMs: number; bodyTimeoutMs: number },
  method: string,
): HttpError {
  if (error instanceof HttpError) return error;
  if (signal?.aborted) {
    return new HttpError({ url: url.href, method, status: 0, code: httpErrorCodes.aborted, detail: "aborted" }, { cause: signal.reason ?? error });
  }
  const code = errorCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const detail =
      code === "UND_ERR_HEADERS_TIMEOUT"
        ? `no response headers within ${timeouts.headersTimeoutMs} ms`
        : code === "UND_ERR_BODY_TIMEOUT"
          ? `body stalled for more than ${timeouts.bodyTimeoutMs} ms`
          : `connect timed out: ${message}`;
    return new HttpError({ url: url.href, method, status: 0, code: httpErrorCodes.timeout, detail }, { cause: error });
  }
  return new HttpError(
    { url: url.href, method, status: 0, code: httpErrorCodes.network, detail: `network error${code ? ` ${code}` : ""}: ${message}` },
    { cause: error },
  );
}

async function pauseBeforeRetry(url: URL, delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(delayMs, undefined, signal ? { signal } : {});
  } catch (error) {
    throw new HttpError({ url: url.href, status: 0, code: httpErrorCodes.aborted, detail: "aborted while waiting to retry" }, { cause: signal?.reason ?? error });
  }
}
