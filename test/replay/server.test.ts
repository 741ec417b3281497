import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EarshotError } from "../../src/core/errors.js";
import { defaultFixturesDir, loadFixture, startReplay, type ReplayServer } from "../../src/replay/server.js";

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A bare node:http GET, so these tests depend on nothing but the server under test. */
function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("aborted", () => reject(new Error("response aborted")));
      response.on("end", () => {
        // A truncated body ends with `complete` still false.
        if (!response.complete) reject(new Error("incomplete response"));
        else resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

const fixtureBytes = (name: string) => readFile(path.join(defaultFixturesDir, `${name}.xml`));

describe("startReplay", () => {
  let replay: ReplayServer;

  beforeAll(async () => {
    replay = await startReplay({
      "/feed.xml": { fixture: "http/lt-windows-1257" },
      "/sequence": [{ status: 503 }, { body: "second" }, { body: "last" }],
      "/search": { body: "any query" },
      "/search?q=acme": { body: "exact query" },
      "/expects-etag": { status: 304, expect: { "If-None-Match": '"v1"' } },
      "/override": { fixture: "http/lt-windows-1257", status: 500, headers: { "X-Extra": "yes" } },
      "/reset": { fault: "reset" },
      "/truncate": { fault: "truncate", body: "0123456789" },
      "/drip": { fault: "drip", body: "drip", delayMs: 1 },
      "/chunked": { body: "abc", headers: { "transfer-encoding": "chunked" } },
    });
  });

  afterAll(() => replay.close());

  it("listens on 127.0.0.1 with an OS-picked port", () => {
    expect(replay.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(replay.url("/feed.xml")).toBe(`${replay.origin}/feed.xml`);
  });

  it("serves a fixture byte-exact with its recorded status and headers", async () => {
    const response = await fetchRaw(replay.url("/feed.xml"));
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ "content-type": "application/rss+xml", etag: '"lt-v1"' });
    expect(response.body.equals(await fixtureBytes("http/lt-windows-1257"))).toBe(true);
  });

  describe("conditional GET on fixtures (RFC 9110 §13.1)", () => {
    it.each<{ name: string; headers: Record<string, string>; status: number }>([
      { name: "matching If-None-Match", headers: { "if-none-match": '"lt-v1"' }, status: 304 },
      // If-None-Match uses weak comparison (RFC 9110 §13.1.2) and may list several tags.
      { name: "weak tag in a list", headers: { "if-none-match": '"other", W/"lt-v1"' }, status: 304 },
      { name: "wildcard", headers: { "if-none-match": "*" }, status: 304 },
      { name: "stale If-None-Match", headers: { "if-none-match": '"lt-v0"' }, status: 200 },
      { name: "If-Modified-Since at Last-Modified", headers: { "if-modified-since": "Mon, 03 Nov 2025 09:15:00 GMT" }, status: 304 },
      { name: "If-Modified-Since before Last-Modified", headers: { "if-modified-since": "Mon, 03 Nov 2025 09:14:59 GMT" }, status: 200 },
      // A recipient must ignore If-Modified-Since when If-None-Match is present (RFC 9110 §13.1.3).
      { name: "stale If-None-Match beats a fresh If-Modified-Since", headers: { "if-none-match": '"lt-v0"', "if-modified-since": "Mon, 03 Nov 2025 09:15:00 GMT" }, status: 200 },
    ])("$name → $status", async ({ headers, status }) => {
      const response = await fetchRaw(replay.url("/feed.xml"), headers);
      expect(response.status).toBe(status);
      if (status === 304) {
        expect(response.body).toHaveLength(0);
        expect(response.headers.etag).toBe('"lt-v1"');
      }
    });
  });

  it("serves a sequence in order and repeats the last step", async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetchRaw(replay.url("/sequence"));
      statuses.push(`${response.status} ${response.body.toString()}`);
    }
    expect(statuses).toEqual(["503 ", "200 second", "200 last", "200 last"]);
  });

  it("prefers an exact path?query route and falls back to the bare path", async () => {
    expect((await fetchRaw(replay.url("/search?q=acme"))).body.toString()).toBe("exact query");
    expect((await fetchRaw(replay.url("/search?q=other"))).body.toString()).toBe("any query");
  });

  it("checks expected request headers and explains a mismatch with a 400", async () => {
    expect((await fetchRaw(replay.url("/expects-etag"), { "if-none-match": '"v1"' })).status).toBe(304);
    const mismatch = await fetchRaw(replay.url("/expects-etag"));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.toString()).toBe('replay: expected request header if-none-match: "v1", got (none)\n');
  });

  it("lets a step override the fixture's status and add headers, skipping the automatic 304", async () => {
    const response = await fetchRaw(replay.url("/override"), { "if-none-match": '"lt-v1"' });
    expect(response.status).toBe(500);
    expect(response.headers).toMatchObject({ "x-extra": "yes", etag: '"lt-v1"' });
  });

  it("answers 404 for an unknown path", async () => {
    const response = await fetchRaw(replay.url("/nope"));
    expect(response.status).toBe(404);
    expect(response.body.toString()).toContain("no route for /nope");
  });

  it("records method, path with query and lower-cased headers", async () => {
    await fetchRaw(replay.url("/search?q=recorded"), { "X-Probe": "1" });
    expect(replay.requests.at(-1)).toMatchObject({ method: "GET", path: "/search?q=recorded", headers: { "x-probe": "1" } });
  });

  describe("faults", () => {
    it("reset destroys the connection", async () => {
      await expect(fetchRaw(replay.url("/reset"))).rejects.toMatchObject({ code: "ECONNRESET" });
    });

    it("truncate sends half of the declared Content-Length", async () => {
      await expect(fetchRaw(replay.url("/truncate"))).rejects.toThrow();
    });

    it("drip delivers the whole body one byte at a time", async () => {
      const response = await fetchRaw(replay.url("/drip"));
      expect(response.body.toString()).toBe("drip");
      expect(response.headers["content-length"]).toBe("4");
    });

    it("chunked omits Content-Length", async () => {
      const response = await fetchRaw(replay.url("/chunked"));
      expect(response.body.toString()).toBe("abc");
      expect(response.headers["content-length"]).toBeUndefined();
      expect(response.headers["transfer-encoding"]).toBe("chunked");
    });
  });

  it("close() ends hanging requests instead of waiting for them", async () => {
    const hanging = await startReplay({ "/hang": { fault: "hang" } });
    const pending = fetchRaw(hanging.url("/hang"));
    const settled = pending.then(
      () => "answered",
      () => "dropped",
    );
    await vi.waitFor(() => expect(hanging.requests).toHaveLength(1));
    await hanging.close();
    expect(await settled).toBe("dropped");
  });
});

