/**
 * responses: compute the digest's Responses section (issue 13: response rate, median / p90 time to
 * first reply per channel and stage, against last week and the 8-week average, oldest unanswered)
 * on a 10,000-mention store where two complaints in three of the measured kinds were answered;
 * baseline: the whole weekly digest on the same store in the same rounds (the existing figure).
 * Target: < 50 ms at 10,000 mentions.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { loadDigest } from "../../src/digest/load.js";
import { loadResponsesSection } from "../../src/digest/responses.js";
import { DEFAULT_SPIKE_RULE } from "../../src/digest/spikes.js";
import { toLastCompleteWeek, toWeekBuckets } from "../../src/digest/week.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { listMentions } from "../../src/store/sqlite/mentions.js";
import { saveThreadCheck } from "../../src/store/sqlite/responses.js";
import type { BenchContext } from "./context.js";
import { measureInterleaved, measureMs, toBenchResult, type BenchResult } from "./harness.js";
import { seedDatabase, toSeedFileName } from "./seed-db.js";
import { toStore } from "../helpers/deps.js";

const MENTIONS = 10_000;
const MEASURED_KINDS = ["reddit", "mastodon", "hackernews", "google-play"];
const HOUR_MS = 3_600_000;

export async function runResponsesBenchmark(context: BenchContext): Promise<BenchResult[]> {
  const seeded = join(context.seedDir, toSeedFileName(MENTIONS, context.seed));
  seedDatabase(seeded, { count: MENTIONS, seed: context.seed, log: context.log });
  // A copy: the answers written below must not leak into the digest benchmark's cached store.
  const path = join(context.workDir, "responses-10k.db");
  copyFileSync(seeded, path);
  const db = openDb(path);
  try {
    const corpusEnd = new Date(Date.UTC(2025, 10, 24) + 364 * 86_400_000);
    const answered = (await measureMs(() => seedAnswers(db))) / 1000;
    context.log(`responses: answers stored in ${answered.toFixed(1)} s`);
    const rule = DEFAULT_SPIKE_RULE;
    const buckets = toWeekBuckets(toLastCompleteWeek(corpusEnd, "UTC"), rule.baselineWeeks + 1, "UTC");
    const baseline = Array.from({ length: rule.baselineWeeks }, (_, i) => i);
    const responses = { measurableKinds: MEASURED_KINDS, slaHours: 24 };
    let complaints = 0;
    const values = await measureInterleaved(
      {
        responses: async () =>
          await measureMs(async () => {
            const section = await loadResponsesSection(toStore(db), buckets, baseline, new Map([["forum", 100], ["social", 100]]), responses, corpusEnd);
            complaints = section.total.complaints;
          }),
        digest: async () => await measureMs(() => loadDigest(toStore(db), { buckets, kind: "week", timezone: "UTC", spikes: rule, now: corpusEnd, responses })),
      },
      context.rounds,
    );
    return [
      toBenchResult({
        name: "digest Responses section @ 10k",
        unit: "ms",
        subject: values.responses,
        baselineName: "whole digest (incl. Responses)",
        baseline: values.digest,
        target: "< 50 ms",
        isMet: (median) => median < 50,
        notes: [`${complaints} measured complaints in the digest week, ${buckets.length} weeks read; kinds ${MEASURED_KINDS.join(", ")}`],
      }),
    ];
  } finally {
    closeDb(db);
  }
}

/** Two complaints in three of the measured kinds answered, after a deterministic 0–47 h. */
function seedAnswers(db: ReturnType<typeof openDb>): void {
  const kinds = new Map(db.$client.prepare("select id, kind from sources").all().map((r) => [(r as { id: number }).id, (r as { kind: string }).kind]));
  for (const m of listMentions(db, { complaintsOnly: true })) {
    if (!MEASURED_KINDS.includes(kinds.get(m.sourceId) ?? "") || m.id % 3 === 0) continue;
    const at = (m.publishedAt ?? m.fetchedAt).getTime() + (m.id % 48) * HOUR_MS;
    saveThreadCheck(db, m.id, [{ externalId: `r${m.id}`, responder: "brand", respondedAt: new Date(at), url: null, text: "", redactions: 0, deleted: false }], new Date(at));
  }
}
