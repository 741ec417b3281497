import { afterEach, describe, expect, it } from "vitest";
import { createClassifier, parseTaxonomy } from "../../src/classify/index.js";
import type { MentionDraft } from "../../src/core/mention.js";
import { createInlinePreparer, createWorkerPreparer, toAutoWorkerCount, type PagePreparer } from "../../src/pipeline/prepare-pool.js";
import type { PrepareInput } from "../../src/pipeline/prepare.js";

const FETCHED_AT = new Date("2026-11-20T10:00:00Z");

const DRAFTS: MentionDraft[] = [
  {
    externalId: "a1",
    channel: "social",
    text: "Ordered a week ago, still no delivery. Call me on +370 612 34567 or jonas.p@example.lt",
    title: "Where is my parcel?",
    author: "@jonas_p",
    raw: JSON.stringify({ id: "a1", account: { acct: "jonas_p" }, content: "mail jonas.p@example.lt" }),
    publishedAt: new Date("2026-11-19T08:00:00Z"),
  },
  { externalId: "a2", channel: "review", text: "Kurjeris vėlavo tris dienas, niekas neatsakė į laišką", rating: 1, ratingScale: 5 },
  { externalId: "a3", channel: "review", text: "Доставка быстрая, всё отлично, спасибо!", rating: 5 },
  { externalId: "a4", channel: "social", text: "Tilaus tuli ajallaan, kiitos", author: "maija" },
];

function input(drafts: MentionDraft[] = DRAFTS, sourceName = "feed-1"): PrepareInput {
  return { drafts, sourceName, sourceKind: "mastodon", fetchedAt: FETCHED_AT, privacy: { redact: true, keepAuthorHandles: false, authorKey: Buffer.alloc(32, 3) } };
}

describe("page preparers", () => {
  const open: PagePreparer[] = [];
  afterEach(async () => {
    for (const preparer of open.splice(0)) await preparer.close();
  });

  it("prepares the same rows in a worker thread as in the scanning thread", async () => {
    const inline = await createInlinePreparer(createClassifier()).prepare(input());
    const pool = createWorkerPreparer({ workers: 2 });
    open.push(pool);
    const [first, second] = await Promise.all([pool.prepare(input()), pool.prepare(input(DRAFTS.slice(1)))]);
    expect(first).toEqual(inline);
    expect(second.rows).toEqual(inline.rows.slice(1));
    // Redaction and pseudonymisation happened in the worker too.
    const row = first.rows[0]!.mention;
    expect(row.text).toContain("[phone]");
    expect(row.text).toContain("[email]");
    expect(row.authorHash).toMatch(/^[0-9a-f]{64}$/u);
    expect(row.raw).not.toContain("jonas");
    expect(row.publishedAt).toEqual(DRAFTS[0]!.publishedAt);
  });

  it("builds the workers' classifier from the configured taxonomy", async () => {
    const taxonomy = parseTaxonomy({ topics: { loyalty_points: { stage: "after_sales", terms: { en: ["loyalty points"] } } } }, "test taxonomy");
    const inline = await createInlinePreparer(createClassifier({ taxonomy })).prepare(input([{ externalId: "p", channel: "review", text: "My loyalty points vanished again, terrible" }]));
    const pool = createWorkerPreparer({ workers: 1, taxonomy });
    open.push(pool);
    const pooled = await pool.prepare(input([{ externalId: "p", channel: "review", text: "My loyalty points vanished again, terrible" }]));
    expect(pooled.rows[0]!.mention.topics).toContain("loyalty_points");
    expect(pooled).toEqual(inline);
  });

  it("fails only the page that cannot be handed to a worker, naming its source", async () => {
    const pool = createWorkerPreparer({ workers: 1 });
    open.push(pool);
    const unclonable = { ...DRAFTS[1]!, text: "x", extra: () => 1 } as unknown as MentionDraft;
    await expect(pool.prepare(input([unclonable], "feed-bad"))).rejects.toThrow(/^feed-bad: cannot hand the page to a classification worker/u);
    expect((await pool.prepare(input())).rows).toHaveLength(DRAFTS.length);
  });

  it("rejects pages still queued when closed, and pages offered after", async () => {
    const pool = createWorkerPreparer({ workers: 1 });
    const pending = [pool.prepare(input()), pool.prepare(input(DRAFTS, "feed-2")), pool.prepare(input(DRAFTS, "feed-3"))];
    const settling = Promise.allSettled(pending);
    await pool.close();
    const settled = await settling;
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/feed-3: the scan was stopped before this page was classified/u);
    await expect(pool.prepare(input(DRAFTS, "feed-4"))).rejects.toThrow(/feed-4: the classification workers are closed/u);
  });

  it("leaves one core to the scanning thread and uses none on a single core", () => {
    expect(toAutoWorkerCount(1)).toBe(0);
    expect(toAutoWorkerCount(2)).toBe(1);
    expect(toAutoWorkerCount(8)).toBe(4);
  });
});
