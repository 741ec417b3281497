import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNELS, type Cursor, type MentionDraft } from "../../src/core/mention.js";
import { HttpError, ParseError } from "../../src/core/errors.js";
import type { ThreadRef } from "../../src/core/response.js";
import { createHttpClient } from "../../src/http/client.js";
import type { HttpClient } from "../../src/http/types.js";
import { scanSource } from "../../src/pipeline/scan.js";
import { startReplay, type ReplayRoutes, type ReplayServer, type ReplayStep } from "../../src/replay/server.js";
import { createSourceRegistry, type AnySource } from "../../src/sources/registry.js";
import type { FetchContext, Page } from "../../src/sources/types.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { addSource, loadSource } from "../../src/store/sqlite/sources.js";
import { createTestClock, createTestDeps } from "../helpers/deps.js";

/** The recorded conversations one source kind is checked against. */
export interface ContractScenarios {
  /** Routes of a normal scan: one or more pages that end. Payloads must exceed 1 KiB (the oversized check). */
  routes: ReplayRoutes;
  /** The source's raw config pointing at the replay server. */
  config(replay: ReplayServer): Record<string, unknown>;
  /** How many mentions the normal scan yields. */
  expectedMentions: number;
  /** Routes where a payload is malformed; `item` is the id the ParseError must name, when the fault is in one item. */
  malformed: { routes: ReplayRoutes; item?: string };
  /** Routes for a scan that resumes from a stored cursor and finds nothing new (304 or an empty page). */
  nothingNew: { routes: ReplayRoutes; cursor: Cursor };
  /**
   * Thread fetches for brand response tracking (sources with `replies: "thread"`): the recorded
   * thread of `thread`, how many replies it holds (deleted ones included) and which authors.
   */
  replies?: { routes: ReplayRoutes; thread: ThreadRef; expectedReplies: number; authors: string[]; malformed: ReplayRoutes };
}

const MAX_PAGES = 100;

async function collectPages(source: AnySource, ctx: FetchContext, config: unknown, cursor: Cursor | null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of source.pages(ctx, config, cursor)) {
    pages.push(page);
    if (pages.length > MAX_PAGES) throw new Error(`${source.kind}: more than ${MAX_PAGES} pages: paging does not end`);
  }
  return pages;
}

function expectValidDraft(draft: MentionDraft): void {
  expect(draft.externalId).toMatch(/\S/u);
  expect(typeof draft.text).toBe("string");
  expect(CHANNELS).toContain(draft.channel);
  if (draft.publishedAt !== undefined) expect(Number.isNaN(draft.publishedAt.getTime())).toBe(false);
  if (draft.rating !== undefined) expect(draft.rating).toBeGreaterThanOrEqual(0);
}

/** Replaces every step of every route with `step`: the same paths now answer differently. */
function everyRouteAnswers(routes: ReplayRoutes, step: ReplayStep): ReplayRoutes {
  return Object.fromEntries(Object.keys(routes).map((path) => [path, step]));
}

/**
 * The behaviour every source must share (STYLE.md §7), run against recorded payloads served
 * by the replay server: paging ends, resuming adds nothing, 304/empty pages yield nothing,
 * malformed payloads raise a ParseError naming source and item, oversized bodies are refused,
 * and a 429 becomes the next check time instead of a sleep.
 */
