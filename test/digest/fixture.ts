import { loadDigest } from "../../src/digest/load.js";
import type { Digest } from "../../src/digest/types.js";
import { toWeekBuckets } from "../../src/digest/week.js";
import type { Db } from "../../src/store/sqlite/db.js";
import { seedDigestDb, spreadOverWeek, type SeedMention } from "./seed.js";
import { toStore } from "../helpers/deps.js";

export const RULE = { k: 3, minCount: 5, baselineWeeks: 8 };

/**
 * Ten quiet weeks then a week (2026-W47, UTC) where delivery complaints jump: a spike, a rising
 * topic, a steady one, surveys for NPS, and three sources in three languages.
 */
export function seedSpikeWeek(path?: string): Db {
  const mentions: SeedMention[] = [];
  const mondays = ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09"];
  for (const monday of mondays) {
    mentions.push(...spreadOverWeek(monday, 1, { topics: [["delivery", "after_sales"]], source: "lt-reviews", overrides: { lang: "lt" } }));
    mentions.push(...spreadOverWeek(monday, 3, { topics: [["slow_reply", "service"]], source: "en-reviews", overrides: { lang: "en" } }));
    mentions.push(...spreadOverWeek(monday, 4, { overrides: { sentiment: "positive", complaint: false } }));
  }
  mentions.push(
    ...spreadOverWeek("2026-11-16", 12, { topics: [["delivery", "after_sales"]], source: "lt-reviews", overrides: { lang: "lt", text: "Siunta vėluoja jau dvi savaites, kurjeris neatsako." } }),
    ...spreadOverWeek("2026-11-16", 6, { topics: [["delivery", "after_sales"], ["slow_reply", "service"]], source: "ru-reviews", overrides: { lang: "ru", text: "Доставка задерживается, поддержка молчит уже неделю." } }),
    ...spreadOverWeek("2026-11-16", 1, { topics: [["slow_reply", "service"]], source: "en-reviews", overrides: { lang: "en", text: "Still waiting for an answer to my e-mail from last week." } }),
    ...spreadOverWeek("2026-11-16", 4, { source: "nps-survey", overrides: { channel: "survey", sentiment: "positive", complaint: false, rating: 9, ratingScale: 10 } }),
    ...spreadOverWeek("2026-11-16", 2, { source: "nps-survey", overrides: { channel: "survey", sentiment: "negative", complaint: false, rating: 2, ratingScale: 10 } }),
  );
  return seedDigestDb(mentions, path);
}

export function loadSpikeWeekDigest(db: Db = seedSpikeWeek()): Promise<Digest> {
  return loadDigest(toStore(db), { buckets: toWeekBuckets({ year: 2026, week: 47 }, 12, "UTC"), kind: "week", timezone: "UTC", spikes: RULE, examplesPerTopic: 3, now: new Date("2026-11-23T08:00:00Z") });
}
