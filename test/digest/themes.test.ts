import { describe, expect, it } from "vitest";
import { loadDigest } from "../../src/digest/load.js";
import { renderDigest } from "../../src/digest/render.js";
import { toLogOdds, type PhraseCounts } from "../../src/digest/themes.js";
import { toWhereText } from "../../src/digest/themes-text.js";
import type { Db } from "../../src/store/sqlite/db.js";
import { BANK_LINK_WORDINGS, seedThemeCorpus, THEME_BUCKETS, toPlantedComplaints } from "./theme-corpus.js";
import { toStore } from "../helpers/deps.js";

const RULE = { k: 3, minCount: 5, baselineWeeks: 8 };
const CORPUS_SIZE = 6_000;

function loadThemeDigest(db: Db) {
  return loadDigest(toStore(db), { buckets: THEME_BUCKETS, kind: "week", timezone: "UTC", spikes: RULE, now: new Date("2026-11-23T08:00:00Z") });
}

describe("toLogOdds (Monroe, Colaresi & Quinn 2008, pooled informative prior)", () => {
  it("computes the worked example of docs/digest.md", () => {
    // α0 = min(400, 1600) = 400; α_w = 400 · 15 / 2000 = 3;
    // δ = ln(15 / 785) − ln(6 / 1994) = 1.8485; σ² = 1/15 + 1/6 = 0.2333; z = 1.8485 / 0.4830 = 3.83.
    const odds = toLogOdds({ period: 12, periodTotal: 400, baseline: 3, baselineTotal: 1600 });
    expect(odds.delta).toBeCloseTo(1.8485, 4);
    expect(odds.variance).toBeCloseTo(0.2333, 4);
    expect(odds.z).toBeCloseTo(3.827, 3);
  });

  it.each<[string, PhraseCounts, (z: number) => boolean]>([
    // The same rate on both sides is no signal, however unequal the sides' sizes.
    ["same rate, unequal sides", { period: 3, periodTotal: 400, baseline: 12, baselineTotal: 1600 }, (z) => z === 0],
    // Absent from the baseline and frequent now: strongly over-represented.
    ["new and frequent", { period: 25, periodTotal: 1500, baseline: 0, baselineTotal: 6500 }, (z) => z > 5],
    // Absent from the baseline but seen only 3 times: the prior keeps it below a theme's 3.
    ["new but rare", { period: 3, periodTotal: 1500, baseline: 0, baselineTotal: 6500 }, (z) => z > 0 && z < 3],
    // Less frequent than usual: negative.
    ["falling", { period: 2, periodTotal: 1000, baseline: 40, baselineTotal: 4000 }, (z) => z < -1],
  ])("%s", (_name, counts, check) => {
    expect(check(toLogOdds(counts).z)).toBe(true);
  });

  it("is antisymmetric: swapping the sides negates δ and z", () => {
    const forward = toLogOdds({ period: 9, periodTotal: 700, baseline: 4, baselineTotal: 900 });
    const back = toLogOdds({ period: 4, periodTotal: 900, baseline: 9, baselineTotal: 700 });
    expect(back.delta).toBeCloseTo(-forward.delta, 10);
    expect(back.z).toBeCloseTo(-forward.z, 10);
  });

  it.each<[string, PhraseCounts]>([
    ["a negative count", { period: -1, periodTotal: 10, baseline: 0, baselineTotal: 10 }],
    ["a count above its total", { period: 11, periodTotal: 10, baseline: 0, baselineTotal: 10 }],
    ["NaN", { period: Number.NaN, periodTotal: 10, baseline: 0, baselineTotal: 10 }],
  ])("refuses %s", (_name, counts) => {
    expect(() => toLogOdds(counts)).toThrow(RangeError);
  });
});