export function sourceContract(source: AnySource, scenarios: ContractScenarios): void {
  describe(`source contract: ${source.kind}`, () => {
    const servers: ReplayServer[] = [];
    const clients: HttpClient[] = [];
    let normal: ReplayServer;

    async function serve(routes: ReplayRoutes): Promise<ReplayServer> {
      const server = await startReplay(routes);
      servers.push(server);
      return server;
    }

    function context(maxBodyBytes?: number): FetchContext {
      const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-contract", ...(maxBodyBytes ? { maxBodyBytes } : {}) });
      clients.push(http);
      return { http, signal: new AbortController().signal, now: createTestClock().now };
    }

    beforeAll(async () => {
      normal = await serve(scenarios.routes);
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(servers.map((s) => s.close()));
    });

    it("parses its config and rejects a config that is not an object", () => {
      expect(() => source.parseConfig(scenarios.config(normal), "test")).not.toThrow();
      expect(() => source.parseConfig(null, "test.sources[0]")).toThrow(/test\.sources\[0\]/u);
    });

    it("yields pages that end, with well-formed mentions", async () => {
      const config = source.parseConfig(scenarios.config(normal), "test");
      const pages = await collectPages(source, context(), config, null);
      const drafts = pages.flatMap((p) => p.mentions);
      expect(drafts).toHaveLength(scenarios.expectedMentions);
      drafts.forEach(expectValidDraft);
      expect(new Set(drafts.map((d) => d.externalId)).size).toBe(drafts.length);
    });

    it("stores nothing twice when a scan resumes from the stored cursor", async () => {
      const db = openDb(":memory:");
      const deps = createTestDeps(db, createTestClock(), { sources: createSourceRegistry([source]) });
      clients.push(deps.http);
      try {
        const row = addSource(db, { name: source.kind, kind: source.kind, config: scenarios.config(normal) }, deps.now());
        const first = await scanSource(deps, row);
        const second = await scanSource(deps, loadSource(db, row.id)!);
        expect(first).toMatchObject({ status: "ok", added: scenarios.expectedMentions });
        expect(second.added).toBe(0);
        expect(listMentions(db)).toHaveLength(scenarios.expectedMentions);
      } finally {
        closeDb(db);
      }
    });

    it("yields no mentions when the server has nothing new (304 or an empty page)", async () => {
      const server = await serve(scenarios.nothingNew.routes);
      const config = source.parseConfig(scenarios.config(server), "test");
      const pages = await collectPages(source, context(), config, scenarios.nothingNew.cursor);
      expect(pages.flatMap((p) => p.mentions)).toEqual([]);
    });

    it("raises a ParseError naming the source and the item on a malformed payload", async () => {
      const server = await serve(scenarios.malformed.routes);
      const config = source.parseConfig(scenarios.config(server), "test");
      const error = await collectPages(source, context(), config, null).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).message).toContain(source.kind);
      if (scenarios.malformed.item) expect((error as ParseError).message).toContain(scenarios.malformed.item);
    });

    it("refuses an oversized body", async () => {
      const config = source.parseConfig(scenarios.config(normal), "test");
      const error = await collectPages(source, context(1024), config, null).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).code).toBe("ES_ERR_HTTP_TOO_LARGE");
    });

    const replies = scenarios.replies;
    if (source.replies === "thread") {
      it("has recorded thread scenarios (it says it can fetch replies)", () => {
        expect(replies, `${source.kind} declares replies: "thread" but its contract has no replies scenario`).toBeDefined();
        expect(source.fetchReplies).toBeTypeOf("function");
      });
    }
    if (replies && source.fetchReplies) {
      const fetchReplies = source.fetchReplies.bind(source);
      it("fetches a thread's replies with author, id and time; deleted ones are marked, not dropped", async () => {
        const server = await serve(replies.routes);
        const found = await fetchReplies(context(), source.parseConfig(scenarios.config(server), "test"), replies.thread);
        expect(found).toHaveLength(replies.expectedReplies);
        for (const reply of found) {
          expect(reply.externalId).toMatch(/\S/u);
          expect(Number.isNaN(reply.publishedAt.getTime())).toBe(false);
          if (reply.deleted) expect(reply.text).toBe("");
        }
        expect(found.flatMap((r) => (r.author ? [r.author] : []))).toEqual(replies.authors);
      });

      it("raises a ParseError naming the source on a malformed thread answer", async () => {
        const server = await serve(replies.malformed);
        const error = await fetchReplies(context(), source.parseConfig(scenarios.config(server), "test"), replies.thread).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ParseError);
        expect((error as ParseError).message).toContain(source.kind);
      });

      it("lets a 429 on the thread endpoint surface with its Retry-After (thread checks postpone on it)", async () => {
        const server = await serve(everyRouteAnswers(replies.routes, { status: 429, headers: { "retry-after": "30" }, body: "slow down" }));
        const error = await fetchReplies(context(), source.parseConfig(scenarios.config(server), "test"), replies.thread).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000 });
      });
    }

    it("turns a 429 with Retry-After into the next check time, without sleeping", async () => {
      const server = await serve(everyRouteAnswers(scenarios.routes, { status: 429, headers: { "retry-after": "90", "content-type": "text/plain" }, body: "Too Many Requests" }));
      const clock = createTestClock();
      const db = openDb(":memory:");
      const deps = createTestDeps(db, clock, { sources: createSourceRegistry([source]) });
      clients.push(deps.http);
      try {
        const row = addSource(db, { name: source.kind, kind: source.kind, config: scenarios.config(server) }, clock.now());
        const report = await scanSource(deps, row);
        expect(report).toMatchObject({ status: "failed", httpStatus: 429, retryAfterMs: 90_000 });
        expect(loadSource(db, row.id)?.nextCheckAt?.getTime()).toBe(clock.now().getTime() + 90_000);
      } finally {
        closeDb(db);
      }
    });
  });
}
