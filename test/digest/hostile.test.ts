import { load, type CheerioAPI } from "cheerio";
import { describe, expect, it } from "vitest";
import { toQuote } from "../../src/digest/evidence.js";
import { renderDigestHtml } from "../../src/digest/render-html.js";
import { escapeMarkdown, renderDigestMarkdown } from "../../src/digest/render-markdown.js";
import type { Digest, Example } from "../../src/digest/types.js";
import { loadSpikeWeekDigest } from "./fixture.js";
import { hostileCorporaAvailable, loadHostileStrings } from "../helpers/hostile-corpora.js";

const available = hostileCorporaAvailable;

const ALLOWED_TAGS = new Set(["html", "head", "meta", "title", "body", "div", "table", "tr", "td", "th", "tbody", "span", "strong", "ul", "li", "h2", "p", "a", "svg", "rect", "text", "tspan", "line", "polyline", "circle"]);

function expectInert($: CheerioAPI): void {
  $("*").each((_, node) => {
    const element = node as unknown as { tagName: string; attribs: Record<string, string> };
    expect(ALLOWED_TAGS, `unexpected <${element.tagName}>`).toContain(element.tagName.toLowerCase());
    for (const name of Object.keys(element.attribs)) expect(name.toLowerCase().startsWith("on"), `attribute ${name}`).toBe(false);
  });
  $("a").each((_, a) => expect($(a).attr("href") ?? "").toMatch(/^https?:\/\//u));
}

/** The spike-week digest with every hostile string as a quote, a source name and a topic id. */
function toHostileDigest(base: Digest, strings: string[]): Digest {
  const examples: Example[] = strings.map((s, i) => ({
    mentionId: i,
    quote: toQuote(s),
    url: i % 2 === 0 ? "https://example.com/r?a=1&b=\"2\"" : null,
    source: s.slice(0, 100),
    channel: "review",
    lang: "en",
    publishedAt: "2026-11-18T10:00:00.000Z",
    rating: null,
    ratingScale: null,
  }));
  const topicIds = strings.slice(0, 40);
  return {
    ...base,
    examples: [{ topic: strings[0]!, stage: "after_sales", complaints: 1, examples }],
    topics: topicIds.map((topic, i) => ({ topic, stage: "service", complaints: i, previous: 0, change: i, changePct: null, average: 0, share: 0, spike: i % 3 === 0 })),
    sources: strings.slice(0, 40).map((source) => ({ source, kind: source, channel: "review", mentions: 1, complaints: 1, previousComplaints: 0, change: 1 })),
  };
}

const spikeWeek = await loadSpikeWeekDigest();

describe.skipIf(!available)("hostile text in the digest (../shared/corpora: blns, constructed-hostile)", () => {
  const strings = available ? loadHostileStrings() : [];
  const digest = toHostileDigest(spikeWeek, strings);

  it("renders every payload in the HTML as inert text, each quote intact in its own element", () => {
    expect(strings.length).toBeGreaterThan(500);
    const html = renderDigestHtml(digest);
    const $ = load(html);
    expectInert($);
    const quotes = $("div[dir='auto']");
    // Layout intact: one quote element per example, nothing closed early or opened extra.
    expect(quotes.length).toBe(strings.length);
    quotes.each((i, q) => expect($(q).text()).toBe(`“${digest.examples[0]!.examples[i]!.quote}”`));
    expect($("svg").length).toBe(4);
    expect($("body > table").length).toBe(1);
  });

  it("keeps every Markdown payload on its line with no live markup", () => {
    const md = renderDigestMarkdown(digest);
    for (const s of strings) {
      const escaped = escapeMarkdown(s);
      expect(escaped).not.toMatch(/[\r\n]/u);
      expect(escaped).not.toMatch(/(?<!\\)[<>[\]`|]/u);
    }
    expect(md).not.toMatch(/(?<!\\)<script/iu);
  });
});
