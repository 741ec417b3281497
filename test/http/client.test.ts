import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HttpError } from "../../src/core/errors.js";
import { createHttpClient, httpErrorCodes, type HttpClient, type HttpClientOptions } from "../../src/http/client.js";
import { startReplay, type ReplayServer } from "../../src/replay/server.js";

const LT = "Siunta vėluoja jau savaitę";

/** Test clients never reach the internet and never wait between retries. */
function createTestClient(options: HttpClientOptions = {}): HttpClient {
  return createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, contact: "ops@example.lt", ...options });
}

async function failureOf(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error("expected the request to fail");
}

describe("createHttpClient", () => {
  let replay: ReplayServer;
  let client: HttpClient;
  const clients: HttpClient[] = [];
  const requestsTo = (path: string) => replay.requests.filter((request) => request.path === path);

  beforeAll(async () => {
    replay = await startReplay({
      "/feed.xml": { fixture: "http/lt-windows-1257" }, // ETag "lt-v1"; the replay answers 304 on a match
      "/ru.html": { fixture: "http/ru-windows-1251" },
      "/moved": { status: 301, headers: { location: "/feed.xml" } },
      "/loop-a": { status: 302, headers: { location: "/loop-b" } },
      "/loop-b": { status: 302, headers: { location: "/loop-a" } },
      "/to-internet": { status: 302, headers: { location: "http://example.com/feed.xml" } },
      "/rate-limited-seconds": { status: 429, headers: { "retry-after": "120" } },
      "/rate-limited-date": { status: 429, headers: { "retry-after": "Mon, 03 Nov 2025 10:02:00 GMT" } },
      "/unavailable": { status: 503 },
      "/unavailable-with-retry-after": { status: 503, headers: { "retry-after": "30" } },
      "/not-found": { status: 404 },
      "/bad-gateway-once": [{ status: 502 }, { body: "ok" }],
      "/reset-once": [{ fault: "reset" }, { body: "ok" }],
      "/truncated-once": [{ fault: "truncate", body: "x".repeat(200) }, { body: "ok" }],
      "/always-reset": { fault: "reset" },
      "/large": { body: Buffer.alloc(4096, 0x61) },
      "/large-chunked": { body: Buffer.alloc(256 * 1024, 0x61), headers: { "transfer-encoding": "chunked" } },
      "/hang": { fault: "hang" },
      // Far longer than undici's coarse body-timeout tick, so the timeout always fires first.
      "/stall": { fault: "drip", body: "abcdef", delayMs: 10_000 },
      "/json": { headers: { "content-type": "application/json" }, body: '{"ok":true}' },
      "/session": { headers: { "content-type": "application/json" }, body: '{"accessJwt":"token"}' },
      "/rpc-unavailable": { status: 503 },
      "/post-see-other": { status: 303, headers: { location: "/json" } },
      "/bad-json": { headers: { "content-type": "application/json" }, body: '{"ok":}' },
      "/html-block": { headers: { "content-type": "text/html; charset=utf-8" }, body: "<html><body>Access denied</body></html>" },
    });
    client = createTestClient({ now: () => new Date("2025-11-03T10:00:00Z") });
    clients.push(client);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await replay.close();
  });

  describe("conditional GET", () => {
    it("returns the body decoded from its prolog charset with the validators", async () => {
      const response = await client.get(replay.url("/feed.xml"));
      expect(response).toMatchObject({ status: 200, notModified: false, headers: { etag: '"lt-v1"' } });
      expect(response.text()).toContain(LT);
    });

    it("sends If-None-Match from the stored ETag and returns notModified on 304", async () => {
      const response = await client.get(replay.url("/feed.xml"), { etag: '"lt-v1"' });
      expect(response).toMatchObject({ status: 304, notModified: true });
      expect(response.body).toHaveLength(0);
      expect(requestsTo("/feed.xml").at(-1)?.headers["if-none-match"]).toBe('"lt-v1"');
    });

    it("sends If-Modified-Since from the stored Last-Modified", async () => {
      const response = await client.get(replay.url("/feed.xml"), { lastModified: "Mon, 03 Nov 2025 09:15:00 GMT" });
      expect(response.notModified).toBe(true);
      expect(requestsTo("/feed.xml").at(-1)?.headers["if-modified-since"]).toBe("Mon, 03 Nov 2025 09:15:00 GMT");
    });

    it("gets the full body again when the ETag changed", async () => {
      const response = await client.get(replay.url("/feed.xml"), { etag: '"lt-v0"' });
      expect(response.notModified).toBe(false);
      expect(response.body.length).toBeGreaterThan(0);
    });
  });

  it("decodes a windows-1251 page declared only by <meta http-equiv>", async () => {
    const response = await client.get(replay.url("/ru.html"));
    expect(response.text()).toContain("Доставка задерживается");
  });

  it("identifies itself with an honest User-Agent naming the contact", async () => {
    await client.get(replay.url("/json"));
    expect(requestsTo("/json").at(-1)?.headers["user-agent"]).toMatch(
      /^earshot\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/earshot\/earshot; contact: ops@example\.lt\)$/,
    );
  });

  describe("Retry-After is a schedule, never a sleep", () => {
    it("turns 429 with Retry-After seconds into retryAfterMs without retrying", async () => {
      const error = await failureOf(client.get(replay.url("/rate-limited-seconds")));
      expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, code: httpErrorCodes.status });
      expect(requestsTo("/rate-limited-seconds")).toHaveLength(1);
    });

    it("turns 429 with an HTTP-date into retryAfterMs measured from the injected clock", async () => {
      const error = await failureOf(client.get(replay.url("/rate-limited-date")));
      expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    });

    it("does not retry a 503 that carries Retry-After", async () => {
      const error = await failureOf(client.get(replay.url("/unavailable-with-retry-after")));
      expect(error).toMatchObject({ status: 503, retryAfterMs: 30_000 });
      expect(requestsTo("/unavailable-with-retry-after")).toHaveLength(1);
    });
  });

  describe("inline retry", () => {
    it("retries a 503 twice, then fails naming the request", async () => {
      const url = replay.url("/unavailable");
      const error = await failureOf(client.get(url));
      expect(error.message).toBe(`[GET] "${url}": 503 Service Unavailable (after 3 attempts)`);
      expect(error.retryAfterMs).toBeUndefined();
      expect(requestsTo("/unavailable")).toHaveLength(3);
    });

    it("succeeds on 502 then 200 with exactly 2 requests", async () => {
      const response = await client.get(replay.url("/bad-gateway-once"));
      expect(response.text()).toBe("ok");
      expect(requestsTo("/bad-gateway-once")).toHaveLength(2);
    });

    it("retries a connection reset", async () => {
      const response = await client.get(replay.url("/reset-once"));
      expect(response.text()).toBe("ok");
      expect(requestsTo("/reset-once")).toHaveLength(2);
    });

    it("retries a body cut short of its Content-Length", async () => {
      const response = await client.get(replay.url("/truncated-once"));
      expect(response.text()).toBe("ok");
      expect(requestsTo("/truncated-once")).toHaveLength(2);
    });

    it("reports a network error with its cause once retries run out", async () => {
      const error = await failureOf(client.get(replay.url("/always-reset")));
      expect(error).toMatchObject({ status: 0, code: httpErrorCodes.network });
      expect(error.cause).toBeInstanceOf(Error);
      expect(requestsTo("/always-reset")).toHaveLength(3);
    });

    it("does not retry a 404", async () => {
      const error = await failureOf(client.get(replay.url("/not-found")));
      expect(error).toMatchObject({ status: 404, code: httpErrorCodes.status });
      expect(requestsTo("/not-found")).toHaveLength(1);
    });
  });

  describe("body-size cap", () => {
    it("refuses a body over the cap from its Content-Length", async () => {
      const error = await failureOf(client.get(replay.url("/large"), { maxBodyBytes: 1024 }));
      expect(error.code).toBe(httpErrorCodes.tooLarge);
      expect(error.message).toContain("Content-Length");
    });

    it("refuses a chunked body while streaming, without a Content-Length", async () => {
      const error = await failureOf(client.get(replay.url("/large-chunked"), { maxBodyBytes: 16 * 1024 }));
      expect(error.code).toBe(httpErrorCodes.tooLarge);
      expect(requestsTo("/large-chunked").at(-1)).toBeDefined();
      expect(error.message).not.toContain("Content-Length");
    });

    it("accepts a body exactly at the cap", async () => {
      const response = await client.get(replay.url("/large"), { maxBodyBytes: 4096 });
      expect(response.body).toHaveLength(4096);
    });
  });

  describe("timeouts", () => {
    it("gives up when headers do not arrive in time, without retrying", async () => {
      const impatient = createTestClient({ headersTimeoutMs: 50 });
      clients.push(impatient);
      const error = await failureOf(impatient.get(replay.url("/hang")));
      expect(error).toMatchObject({ status: 0, code: httpErrorCodes.timeout });
      expect(error.message).toContain("no response headers within 50 ms");
      expect(requestsTo("/hang")).toHaveLength(1);
    });

    it("gives up when the body stalls", async () => {
      const impatient = createTestClient({ bodyTimeoutMs: 50 });
      clients.push(impatient);
      const error = await failureOf(impatient.get(replay.url("/stall")));
      expect(error).toMatchObject({ status: 0, code: httpErrorCodes.timeout });
    });
  });

  it("aborts an in-flight request when the caller's signal fires", async () => {
    const controller = new AbortController();
    const pending = client.get(replay.url("/hang?abort"), { signal: controller.signal });
    await vi.waitFor(() => expect(replay.requests.some((request) => request.path === "/hang?abort")).toBe(true));
    controller.abort(new Error("scan deadline"));
    const error = await failureOf(pending);
    expect(error).toMatchObject({ code: httpErrorCodes.aborted });
    expect(error.cause).toEqual(new Error("scan deadline"));
  });

  describe("redirects", () => {
    it("follows a redirect and reports the final URL", async () => {
      const response = await client.get(replay.url("/moved"));
      expect(response.url).toBe(replay.url("/feed.xml"));
      expect(response.text()).toContain(LT);
    });

    it("stops a redirect loop with a clear error", async () => {
      const error = await failureOf(client.get(replay.url("/loop-a")));
      expect(error.code).toBe(httpErrorCodes.redirect);
      expect(error.message).toContain(`redirect loop: ${replay.url("/loop-a")} → ${replay.url("/loop-b")} → ${replay.url("/loop-a")}`);
    });

    it("stops after maxRedirects", async () => {
      const strict = createTestClient({ maxRedirects: 0 });
      clients.push(strict);
      const error = await failureOf(strict.get(replay.url("/moved")));
      expect(error.message).toContain("more than 0 redirects");
    });
  });

  describe("loopbackOnly", () => {
    it.each(["http://example.com/feed.xml", "http://10.0.0.1/", "http://[2001:db8::1]/", "http://localhost.example.com/"])(
      "refuses %s before connecting",
      async (url) => {
        const error = await failureOf(client.get(url));
        expect(error).toMatchObject({ status: 0, code: httpErrorCodes.hostRefused });
      },
    );

    it("refuses a redirect that leaves loopback", async () => {
      const error = await failureOf(client.get(replay.url("/to-internet")));
      expect(error.code).toBe(httpErrorCodes.hostRefused);
      expect(error.message).toContain('refused host "example.com"');
    });

    it("accepts localhost by name", async () => {
      const response = await client.get(replay.url("/json").replace("127.0.0.1", "localhost"));
      expect(response.status).toBe(200);
    });
  });

  it("POSTs JSON with its content type and parses the JSON answer", async () => {
    const answer = await client.postJson<{ accessJwt: string }>(replay.url("/session"), { json: { identifier: "nordvik.example", password: "app-pass" } });
    expect(answer).toEqual({ accessJwt: "token" });
    const sent = requestsTo("/session").at(-1);
    expect(sent?.method).toBe("POST");
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent?.body ?? "")).toEqual({ identifier: "nordvik.example", password: "app-pass" });
  });

  it("POSTs a form body", async () => {
    await client.post(replay.url("/json"), { form: { "f.req": '[["x"]]' } });
    const sent = requestsTo("/json").at(-1);
    expect(sent?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent?.body).toBe("f.req=%5B%5B%22x%22%5D%5D");
  });

  it("never retries a POST inline and names the method in the error", async () => {
    await expect(client.post(replay.url("/rpc-unavailable"), { json: {} })).rejects.toThrow(/^\[POST\] ".*\/rpc-unavailable": 503/);
    expect(requestsTo("/rpc-unavailable")).toHaveLength(1);
  });

  it("follows a 303 after a POST with a GET", async () => {
    const response = await client.post(replay.url("/post-see-other"), { json: {} });
    expect(response.status).toBe(200);
    expect(requestsTo("/json").at(-1)?.method).toBe("GET");
  });

  it("refuses a non-http URL", async () => {
    const error = await failureOf(client.get("file:///etc/passwd"));
    expect(error.code).toBe(httpErrorCodes.url);
  });

  describe("getJson", () => {
    it("parses JSON and asks for it with Accept", async () => {
      await expect(client.getJson<{ ok: boolean }>(replay.url("/json"))).resolves.toEqual({ ok: true });
      expect(requestsTo("/json").at(-1)?.headers.accept).toBe("application/json");
    });

    it("names the URL and the position of malformed JSON", async () => {
      const url = replay.url("/bad-json");
      const error = await failureOf(client.getJson(url));
      expect(error.code).toBe(httpErrorCodes.body);
      expect(error.message).toContain(`[GET] "${url}": 200 OK: invalid JSON at position 6 (line 1, column 7)`);
      expect(error.cause).toBeInstanceOf(SyntaxError);
    });

    it("says so when an HTML page came back instead of JSON", async () => {
      const error = await failureOf(client.getJson(replay.url("/html-block")));
      expect(error.code).toBe(httpErrorCodes.body);
      expect(error.message).toContain("expected JSON but got text/html");
    });
  });
});

describe("per-host concurrency", () => {
  let replay: ReplayServer;
  let client: HttpClient;

  beforeAll(async () => {
    // The server delay keeps requests overlapping, so an unlimited client would show 6 in flight.
    replay = await startReplay({ "/slow": { body: "ok", delayMs: 30 } });
    client = createTestClient({ perHostConcurrency: 2 });
  });

  afterAll(async () => {
    await client.close();
    await replay.close();
  });

  it("never has more than perHostConcurrency requests in flight to one host", async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => client.get(replay.url(`/slow?i=${i}`))));
    expect(responses.map((response) => response.text())).toEqual(Array(6).fill("ok"));
    expect(replay.maxInFlight).toBe(2);
  });
});
