import { request } from "node:http";
import { load } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "../../src/i18n/index.js";
import { CATALOGUES } from "../../src/i18n/translate.js";
import { closeDb } from "../../src/store/sqlite/db.js";
import { checkListenAccess, parseListenAddress } from "../../src/web/security.js";
import { startTestDashboard } from "./seed.js";

type Started = Awaited<ReturnType<typeof startTestDashboard>>;

/** A browser-like client: keeps cookies, follows nothing by itself. */
function createClient(base: string) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(base + path, { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, value] = pair!.split("=");
      jar.set(name!, value!);
    }
    return response;
  };
  return {
    jar,
    get: (path: string) => request(path),
    post: (path: string, form: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const value of [v].flat()) body.append(k, value);
      return request(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    },
  };
}

const csrfOf = (page: string) => load(page)('input[name="csrf"]').attr("value") ?? "";

describe("earshot serve (over HTTP on loopback)", () => {
  let started: Started;
  beforeAll(async () => {
    started = await startTestDashboard();
  });
  afterAll(() => started.dashboard.close());

  const PAGES = ["/", "/?week=2026-W47", "/mentions", "/mentions?complaint=yes&topic=delivery", "/mentions?q=veluoja", "/mentions/1", "/sources", "/digests"];

  it.each(LOCALES.flatMap((locale) => PAGES.map((path) => [locale, path] as const)))("%s: %s renders in that language under a CSP with no inline script or style", async (locale, path) => {
    const client = createClient(started.url);
    const response = await client.get(`${path}${path.includes("?") ? "&" : "?"}lang=${locale}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    const $ = load(await response.text());
    expect($("html").attr("lang")).toBe(locale);
    expect($("nav a[aria-current=page]").text()).not.toBe("");
    // The navigation is the catalogue's, so an English word there in another locale is a missing translation.
    expect($("nav a").first().text()).toBe(CATALOGUES[locale]["nav.overview"]);
    $("script").each((_, s) => expect($(s).attr("src")).toMatch(/^\/assets\//u));
    expect($("[style]").length, "inline style attributes").toBe(0);
    $("*").each((_, node) => {
      for (const name of Object.keys((node as unknown as { attribs: Record<string, string> }).attribs)) expect(name.startsWith("on"), name).toBe(false);
    });
    // Every form field has a label.
    $("input:not([type=hidden]), select").each((_, field) => {
      const id = $(field).attr("id");
      const labelled = (id !== undefined && $(`label[for="${id}"]`).length > 0) || $(field).closest("label").length > 0;
      expect(labelled, `field ${$(field).attr("name")}`).toBe(true);
    });
  });

  it("keeps the chosen language in a cookie", async () => {
    const client = createClient(started.url);
    await client.get("/?lang=fi");
    expect(load(await (await client.get("/sources")).text())("html").attr("lang")).toBe("fi");
  });

  it("filters, searches and pages the mentions", async () => {
    const client = createClient(started.url);
    const ids = async (path: string) => load(await (await client.get(path)).text())("td.excerpt a").map((_, a) => load(a)("a").attr("href")).get();
    expect(await ids("/mentions?q=SIUNTA+veluoja")).toHaveLength(1);
    expect(await ids("/mentions?lang=ru")).toHaveLength(1);
    expect(await ids("/mentions?from=2026-11-16&to=2026-11-22&complaint=yes")).toHaveLength(3 + 1 + 1);
    const first = load(await (await client.get("/mentions")).text());
    expect(first("td.excerpt a")).toHaveLength(50);
    const older = first('a[rel="next"]').attr("href")!;
    const second = await ids(older);
    expect(second).toHaveLength(62 - 50);
    expect(second).not.toContain(first("td.excerpt a").first().attr("href"));
  });

  it.each([
    ["/mentions?complaint=maybe", "complaint"],
    ["/mentions?from=2026-13-01", "from"],
    ["/mentions?source=nope", "source"],
    ["/mentions?after=x", "after"],
    ["/?week=2026-W99", "week 99"],
  ])("answers %s with 400 naming the parameter", async (path, name) => {
    const response = await createClient(started.url).get(path);
    expect(response.status).toBe(400);
    expect(load(await response.text())("[role=alert]").text()).toContain(name);
  });

  it("downloads exactly the filtered rows as CSV and JSONL", async () => {
    const client = createClient(started.url);
    const jsonl = await (await client.get("/mentions.jsonl?topic=delivery&from=2026-11-16&to=2026-11-22")).text();
    const rows = jsonl.trim().split("\n").map((l) => JSON.parse(l) as { externalId: string; topics: string[]; classifierVersion: string });
    // The version text, not the id of its classifier_versions row (migration 0010).
    expect(rows.every((r) => r.classifierVersion === "test-1")).toBe(true);
    expect(rows.map((r) => r.externalId).sort()).toEqual(["lt-1", "w9-0", "w9-2", "w9-4"]);
    const csv = await client.get("/mentions.csv?lang=ru");
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const lines = (await csv.text()).replace(/^\uFEFF/u, "").trim().split("\r\n");
    expect(lines[0]!.split(",")[0]).toBe("id");
    expect(lines).toHaveLength(2);
  });

  it("serves each week's digest in every format", async () => {
    const client = createClient(started.url);
    const page = load(await (await client.get("/digests")).text());
    // Newest first: the latest complete week of the data (W46; W47 ends after its newest mention).
    expect(page("tbody th").first().text()).toBe("2026-W46");
    const links = page('a[href^="/digests/2026-W46."]').map((_, a) => page(a).attr("href")).get();
    expect(links).toHaveLength(4);
    for (const link of links) expect((await client.get(link)).status, link).toBe(200);
    expect((await client.get("/digests/2026-W47.json")).headers.get("content-type")).toContain("application/json");
  });

  it("refuses a correction without the form token, saves one with it, and the overview changes", async () => {
    const client = createClient(started.url);
    const page = await (await client.get("/mentions/1")).text();
    const overview = async () => load(await (await client.get("/?week=2026-W38&lang=en")).text())("#topics + table tbody th").map((_, th) => load(th).text()).get();
    const before = await overview();
    expect(before).not.toContain("Pricing and terms");
    const form = { sentiment: "neutral", complaint: "yes", topics: ["delivery", "pricing_terms"] };
    expect((await client.post("/mentions/1/correction", form)).status).toBe(403);
    expect((await client.post("/mentions/1/correction", { ...form, csrf: "forged" })).status).toBe(403);
    const saved = await client.post("/mentions/1/correction", { ...form, csrf: csrfOf(page) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/mentions/1?saved=1#correct");
    const after = load(await (await client.get("/mentions/1?saved=1")).text());
    expect(after("[role=status]").text()).not.toBe("");
    expect(after('input[value="pricing_terms"]').attr("checked")).toBeDefined();
    // The corrected topic now counts in that week's overview.
    expect(await overview()).toContain("Pricing and terms");
    const db = started.db();
    expect(db.$client.prepare("select sentiment, topics from mentions where id = 1").get()).toEqual({ sentiment: "neutral", topics: '["delivery","pricing_terms"]' });
    expect(db.$client.prepare("select count(*) from corrections where mention_id = 1").pluck().get()).toBe(1);
    closeDb(db);
  });

  it("refuses an unknown topic in a correction", async () => {
    const client = createClient(started.url);
    const csrf = csrfOf(await (await client.get("/mentions/2")).text());
    const response = await client.post("/mentions/2/correction", { sentiment: "neutral", complaint: "no", topics: "made_up", csrf });
    expect(response.status).toBe(400);
  });

  it("answers only to a loopback Host (DNS rebinding)", async () => {
    const { port } = new URL(started.url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ host: "127.0.0.1", port, path: "/", headers: { host: "attacker.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(421);
  });

  it("says 404 for a mention that does not exist", async () => {
    expect((await createClient(started.url).get("/mentions/99999")).status).toBe(404);
  });
});

describe("listening beyond loopback", () => {
  it.each([
    ["127.0.0.1:8080", true],
    ["[::1]:0", true],
    ["localhost:8080", true],
    ["0.0.0.0:8080", false],
    ["192.168.1.10:80", false],
  ])("%s is loopback: %s", (text, loopback) => {
    expect(parseListenAddress(text).loopback).toBe(loopback);
  });

  it("refuses to start without EARSHOT_UI_TOKEN, and refuses a short token", () => {
    expect(() => checkListenAccess(parseListenAddress("0.0.0.0:8080"), undefined)).toThrow(/EARSHOT_UI_TOKEN/u);
    expect(() => checkListenAccess(parseListenAddress("0.0.0.0:8080"), "short")).toThrow(/too short/u);
    expect(() => checkListenAccess(parseListenAddress("127.0.0.1:8080"), undefined)).not.toThrow();
    expect(() => parseListenAddress("example.com:80")).toThrow(/host:port/u);
  });

  it("with a token, asks for it once and keeps the session in an HttpOnly SameSite=Strict cookie", async () => {
    const token = "a-long-enough-test-token";
    // 0.0.0.0 is not loopback: the token is required; the test still connects over 127.0.0.1.
    const started = await startTestDashboard({ env: { EARSHOT_UI_TOKEN: token }, listen: "0.0.0.0:0" });
    try {
      const base = started.url.replace("0.0.0.0", "127.0.0.1");
      const client = createClient(base);
      const first = await client.get("/mentions");
      expect(first.status).toBe(303);
      expect(first.headers.get("location")).toBe("/login");
      const login = await (await client.get("/login")).text();
      expect((await client.post("/login", { token: "wrong-token-wrong-token", csrf: csrfOf(login) })).status).toBe(401);
      const ok = await fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ token, csrf: csrfOf(login) }),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      expect(ok.status).toBe(303);
      const session = ok.headers.getSetCookie().find((c) => c.startsWith("earshot_session="))!;
      expect(session).toMatch(/HttpOnly/iu);
      expect(session).toMatch(/SameSite=Strict/iu);
      client.jar.set("earshot_session", session.split(";")[0]!.split("=")[1]!);
      expect((await client.get("/mentions")).status).toBe(200);
    } finally {
      await started.dashboard.close();
    }
  });
});
