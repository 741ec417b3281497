import { copyFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cursor } from "../../../src/core/mention.js";
import { createHttpClient } from "../../../src/http/client.js";
import { defaultFixturesDir, startReplay, type ReplayServer } from "../../../src/replay/server.js";
import { file, type FileConfig } from "../../../src/sources/file/index.js";
import type { FetchContext, Page } from "../../../src/sources/types.js";
import { createTestClock } from "../../helpers/deps.js";
import { tempDir } from "../../helpers/temp.js";
import { sourceContract } from "../contract.js";

const NPS_COLUMNS = { id: "respondent_id", text: "comment", date: "submitted_at", rating: "nps_score", lang: "language" };

sourceContract(file, {
  routes: { "/exports/nps-survey-lt.csv": { fixture: "file/nps-survey-lt" } },
  config: (replay) => ({ url: replay.url("/exports/nps-survey-lt.csv"), columns: NPS_COLUMNS, ratingScale: 10 }),
  expectedMentions: 12,
  // A download cut inside a quoted comment: csv-parse reports the line of the open quote.
  malformed: { routes: { "/exports/nps-survey-lt.csv": { fixture: "file/truncated-survey" } }, item: "line 5" },
  nothingNew: { routes: { "/exports/nps-survey-lt.csv": { fixture: "file/nps-survey-lt" } }, cursor: { etag: '"nps-lt-v1"', sha256: "0".repeat(64) } },
});

const fixture = (name: string) => join(defaultFixturesDir, "file", name);

