import { describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/store/sqlite/db.js";
import { listMentions, savePage } from "../../src/store/sqlite/mentions.js";
import { listResponses, listThreadBacklog, listThreadsToCheck, saveEmbeddedResponses, saveThreadCheck, type NewResponse } from "../../src/store/sqlite/responses.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";

const NOW = new Date("2026-11-23T08:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const QUEUE = { now: NOW, windowMs: 14 * DAY, recheckMs: 3 * HOUR, limit: 10 };
const complaint = [{ topic: "slow_reply", stage: "service" }];

function seed(db: Db) {
  const source = addSource(db, { name: "reddit", kind: "reddit", config: {} }, NOW);
  const ago = (ms: number) => new Date(NOW.getTime() - ms);
  savePage(db, {
    sourceId: source.id,
    runId: startRun(db, source.id, NOW),
    cursor: {},
    now: NOW,
    rows: [
      toTestRow("fresh", { publishedAt: ago(2 * HOUR) }, complaint),
      toTestRow("week-old", { publishedAt: ago(7 * DAY) }, complaint),
      // Outside the 14-day window: never checked again.
      toTestRow("too-old", { publishedAt: ago(20 * DAY) }, complaint),
      // Not a complaint: the Responses section only measures complaints.
      toTestRow("praise", { publishedAt: ago(HOUR) }),
    ],
  });
  const id = (externalId: string) => listMentions(db).find((m) => m.externalId === externalId)!.id;
  return { source, id };
}

const reply = (externalId: string, respondedAt: Date): NewResponse => ({ externalId, responder: "nordvik_support", respondedAt, url: null, text: "We are on it", redactions: 0, deleted: false });

describe("thread-check queue", () => {
  it("lists unanswered complaints in the window, never-checked first, and drops a thread once answered", () => {
    const db = openDb(":memory:");
    const { source, id } = seed(db);
    expect(listThreadsToCheck(db, source.id, QUEUE).map((t) => t.externalId)).toEqual(["fresh", "week-old"]);

    saveThreadCheck(db, id("fresh"), [], NOW);
    // Checked just now, unanswered: waits for its recheck; the never-checked one is due.
    expect(listThreadsToCheck(db, source.id, QUEUE).map((t) => t.externalId)).toEqual(["week-old"]);
    expect(listThreadsToCheck(db, source.id, { ...QUEUE, now: new Date(NOW.getTime() + 3 * HOUR) }).map((t) => t.externalId)).toEqual(["week-old", "fresh"]);

    saveThreadCheck(db, id("week-old"), [reply("c1", new Date(NOW.getTime() - 6 * DAY))], NOW);
    expect(listThreadsToCheck(db, source.id, { ...QUEUE, now: new Date(NOW.getTime() + DAY) }).map((t) => t.externalId)).toEqual(["fresh"]);
  });

  it("keeps the earliest reply as the first response and stores a reply seen twice once", () => {
    const db = openDb(":memory:");
    const { id } = seed(db);
    const mention = id("week-old");
    const later = new Date(NOW.getTime() - 2 * DAY);
    const earlier = new Date(NOW.getTime() - 5 * DAY);
    expect(saveThreadCheck(db, mention, [reply("c2", later)], NOW)).toBe(1);
    // A later check finds an earlier reply (the first fetch was cut at maxComments) and the same one again.
    expect(saveThreadCheck(db, mention, [reply("c2", later), reply("c1", earlier)], new Date(NOW.getTime() + HOUR))).toBe(1);
    const stored = listMentions(db).find((m) => m.id === mention)!;
    expect(stored.firstResponseAt).toEqual(earlier);
    expect(stored.threadCheckedAt).toEqual(new Date(NOW.getTime() + HOUR));
    expect(listResponses(db, mention).map((r) => r.externalId)).toEqual(["c1", "c2"]);
  });

  it("records developer responses from review payloads on rescans, by the review's external id", () => {
    const db = openDb(":memory:");
    const { source, id } = seed(db);
    const added = saveEmbeddedResponses(db, source.id, [{ externalId: "fresh", responses: [reply("developer-response", NOW)] }, { externalId: "not-stored", responses: [reply("developer-response", NOW)] }], NOW);
    expect(added).toBe(1);
    expect(saveEmbeddedResponses(db, source.id, [{ externalId: "fresh", responses: [reply("developer-response", NOW)] }], NOW)).toBe(0);
    expect(listMentions(db).find((m) => m.id === id("fresh"))!.firstResponseAt).toEqual(NOW);
  });

  it("reports the backlog per source: due, unanswered and answered complaints in the window", () => {
    const db = openDb(":memory:");
    const { id } = seed(db);
    saveThreadCheck(db, id("fresh"), [reply("c9", NOW)], NOW);
    expect(listThreadBacklog(db, ["reddit"], QUEUE)).toEqual([{ source: "reddit", kind: "reddit", due: 1, unanswered: 1, answered: 1, postponedUntil: null, lastError: null }]);
    expect(listThreadBacklog(db, ["mastodon"], QUEUE)).toEqual([]);
  });
});