describe("loadFixture", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "earshot-replay-"));
    await writeFile(path.join(dir, "plain.json"), '{"a":1}');
    await writeFile(path.join(dir, "bad-meta.xml"), "<x/>");
    await writeFile(path.join(dir, "bad-meta.meta.json"), '{"status":"ok"}');
    await writeFile(path.join(dir, "twice.xml"), "<x/>");
    await writeFile(path.join(dir, "twice.rss"), "<x/>");
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("resolves the default fixtures dir to the repository's fixtures/", () => {
    expect(defaultFixturesDir).toBe(path.join(process.cwd(), "fixtures") + path.sep);
  });

  it("reads the recorded status and headers with lower-cased names", async () => {
    const fixture = await loadFixture("http/lt-windows-1257");
    expect(fixture.status).toBe(200);
    expect(fixture.headers).toMatchObject({ etag: '"lt-v1"', "last-modified": "Mon, 03 Nov 2025 09:15:00 GMT" });
    expect(fixture.body.equals(await fixtureBytes("http/lt-windows-1257"))).toBe(true);
  });

  it("treats a fixture without meta as 200 and guesses the Content-Type from the extension", async () => {
    await expect(loadFixture("plain", dir)).resolves.toMatchObject({ status: 200, headers: { "content-type": "application/json" } });
  });

  it.each([
    { name: "missing file", fixture: "absent", message: 'replay: fixture "absent": no file absent.<ext>' },
    { name: "missing folder", fixture: "nowhere/absent", message: 'replay: fixture "nowhere/absent": cannot read' },
    { name: "bad meta", fixture: "bad-meta", message: 'replay: fixture "bad-meta": bad bad-meta.meta.json: "status" is not a number' },
    { name: "ambiguous extension", fixture: "twice", message: 'replay: fixture "twice": several files match' },
  ])("names the fixture and the problem: $name", async ({ fixture, message }) => {
    const error = await loadFixture(fixture, dir).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(EarshotError);
    expect((error as EarshotError).code).toBe("ES_ERR_REPLAY_FIXTURE");
    expect((error as EarshotError).message).toContain(message);
  });

  it("makes startReplay fail up front when a route names a missing fixture", async () => {
    await expect(startReplay({ "/x": { fixture: "absent" } }, { fixturesDir: dir })).rejects.toThrow('fixture "absent"');
  });
});