describe("themes in the digest: a planted issue in 8 weeks of realistic mentions", () => {
  it("ranks 25 complaints about one problem, in ten wordings and two languages, first among checkout themes, new, and nowhere else", async () => {
    const planted = toPlantedComplaints(25);
    const db = seedThemeCorpus(CORPUS_SIZE, planted);
    const digest = await loadThemeDigest(db);
    expect(digest.totals.mentions.value! + digest.trend.mentions.slice(0, -1).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5_000);
    expect(digest.languages.map((l) => l.lang).sort()).toEqual(["en", "fi", "lt", "ru"]);
    const plantedIds = new Set(db.$client.prepare("select id from mentions where external_id like 'planted-%'").pluck().all() as number[]);
    expect(plantedIds.size).toBe(25);

    const checkout = digest.themes!.topics.find((t) => t.topic === "checkout_payment")!;
    const top = checkout.themes[0]!;
    // Most of the theme is the planted problem, and most of the planted problem is in it.
    const plantedInTop = top.mentionIds.filter((id) => plantedIds.has(id)).length;
    expect(plantedInTop).toBeGreaterThanOrEqual(20);
    expect(plantedInTop / top.complaints).toBeGreaterThanOrEqual(0.8);
    expect(top.new).toBe(true);
    expect(top.firstSeen).toBe("2026-11-17");
    expect(top.z).toBeGreaterThanOrEqual(digest.themes!.rule.minZ);
    expect(top.languages.map((l) => l.value).sort()).toEqual(["en", "lt"]);
    expect(top.label).toMatch(/bank|swedbank|link/u);
    expect(top.examples.length).toBeGreaterThanOrEqual(1);
    // "What customers say" for conversion leads with it.
    expect(digest.themes!.stages.find((s) => s.stage === "conversion")!.themes[0]!.id).toBe(top.id);

    // Nothing planted leaks into another topic, and the unchanged topics raise no theme at all.
    for (const t of digest.themes!.topics.filter((x) => x.topic !== "checkout_payment")) {
      expect(t.themes.flatMap((x) => x.mentionIds).filter((id) => plantedIds.has(id)), t.topic).toEqual([]);
      expect(t.themes.filter((x) => x.new).map((x) => x.label), t.topic).toEqual([]);
    }
    // Every format says it under "What customers say".
    expect(renderDigest(digest, "md")).toMatch(new RegExp(`## What customers say[\\s\\S]*“${top.label}”\\*\\* \\*\\*NEW\\*\\* — Checkout payment`, "u"));
    expect(renderDigest(digest, "html")).toContain(`What customers say`);
    expect(renderDigest(digest, "csv")).toContain(`,checkout_payment,conversion,${top.complaints},${top.baselineComplaints},,,,,theme,,,,,,,,${top.label},${top.z},true,2026-11-17,${top.authors}`);
    expect(JSON.parse(renderDigest(digest, "json")).themes.topics[0].themes[0].id).toBe(top.id);
    console.info(`planted issue: rank 1 of ${checkout.themes.length} checkout themes, "${top.label}", z ${top.z}, new ${top.new} since ${top.firstSeen}, ${plantedInTop}/${top.complaints} planted`);
  });

  it("does not make a theme of one author repeating the same complaint 25 times", async () => {
    const loud = toPlantedComplaints(25, { sameAuthor: true, wordings: [BANK_LINK_WORDINGS[0]!] });
    const db = seedThemeCorpus(CORPUS_SIZE, loud);
    const checkout = (await loadThemeDigest(db)).themes!.topics.find((t) => t.topic === "checkout_payment")!;
    const loudIds = new Set(db.$client.prepare("select id from mentions where external_id like 'planted-%'").pluck().all() as number[]);
    expect(checkout.complaints).toBeGreaterThan(25);
    expect(checkout.themes.flatMap((t) => t.mentionIds).filter((id) => loudIds.has(id))).toEqual([]);
  });

  it("says which app versions a theme's store reviews came from", async () => {
    // 25 planted complaints: 15 app-store reviews of 4.2.0, 5 of 4.1.9, 5 from a review site.
    const planted = toPlantedComplaints(25).map((p, i) => (i < 20 ? { ...p, appVersion: i < 15 ? "4.2.0" : "4.1.9" } : p));
    const top = (await loadThemeDigest(seedThemeCorpus(CORPUS_SIZE, planted))).themes!.topics.find((t) => t.topic === "checkout_payment")!.themes[0]!;
    expect(top.versions[0]).toMatchObject({ value: "4.2.0" });
    expect(top.versions.map((v) => v.value)).toContain("4.1.9");
    expect(top.versions.reduce((sum, v) => sum + v.complaints, 0)).toBeLessThanOrEqual(20);
    expect(toWhereText(top)).toMatch(/ · app 4\.2\.0 1\d, 4\.1\.9 \d/u);
  });

  it("the same 25 complaints from 25 authors do make that theme (the previous test can fail)", async () => {
    const many = toPlantedComplaints(25, { wordings: [BANK_LINK_WORDINGS[0]!] });
    const checkout = (await loadThemeDigest(seedThemeCorpus(CORPUS_SIZE, many))).themes!.topics.find((t) => t.topic === "checkout_payment")!;
    expect(checkout.themes[0]).toMatchObject({ new: true, authors: 25 });
  });
});
