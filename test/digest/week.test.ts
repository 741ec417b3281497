import { describe, expect, it } from "vitest";
import { parseIsoWeek, toIsoWeek, toLastCompleteWeek, toRangeBuckets, toWeekBucket, toWeekBuckets } from "../../src/digest/week.js";

const HOUR = 3_600_000;

describe("ISO weeks in a time zone", () => {
  it.each([
    // A Thursday-started year: 1 Jan is in week 1.
    ["2026-01-01T12:00:00Z", "UTC", { year: 2026, week: 1 }],
    // 29 Dec 2025 is the Monday of 2026-W01.
    ["2025-12-29T00:00:00Z", "UTC", { year: 2026, week: 1 }],
    // 2020 has 53 weeks; 1 Jan 2021 (Friday) still belongs to 2020-W53.
    ["2021-01-01T12:00:00Z", "UTC", { year: 2020, week: 53 }],
    // Sunday 23:30 UTC is already Monday 01:30 in Vilnius: the next week there.
    ["2026-11-22T23:30:00Z", "Europe/Vilnius", { year: 2026, week: 48 }],
    ["2026-11-22T23:30:00Z", "UTC", { year: 2026, week: 47 }],
    // Monday 03:00 UTC is still Sunday evening in New York.
    ["2026-11-23T03:00:00Z", "America/New_York", { year: 2026, week: 47 }],
  ])("%s in %s is %o", (instant, zone, week) => {
    expect(toIsoWeek(new Date(instant), zone)).toEqual(week);
  });

  it.each([
    ["2026-W47", { year: 2026, week: 47 }],
    ["2026W01", { year: 2026, week: 1 }],
    ["2020-W53", { year: 2020, week: 53 }],
  ])("parses %s", (text, week) => {
    expect(parseIsoWeek(text)).toEqual(week);
  });

  it.each([
    ["2026-47", "not an ISO week"],
    ["2026-W00", "no week 0"],
    // 2026 has 53 weeks; 2027 has 52.
    ["2027-W53", "no week 53"],
  ])("refuses %s", (text, message) => {
    expect(() => parseIsoWeek(text)).toThrow(message);
  });

  it("starts a week at Monday 00:00 local time", () => {
    const bucket = toWeekBucket({ year: 2026, week: 47 }, "Europe/Vilnius");
    expect(bucket).toEqual({ label: "2026-W47", start: new Date("2026-11-15T22:00:00Z"), end: new Date("2026-11-22T22:00:00Z") });
  });

  it.each([
    // Clocks go forward on Sunday 29 March 2026 in Vilnius: 167 hours.
    [{ year: 2026, week: 13 }, 167],
    // …and back on Sunday 25 October 2026: 169 hours.
    [{ year: 2026, week: 43 }, 169],
    [{ year: 2026, week: 47 }, 168],
  ])("week %o lasts %d hours in Vilnius", (week, hours) => {
    const bucket = toWeekBucket(week, "Europe/Vilnius");
    expect((bucket.end.getTime() - bucket.start.getTime()) / HOUR).toBe(hours);
  });

  it("lists consecutive weeks across a year end, oldest first, each starting where the last ended", () => {
    const buckets = toWeekBuckets({ year: 2027, week: 2 }, 5, "Europe/Vilnius");
    expect(buckets.map((b) => b.label)).toEqual(["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.start).toEqual(buckets[i - 1]!.end);
  });

  it.each([
    // Sunday 29 Nov 2026: W48 is still running, so the last complete week is W47.
    ["2026-11-29T14:00:00Z", { year: 2026, week: 47 }],
    // Monday 30 Nov 00:30 in Vilnius: W48 has just ended.
    ["2026-11-29T22:30:00Z", { year: 2026, week: 48 }],
  ])("the last complete week at %s is %o", (now, week) => {
    expect(toLastCompleteWeek(new Date(now), "Europe/Vilnius")).toEqual(week);
  });

  it("makes equally long periods before a custom date range (end date inclusive)", () => {
    const buckets = toRangeBuckets("2026-11-01", "2026-11-10", 3, "UTC");
    expect(buckets.map((b) => b.label)).toEqual(["2026-10-12..2026-10-21", "2026-10-22..2026-10-31", "2026-11-01..2026-11-10"]);
    expect(buckets[2]!.end).toEqual(new Date("2026-11-11T00:00:00Z"));
  });

  it.each([
    ["2026-11-10", "2026-11-01", "after"],
    ["2026-02-30", "2026-03-01", "not a date"],
  ])("refuses the range %s..%s", (from, to, message) => {
    expect(() => toRangeBuckets(from, to, 2, "UTC")).toThrow(message);
  });
});
