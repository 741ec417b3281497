/**
 * `earshot serve`: the dashboard. Hono routes requests and parses forms and cookies;
 * @hono/node-server binds it to node:http. Pages are rendered on the server from the store
 * (read-only connection) and work without JavaScript. The only write is a label correction,
 * through the writer connection, behind a CSRF token.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { STAGES } from "../core/classification.js";
import { describeError, UsageError } from "../core/errors.js";
import type { Logger } from "../core/log.js";
import type { DigestFormat } from "../digest/render.js";
import { DIGEST_FORMATS } from "../digest/render.js";
import type { Digest } from "../digest/types.js";
import { parseIsoWeek, toIsoWeek, toIsoWeekLabel, toWeekBucket, toWeekBuckets, type IsoWeek } from "../digest/week.js";
import { toLatestDataWeek } from "../digest/latest-week.js";
import { createTranslator, parseLocale, type Locale, type Translator } from "../i18n/index.js";
import type { Store } from "../store/types.js";
import { ASSETS } from "./assets.js";
import { toDownloadChunks, type DownloadFormat } from "./downloads.js";
import { parseCursorParam, toBrowseFilter, toFilterParams, type FilterContext } from "./filters.js";
import { html } from "./html.js";
import { renderPage, type PageContext, type Section } from "./page.js";
import { renderDigestsBody } from "./pages/digests.js";
import { renderLoginBody } from "./pages/login.js";
import { renderMentionBody } from "./pages/mention.js";
import { renderMentionsBody } from "./pages/mentions.js";
import { renderOverviewBody } from "./pages/overview.js";
import { renderSourcesBody } from "./pages/sources.js";
import { createClientId, createServerKeys, equalsSecret, toHmac, type ListenAddress, type ServerKeys } from "./security.js";

export interface WebOptions {
  /** Read-only store (a read-only connection on SQLite): every page reads through it. */
  store: Store;
  /** The writer: label corrections only. */
  writeStore: Store;
  /** Opens another read-only store: a download streams on its own, so pages stay answerable meanwhile. */
  openReader: () => Promise<Store>;
  /** IANA zone of the digest weeks and of dates shown. */
  timezone: string;
  /** `ui.locale`: the language when the reader has not chosen one (`?lang=`). */
  locale: Locale;
  /** The taxonomy's topics with their stage: the topic filter and the correction form offer these. */
  topics: ReadonlyArray<{ id: string; stage: string }>;
  /**
   * The digest of a week (the same computation as `earshot digest --week`). The Overview asks
   * without themes: it does not show them, and they are most of the digest's time at 1M mentions.
   */
  loadDigest: (store: Store, week: IsoWeek, options: { themes: boolean }) => Promise<Digest>;
  /** Renders a digest in a format, as `earshot digest --format` does. */
  renderDigest: (digest: Digest, format: DigestFormat) => string;
  /** Weeks listed on the Digests page. */
  digestWeeks: number;
  /** The reply-check backlog on the Sources page: kinds whose replies are measured, and the queue's rule. */
  threads: { kinds: readonly string[]; windowMs: number; recheckMs: number };
  /** EARSHOT_UI_TOKEN: when set, every page asks for it once (login form, session cookie). */
  token?: string | undefined;
  /** Set when listening on loopback: the bound port; requests must name a loopback host with it (DNS-rebinding guard). */
  loopbackPort?: (() => number) | undefined;
  now: () => Date;
  keys?: ServerKeys;
  log?: Logger;
  /** Rows per Mentions page. Default 50. */
  pageSize?: number;
}

type Env = { Variables: { t: Translator; csrf: string } };

const CLIENT_COOKIE = "earshot_client";
const SESSION_COOKIE = "earshot_session";
const LANG_COOKIE = "earshot_lang";

// No inline script or style anywhere; forms post only here; no framing.
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// The HTML digest is an e-mail body: its styles are inline by necessity. It gets no script at all.
const DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

