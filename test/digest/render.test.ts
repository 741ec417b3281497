import { load } from "cheerio";
import { describe, expect, it } from "vitest";
import { renderDigestCsv } from "../../src/digest/render-csv.js";
import { renderDigestHtml } from "../../src/digest/render-html.js";
import { renderDigestJson } from "../../src/digest/render-json.js";
import { escapeMarkdown, renderDigestMarkdown } from "../../src/digest/render-markdown.js";
import type { Digest } from "../../src/digest/types.js";
import { loadSpikeWeekDigest } from "./fixture.js";

const digest = await loadSpikeWeekDigest();

describe("renderDigestJson", () => {
  it("keeps the documented top-level keys", () => {
    const parsed = JSON.parse(renderDigestJson(digest)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      "schemaVersion", "generatedAt", "period", "totals", "stages", "topics", "channels", "sources", "languages", "spikes", "examples", "findings", "trend", "responses", "themes", "rules",
    ]);
    expect(parsed).toMatchObject({ schemaVersion: 1, period: { label: "2026-W47" }, spikes: [{ topic: "delivery" }] });
  });
});

describe("renderDigestCsv", () => {
  const csv = renderDigestCsv(digest);
  const lines = csv.slice(1).trimEnd().split("\r\n");

  it("starts with a UTF-8 BOM and has one row per topic × stage × week", () => {
    expect(csv.startsWith("\uFEFFperiod,period_start,period_end,topic,stage,complaints,previous,change,change_pct,baseline_avg,spike,row_type,channel,answered,response_rate_pct,median_first_reply_h,p90_first_reply_h,sla_breaches,measurable,theme,theme_z,theme_new,theme_first_seen,theme_authors\r\n")).toBe(true);
    // Plus one Responses row: this store has no brand accounts, so it says "not measurable" with empty figures, never 0 %.
    expect(lines).toHaveLength(1 + digest.trend.topics.length * digest.trend.periods.length + 1);
    expect(lines.at(-3)).toBe("2026-W47,2026-11-16T00:00:00.000Z,2026-11-23T00:00:00.000Z,delivery,after_sales,18,1,17,1700,1,true,topic,,,,,,,,,,,,");
    expect(lines.at(-1)).toBe("2026-W47,2026-11-16T00:00:00.000Z,2026-11-23T00:00:00.000Z,,,0,,,,,,responses,,,,,,,false,,,,,");
  });

  it("neutralises spreadsheet formulas in topic ids from a custom taxonomy", () => {
    const hostile: Digest = { ...digest, trend: { ...digest.trend, topics: [{ topic: "=HYPERLINK(\"http://x.invalid\")", stage: "@SUM(A1)", complaints: digest.trend.complaints }] } };
    const row = renderDigestCsv(hostile).split("\r\n")[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://x.invalid"")"`);
    expect(row).toContain("'@SUM(A1)");
  });
});

describe("renderDigestMarkdown", () => {
  const md = renderDigestMarkdown(digest);

  it("has every section of the digest", () => {
    for (const heading of ["# Complaint digest 2026-W47", "## ⚠ 1 spike", "## Headline numbers", "## Complaints by journey stage", "## Topics by impact", "## What customers say", "## Responses", "## Evidence", "## Trend", "## Channels, sources and languages"]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain("| Delivery **spike** | After-sales | 18 | +17 | 1 |");
  });

  it.each([
    ["a link", "[click](https://evil.invalid)", "\\[click\\](https://evil.invalid)"],
    ["an image", "![x](https://evil.invalid/p.png)", "!\\[x\\](https://evil.invalid/p.png)"],
    ["HTML", "<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"],
    ["a table cell and emphasis", "a | *b* _c_ `d`", "a \\| \\*b\\* \\_c\\_ \\`d\\`"],
    ["a heading or list at the start", "# 1. hi", "\\# 1. hi"],
    ["a numbered list", "1. first", "1\\. first"],
    ["new lines", "one\ntwo\r\nthree", "one two three"],
    ["an entity", "&lt;b&gt;", "\\&lt;b\\&gt;"],
  ])("escapes %s", (_name, text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });
});

describe("renderDigestHtml", () => {
  const html = renderDigestHtml(digest);
  const $ = load(html);

  it("is one self-contained document: no script, no external asset, inline SVG charts", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect($("script, link, img, iframe, object, embed, style").length).toBe(0);
    expect($("[src]").length).toBe(0);
    expect(html).not.toMatch(/url\(/u);
    // Sentiment split, stages, topics, trend.
    expect($("svg").length).toBe(4);
    expect($("meta[http-equiv='Content-Security-Policy']").attr("content")).toContain("default-src 'none'");
  });

  it("shows the spike, the headline numbers and the evidence", () => {
    expect($("body").text()).toContain("1 spike this week");
    expect($("body").text()).toContain("Siunta vėluoja jau dvi savaites, kurjeris neatsako.");
    expect($("div[dir='auto']").length).toBe(digest.examples.reduce((s, g) => s + g.examples.length, 0));
  });
});