describe("file source", () => {
  let replay: ReplayServer;
  const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test" });
  const ctx: FetchContext = { http, signal: new AbortController().signal, now: createTestClock().now };

  beforeAll(async () => {
    replay = await startReplay({
      "/exports/nps-survey-lt.csv": { fixture: "file/nps-survey-lt" },
      "/exports/helpdesk-tickets.jsonl": { fixture: "file/helpdesk-tickets" },
      "/exports/chat-transcripts.csv": { fixture: "file/chat-transcripts" },
    });
  });
  afterAll(async () => {
    await http.close();
    await replay.close();
  });

  async function collect(config: FileConfig, cursor: Cursor | null = null): Promise<Page[]> {
    const pages: Page[] = [];
    for await (const page of file.pages(ctx, config, cursor)) pages.push(page);
    return pages;
  }

  it("decodes a windows-1257 survey with ; delimiters and stores NPS as rating on a 10 scale", async () => {
    const config = file.parseConfig({ url: replay.url("/exports/nps-survey-lt.csv"), columns: NPS_COLUMNS, ratingScale: 10 }, "t");
    const [page] = await collect(config);
    const first = page!.mentions[0]!;
    expect(first).toMatchObject({ externalId: "r-1001", rating: 2, ratingScale: 10, lang: "lt", channel: "survey", text: "Siunta vėluoja jau savaitę, Nordvik nė karto neatsakė į laiškus." });
    expect(first.publishedAt?.toISOString()).toBe("2026-11-02T09:14:00.000Z");
    expect(page!.mentions.find((m) => m.externalId === "r-1011")!.text).toContain("„yra sandėlyje“");
    expect(page!.cursor).toMatchObject({ etag: '"nps-lt-v1"', sha256: expect.stringMatching(/^[0-9a-f]{64}$/u) });
  });

  it("answers a re-scan of an unchanged URL with a 304 and a notModified page", async () => {
    const config = file.parseConfig({ url: replay.url("/exports/nps-survey-lt.csv"), columns: NPS_COLUMNS, ratingScale: 10 }, "t");
    const [first] = await collect(config);
    const before = replay.requests.length;
    const pages = await collect(config, first!.cursor);
    expect(pages).toEqual([{ mentions: [], cursor: first!.cursor, notModified: true }]);
    expect(replay.requests[before]!.headers["if-none-match"]).toBe('"nps-lt-v1"');
  });

  it("maps a helpdesk JSONL export with key paths and channel aliases", async () => {
    const config = file.parseConfig(
      { url: replay.url("/exports/helpdesk-tickets.jsonl"), channel: "support", columns: { id: "ticket_id", text: "body", title: "subject", author: "customer.name", date: "created_at", rating: "csat", lang: "language", channel: "channel" }, terms: ["Nordvik"] },
      "t",
    );
    const [page] = await collect(config);
    expect(page!.mentions).toHaveLength(6);
    expect(page!.mentions.map((m) => m.channel)).toEqual(Array(6).fill("support"));
    expect(page!.mentions[2]).toMatchObject({ externalId: "HD-58220", author: "Ирина Соколова", lang: "ru" });
    expect(page!.mentions[2]).not.toHaveProperty("rating");
    // Terms only annotate unless filterByTerms: support tickets rarely name the brand. The
    // Finnish genitive "Nordvikin" (HD-58211) counts as the brand (src/text/terms.ts).
    expect(page!.mentions.filter((m) => m.matchedTerm === "Nordvik").map((m) => m.externalId)).toEqual(["HD-58211", "HD-58231"]);
  });

  it("keeps only rows naming a brand term when filterByTerms is set", async () => {
    const config = file.parseConfig({ url: replay.url("/exports/helpdesk-tickets.jsonl"), columns: { id: "ticket_id", text: "body" }, terms: ["Nordvik"], filterByTerms: true }, "t");
    const [page] = await collect(config);
    expect(page!.mentions.map((m) => m.externalId)).toEqual(["HD-58211", "HD-58231"]);
  });

  it("reports bad rows by number and keeps the rest (BOM, multi-line cells, formula text)", async () => {
    const config = file.parseConfig({ url: replay.url("/exports/chat-transcripts.csv"), channel: "support", columns: { id: "conversation_id", text: "transcript", author: "customer", date: "started_at", rating: "rating" } }, "t");
    const [page] = await collect(config);
    expect(page!.mentions.map((m) => m.externalId)).toEqual(["c-301", "c-302", "c-303", "c-307"]);
    expect(page!.itemErrors?.map((e) => e.item)).toEqual(["row 4", "row 5", "row 6"]);
    expect(page!.itemErrors?.[1]!.message).toMatch(/file http:\/\/127\.0\.0\.1:\d+\/exports\/chat-transcripts\.csv: cannot parse row 5: score "seven"/u);
    expect(page!.mentions[0]!.text).toBe("Customer: my order NV-77812 was charged twice\nAgent: I can see two payments, refunding one now\nCustomer: thanks");
    expect(page!.mentions[2]!.text).toBe('=HYPERLINK("http://nordvik.invalid/refund","refund") please, the "express" delivery took 9 days');
    expect(page!.mentions[3]).toMatchObject({ rating: 3.5, ratingScale: 5 });
    expect(page!.mentions[3]!.publishedAt?.toISOString()).toBe("2026-11-04T18:30:00.000Z");
  });

  describe("local files", () => {
    const dir = tempDir();

    it("skips an untouched file without reading it, and a touched file with the same bytes by its hash", async () => {
      const path = join(dir, "survey.csv");
      copyFileSync(fixture("nps-survey-lt.csv"), path);
      const config = file.parseConfig({ path, columns: NPS_COLUMNS, ratingScale: 10 }, "t");
      const [first] = await collect(config);
      expect(first!.mentions).toHaveLength(12);
      expect(first!.cursor).toMatchObject({ size: 1243, sha256: expect.any(String), mtimeMs: expect.any(Number) });

      expect(await collect(config, first!.cursor)).toEqual([{ mentions: [], cursor: first!.cursor, notModified: true }]);
      utimesSync(path, new Date("2026-12-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"));
      const touched = await collect(config, first!.cursor);
      expect(touched).toHaveLength(1);
      expect(touched[0]).toMatchObject({ mentions: [], notModified: true, cursor: { sha256: first!.cursor.sha256 } });
      expect(touched[0]!.cursor.mtimeMs).not.toBe(first!.cursor.mtimeMs);
    });

    it("gives a re-sorted export without ids the same externalIds", async () => {
      const path = join(dir, "plain.csv");
      writeFileSync(path, "at;text\n2026-11-01;Kurjeris vėlavo\n2026-11-02;Refund never came\n2026-11-03;App crashes\n");
      const config = file.parseConfig({ path, columns: { text: "text", date: "at" } }, "t");
      const ids = async () => (await collect(config)).flatMap((p) => p.mentions.map((m) => m.externalId)).sort();
      const before = await ids();
      writeFileSync(path, "at;text\n2026-11-03;App crashes\n2026-11-01;Kurjeris vėlavo\n2026-11-02;Refund never came\n");
      expect(await ids()).toEqual(before);
    });

    it("pages a long export and resumes after the last committed row", async () => {
      const path = join(dir, "long.csv");
      writeFileSync(path, `id,comment\n${Array.from({ length: 7 }, (_, i) => `${i + 1},Comment ${i + 1}`).join("\n")}\n`);
      const config = file.parseConfig({ path, columns: { id: "id", text: "comment" }, rowsPerPage: 3 }, "t");
      const pages = await collect(config);
      expect(pages.map((p) => p.mentions.map((m) => m.externalId))).toEqual([["1", "2", "3"], ["4", "5", "6"], ["7"]]);
      expect(pages[0]!.cursor.row).toBe(3);
      expect(pages[2]!.cursor).not.toHaveProperty("row");
      // A crash after page 1 was committed: the next scan starts at row 4.
      const resumed = await collect(config, pages[0]!.cursor);
      expect(resumed.flatMap((p) => p.mentions.map((m) => m.externalId))).toEqual(["4", "5", "6", "7"]);
    });

    it("reports a repeated id with other content as an item error", async () => {
      const path = join(dir, "dupes.csv");
      writeFileSync(path, "id,comment\n1,Late delivery\n1,Refund missing\n2,Same\n2,Same\n");
      const [page] = await collect(file.parseConfig({ path, columns: { id: "id", text: "comment" } }, "t"));
      expect(page!.mentions.map((m) => m.text)).toEqual(["Late delivery", "Same"]);
      expect(page!.itemErrors).toEqual([expect.objectContaining({ item: "row 2", message: expect.stringContaining('repeats id "1" of row 1') })]);
    });

    it("keeps rows with unreadable dates and says so in the page notice", async () => {
      const path = join(dir, "dates.csv");
      writeFileSync(path, "at,comment\n03/04/2026,Ambiguous date\n2026-11-02,Fine\n");
      const [page] = await collect(file.parseConfig({ path, columns: { text: "comment", date: "at" } }, "t"));
      expect(page!.mentions).toHaveLength(2);
      expect(page!.notice).toMatch(/unreadable dates in row 1 \("03\/04\/2026"\)/u);
    });

    it("refuses a missing file and a file over maxBytes with a ParseError naming it", async () => {
      await expect(collect(file.parseConfig({ path: join(dir, "nope.csv"), columns: { text: "c" } }, "t"))).rejects.toThrow(/^file .*nope\.csv: cannot read the file/u);
      await expect(collect(file.parseConfig({ path: fixture("nps-survey-lt.csv"), maxBytes: 100, columns: { text: "comment" } }, "t"))).rejects.toThrow(/over the 100-byte limit/u);
    });
  });
});