const DIGEST_TYPES: Record<DigestFormat, string> = {
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export function createWebApp(options: WebOptions): Hono<Env> {
  const keys = options.keys ?? createServerKeys();
  const pageSize = options.pageSize ?? 50;
  const app = new Hono<Env>();
  const sessionValue = options.token === undefined ? undefined : toHmac(keys.session, options.token);

  app.onError((error, c) => {
    if (error instanceof UsageError) return renderError(c, 400, c.var.t?.t("error.badRequest", { detail: error.message }) ?? error.message);
    options.log?.error({ path: c.req.path, error: describeError(error) }, "web: request failed");
    return renderError(c, 500, c.var.t?.t("error.title") ?? "error");
  });
  app.notFound((c) => renderError(c, 404, c.var.t?.t("error.notFound") ?? "not found"));

  app.use(async (c, next) => {
    await next();
    c.header("Content-Security-Policy", c.res.headers.get("Content-Security-Policy") ?? PAGE_CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    c.header("Cross-Origin-Opener-Policy", "same-origin");
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  // A web page the reader visits can make the browser resolve its own name to 127.0.0.1 and read
  // this server as same-origin (DNS rebinding); requiring a loopback Host header stops that.
  app.use(async (c, next) => {
    if (options.loopbackPort !== undefined) {
      const host = (c.req.header("host") ?? "").toLowerCase();
      const port = options.loopbackPort();
      const allowed = ["127.0.0.1", "localhost", "[::1]"].map((h) => `${h}:${port}`);
      if (!allowed.includes(host)) return c.text("earshot serve: this server answers only to a loopback Host", 421);
    }
    await next();
  });

  app.use(async (c, next) => {
    const chosen = parseLocale(c.req.query("lang"));
    if (chosen) setCookie(c, LANG_COOKIE, chosen, { path: "/", sameSite: "Strict", httpOnly: true, maxAge: 365 * 86_400 });
    const locale = chosen ?? parseLocale(getCookie(c, LANG_COOKIE)) ?? options.locale;
    c.set("t", createTranslator(locale, options.timezone));
    let client = getCookie(c, CLIENT_COOKIE);
    if (!client || !/^[\w-]{24}$/u.test(client)) {
      client = createClientId();
      setCookie(c, CLIENT_COOKIE, client, { path: "/", sameSite: "Strict", httpOnly: true });
    }
    c.set("csrf", toHmac(keys.csrf, client));
    await next();
  });

  // Browsers ask for it on every site; there is none, and a 404 would log an error on every page.
  app.get("/favicon.ico", (c) => {
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(null, 204);
  });

  app.get("/assets/:name", (c) => {
    const asset = Object.values(ASSETS).find((a) => a.path === c.req.path);
    if (!asset) return c.notFound();
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    return c.body(asset.body, 200, { "Content-Type": asset.type });
  });

  // Every form carries the token bound to this client's cookie; SameSite=Strict already keeps
  // other sites' posts from carrying the cookie, the token covers browsers that ignore it.
  app.use(async (c, next) => {
    if (c.req.method === "POST") {
      const body = await c.req.parseBody({ all: true });
      const sent = typeof body.csrf === "string" ? body.csrf : "";
      if (!equalsSecret(sent, c.var.csrf)) return renderError(c, 403, c.var.t.t("error.csrf"));
    }
    await next();
  });

  app.get("/login", (c) => page(c, "login", c.var.t.t("login.title"), renderLoginBody(context(c), false)));
  app.post("/login", async (c) => {
    const body = await c.req.parseBody();
    if (options.token === undefined) return c.redirect("/", 303);
    if (typeof body.token !== "string" || !equalsSecret(body.token, options.token)) {
      options.log?.warn({}, "web: sign-in refused");
      return page(c, "login", c.var.t.t("login.title"), renderLoginBody(context(c), true), 401);
    }
    setCookie(c, SESSION_COOKIE, sessionValue!, { path: "/", sameSite: "Strict", httpOnly: true });
    return c.redirect("/", 303);
  });

  app.use(async (c, next) => {
    if (sessionValue !== undefined && !equalsSecret(getCookie(c, SESSION_COOKIE) ?? "", sessionValue)) return c.redirect("/login", 303);
    await next();
  });

  app.get("/", async (c) => {
    const weekParam = c.req.query("week");
    const week = weekParam ? parseIsoWeek(weekParam) : await toLatestDataWeek(options.store, options.timezone);
    const t = c.var.t;
    if (!week) return page(c, "overview", t.t("overview.title"), renderOverviewBody(context(c), undefined, { label: "", from: "", to: "", partial: false }));
    const digest = await options.loadDigest(options.store, week, { themes: false });
    const bucket = toWeekBucket(week, options.timezone);
    const partial = bucket.end.getTime() > options.now().getTime();
    const day = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: options.timezone }).format(ms);
    return page(c, "overview", t.t("overview.title"), renderOverviewBody(context(c), digest, { label: bucket.label, from: day(bucket.start.getTime()), to: day(bucket.end.getTime() - 1), partial }));
  });

  const filterContext = async (): Promise<FilterContext & { sourceNames: string[] }> => {
    const sources = await options.store.listSources();
    return { timezone: options.timezone, sourceIds: new Map(sources.map((s) => [s.name, s.id])), topics: options.topics, sourceNames: sources.map((s) => s.name) };
  };

  app.get("/mentions", async (c) => {
    const url = new URL(c.req.url);
    const params = toFilterParams(url.searchParams);
    const fc = await filterContext();
    const filter = toBrowseFilter(params, fc);
    const after = parseCursorParam(url.searchParams.get("after"));
    const result = await options.store.browseMentions(filter, { limit: pageSize, ...(after ? { after } : {}) });
    const languages = await options.store.listMentionLanguages(options.timezone);
    const body = renderMentionsBody(context(c), { params, page: result, paged: after !== undefined, sources: fc.sourceNames, languages, topics: options.topics });
    return page(c, "mentions", c.var.t.t("mentions.title"), body);
  });

  const download = (format: DownloadFormat) => async (c: Context<Env>) => {
    const params = toFilterParams(new URL(c.req.url).searchParams);
    const filter = toBrowseFilter(params, await filterContext());
    const reader = await options.openReader();
    // The page's own store is never closed here (on :memory: openReader hands it back).
    const closeReader = async () => {
      if (reader !== options.store && reader !== options.writeStore) await reader.close();
    };
    const chunks = toDownloadChunks(reader.iterateMentions(filter), format);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) {
            await closeReader();
            controller.close();
          } else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          await closeReader();
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
        await closeReader();
      },
    });
    const type = format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    return c.body(stream, 200, { "Content-Type": type, "Content-Disposition": `attachment; filename="earshot-mentions.${format}"` });
  };
  app.get("/mentions.csv", download("csv"));
  app.get("/mentions.jsonl", download("jsonl"));

  app.get("/mentions/:id{[0-9]{1,15}}", async (c) => {
    const id = Number(c.req.param("id"));
    const t = c.var.t;
    const mention = await options.store.loadMentionDetail(id);
    if (!mention) return renderError(c, 404, t.t("mention.notFound", { id }));
    const body = renderMentionBody(context(c), { mention, replies: await options.store.listResponses(id), topics: options.topics, saved: c.req.query("saved") === "1" });
    return page(c, "mentions", t.t("mention.title", { id }), body);
  });

  app.post("/mentions/:id{[0-9]{1,15}}/correction", async (c) => {
    const id = Number(c.req.param("id"));
    const body = await c.req.parseBody({ all: true });
    const sentiment = String(body.sentiment ?? "");
    if (!["negative", "neutral", "positive"].includes(sentiment)) throw new UsageError(`sentiment: "${sentiment}" is not negative, neutral or positive`);
    const complaint = String(body.complaint ?? "");
    if (complaint !== "yes" && complaint !== "no") throw new UsageError(`complaint: "${complaint}" is not yes or no`);
    const sent = body.topics === undefined ? [] : Array.isArray(body.topics) ? body.topics.map(String) : [String(body.topics)];
    const stageOf = new Map(options.topics.map((t) => [t.id, t.stage]));
    const unknown = sent.filter((t) => !stageOf.has(t));
    if (unknown.length > 0) throw new UsageError(`topics: unknown topic ${unknown.map((u) => `"${u}"`).join(", ")}`);
    const topics = [...new Set(sent)];
    const saved = await options.writeStore.saveCorrection({
      mentionId: id,
      sentiment,
      complaint: complaint === "yes",
      topics,
      topicStages: topics.map((topic) => ({ topic, stage: stageOf.get(topic)! })),
      now: options.now(),
    });
    if (!saved) return renderError(c, 404, c.var.t.t("mention.notFound", { id }));
    options.log?.info({ mentionId: id, topics: topics.length }, "web: correction saved");
    return c.redirect(`/mentions/${id}?saved=1#correct`, 303);
  });

  app.get("/sources", async (c) => {
    const measured = (await options.store.listSources()).filter((s) => options.threads.kinds.includes(s.kind));
    const due = await options.store.countThreadsDue(measured.map((s) => s.id), { now: options.now(), windowMs: options.threads.windowMs, recheckMs: options.threads.recheckMs });
    const backlog = new Map(measured.map((s) => [s.name, due.get(s.id) ?? 0]));
    return page(c, "sources", c.var.t.t("sources.title"), renderSourcesBody(context(c), await options.store.listSourceStatus(), backlog));
  });

  app.get("/digests", async (c) => {
    const latest = await toLatestDataWeek(options.store, options.timezone);
    const weeks = latest ? toWeekBuckets(latest, options.digestWeeks, options.timezone).reverse() : [];
    return page(c, "digests", c.var.t.t("digests.title"), renderDigestsBody(context(c), weeks.map((w) => ({ label: w.label, startMs: w.start.getTime(), endMs: w.end.getTime() }))));
  });

  app.get("/digests/:file{\\d{4}-W\\d{2}\\.[a-z]+}", async (c) => {
    const [label, ext] = c.req.param("file").split(".") as [string, string];
    if (!(DIGEST_FORMATS as readonly string[]).includes(ext)) return c.notFound();
    const format = ext as DigestFormat;
    const week = parseIsoWeek(label);
    const text = options.renderDigest(await options.loadDigest(options.store, week, { themes: true }), format);
    const headers: Record<string, string> = { "Content-Type": DIGEST_TYPES[format], "Content-Disposition": `inline; filename="earshot-digest-${toIsoWeekLabel(week)}.${format}"` };
    if (format === "html") headers["Content-Security-Policy"] = DIGEST_CSP;
    return c.body(text, 200, headers);
  });

  function context(c: Context<Env>): PageContext {
    return { t: c.var.t, url: new URL(c.req.url), csrfToken: c.var.csrf };
  }

  function page(c: Context<Env>, section: Section, title: string, body: ReturnType<typeof html>, status: 200 | 401 = 200) {
    return c.html(renderPage(context(c), { title, section, body }), status);
  }

  function renderError(c: Context<Env>, status: 400 | 403 | 404 | 500, message: string) {
    const t = c.var.t ?? createTranslator(options.locale, options.timezone);
    const ctx: PageContext = { t, url: new URL(c.req.url), csrfToken: c.var.csrf ?? "" };
    return c.html(renderPage(ctx, { title: t.t("error.title"), section: "overview", body: html`<p class="error" role="alert">${message}</p>` }), status);
  }

  return app;
}

export interface WebServer {
  /** `http://127.0.0.1:8080`, with the port actually bound. */
  url: string;
  close(): Promise<void>;
}

/** Binds the dashboard to `address` and resolves once it listens. */
export function startWebServer(options: WebOptions, address: ListenAddress): Promise<WebServer> {
  // Port 0 binds a free port: the Host check needs the real one, known once bound.
  let port = address.port;
  const app = createWebApp({ ...options, ...(address.loopback ? { loopbackPort: () => port } : {}) });
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port: address.port, hostname: address.host }, (info: AddressInfo) => {
      port = info.port;
      server.off("error", reject);
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({ url: `http://${host}:${info.port}`, close: () => closeServer(server) });
    });
    server.once("error", reject);
  });
}

/** Stops listening and ends kept-alive connections (a browser's would otherwise hold close() open). */
function closeServer(server: ServerType): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}
