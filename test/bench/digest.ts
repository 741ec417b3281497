/**
 * digest: compute the weekly digest of the corpus's last complete week (that week plus the
 * spike rule's baseline weeks) and render it as JSON and HTML, over a year of stored mentions;
 * baseline: a plain `select count(*) from mentions` on the same connection in the same rounds.
 * Targets: < 2 s at 1,000,000 mentions; growing sub-linearly with history (the digest reads the
 * daily rollups of complete days, which the seeder refreshed as a running daemon would, while
 * count(*) walks the whole table).
 */
import { join } from "node:path";
import { loadDigest, THEME_SAMPLE } from "../../src/digest/load.js";
import { DEFAULT_THEME_RULE, toThemes } from "../../src/digest/themes.js";
import { listThemeSample } from "../../src/store/sqlite/themes.js";
import { renderDigest } from "../../src/digest/render.js";
import { DEFAULT_SPIKE_RULE } from "../../src/digest/spikes.js";
import { toLastCompleteWeek, toWeekBuckets } from "../../src/digest/week.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import type { BenchContext } from "./context.js";
import { measureInterleaved, measureMs, toBenchResult, toFigureText, toMedian, type BenchResult } from "./harness.js";
import { seedDatabase, toSeedFileName, toSeedNotes } from "./seed-db.js";
import { toStore } from "../helpers/deps.js";

export async function runDigestBenchmarks(context: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const digestSeconds: number[][] = [];
  for (const count of context.sizes.digestMentions) {
    const path = join(context.seedDir, toSeedFileName(count, context.seed));
    const seedMs = await measureMs(() => seedDatabase(path, { count, seed: context.seed, log: context.log }));
    context.log(`digest: ${count.toLocaleString("en-US")} mentions ready in ${(seedMs / 1000).toFixed(1)} s`);
    const corpusEnd = new Date(Date.UTC(2025, 10, 24) + 364 * 86_400_000);
    const notes = toSeedNotes(path);
    const db = openDb(path, { readonly: true });
    try {
      const rolledUpDays = db.$client.prepare("select count(*) from digest_rollup_days where timezone = 'UTC'").pluck().get() as number;
      const rule = DEFAULT_SPIKE_RULE;
      const buckets = toWeekBuckets(toLastCompleteWeek(corpusEnd, "UTC"), rule.baselineWeeks + 1, "UTC");
      let bytes = 0;
      let mentionsInWeek = 0;
      const values = await measureInterleaved(
        {
          digest: async () =>
            (await measureMs(async () => {
              const digest = await loadDigest(toStore(db), { buckets, kind: "week", timezone: "UTC", spikes: rule, now: corpusEnd });
              bytes = renderDigest(digest, "json").length + renderDigest(digest, "html").length;
              mentionsInWeek = digest.totals.mentions.value ?? 0;
            })) / 1000,
          count: async () => (await measureMs(() => db.$client.prepare("select count(*) from mentions").pluck().get())) / 1000,
        },
        context.rounds,
      );
      // "What customers say" (#17): the themes alone, against the digest without them, same rounds.
      let themeCount = 0;
      let sampled = 0;
      const themeValues = await measureInterleaved(
        {
          themes: async () =>
            (await measureMs(() => {
              const docs = listThemeSample(db, { period: buckets.at(-1)!, baseline: { start: buckets[0]!.start, end: buckets.at(-1)!.start }, ...THEME_SAMPLE, timezone: "UTC" });
              const section = toThemes(docs, { rule: DEFAULT_THEME_RULE, sample: { ...THEME_SAMPLE }, timezone: "UTC" });
              sampled = docs.length;
              themeCount = section.topics.reduce((n, t) => n + t.themes.length, 0);
            })) / 1000,
          plain: async () => (await measureMs(() => loadDigest(toStore(db), { buckets, kind: "week", timezone: "UTC", spikes: rule, now: corpusEnd, themes: false }))) / 1000,
        },
        context.rounds,
      );
      results.push(
        toBenchResult({
          name: `themes for a ${toCountText(count)}-mention store`,
          unit: "s",
          subject: themeValues.themes,
          baselineName: "digest without themes",
          baseline: themeValues.plain,
          target: count === 1_000_000 ? "< 1 s" : "informational",
          ...(count === 1_000_000 ? { isMet: (median: number) => median < 1 } : {}),
          notes: [`${sampled.toLocaleString("en-US")} (complaint, topic) pairs sampled over ${buckets.length} weeks (${THEME_SAMPLE.periodPerDay}/topic/day now, ${THEME_SAMPLE.baselinePerDay} in the baseline), ${themeCount} themes`],
        }),
      );
      // The same digest counted from the mention rows alone, once: what the rollups save.
      const rowsSeconds = (await measureMs(() => loadDigest(toStore(db), { buckets, kind: "week", timezone: "UTC", spikes: rule, now: corpusEnd, ignoreRollups: true }))) / 1000;
      digestSeconds.push(values.digest);
      results.push(
        toBenchResult({
          name: `digest @ ${toCountText(count)}`,
          unit: "s",
          subject: values.digest,
          baselineName: "select count(*)",
          baseline: values.count,
          target: count === 1_000_000 ? "< 2 s" : "informational (growth below)",
          ...(count === 1_000_000 ? { isMet: (median: number) => median < 2 } : {}),
          notes: [
            `${buckets.length} weeks read (current + ${rule.baselineWeeks} baseline), ${mentionsInWeek.toLocaleString("en-US")} mentions in the digest week, json + html ${(bytes / 1024).toFixed(0)} KiB`,
            `${rolledUpDays} days rolled up (UTC); the same digest from the rows alone (no render, 1 run): ${rowsSeconds.toFixed(2)} s; ${notes ? `rollup refresh over ${toCountText(count)} at seeding: ${(notes.rollupRefreshMs / 1000).toFixed(1)} s for ${notes.rolledUpDays} days (${(notes.rollupRefreshMs / Math.max(1, notes.rolledUpDays)).toFixed(0)} ms/day)` : "rollup refresh time not recorded"}`,
          ],
        }),
      );
    } finally {
      closeDb(db);
    }
  }
  const sizes = context.sizes.digestMentions;
  if (sizes.length >= 2) {
    const growth = sizes.at(-1)! / sizes[0]!;
    results.push(
      toBenchResult({
        name: `digest growth ${toCountText(sizes[0]!)} → ${toCountText(sizes.at(-1)!)}`,
        unit: "s",
        subject: digestSeconds.at(-1)!,
        baselineName: `digest @ ${toCountText(sizes[0]!)}`,
        baseline: digestSeconds[0]!,
        // "Sub-linear" claimed only when clearly below proportional: run-to-run noise alone is ±15%.
        target: `sub-linear: ratio ≤ ${toFigureText(growth * 0.8)} (history grew ${growth}×)`,
        ...(context.quick ? {} : { isMet: (_median: number, ratio: number) => ratio <= growth * 0.8 }),
        notes: [`time grew ${(toMedian(digestSeconds.at(-1)!) / toMedian(digestSeconds[0]!)).toFixed(2)}× while stored mentions grew ${growth}×`],
      }),
    );
  }
  return results;
}

export function toCountText(count: number): string {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : count >= 1000 ? `${count / 1000}k` : String(count);
}
