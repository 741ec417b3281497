import { load, type CheerioAPI } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savePage } from "../../src/store/sqlite/mentions.js";
import { openDb } from "../../src/store/sqlite/db.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { toTestRow } from "../helpers/rows.js";
import { NOW, startTestDashboard } from "./seed.js";
import { hostileCorporaAvailable, loadHostileStrings } from "../helpers/hostile-corpora.js";

const available = hostileCorporaAvailable;

const ALLOWED_TAGS = new Set([
  "html", "head", "meta", "title", "link", "script", "body", "a", "header", "nav", "ul", "li", "main", "h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td",
  "span", "br", "form", "input", "select", "option", "label", "div", "button", "fieldset", "legend", "dl", "dt", "dd", "mark", "figure", "figcaption", "section",
  "svg", "polyline", "circle", "rect", "text", "line", "tspan", "strong",
]);

/** No element, attribute or link that the hostile text could have brought in. */
function expectInert($: CheerioAPI): void {
  $("*").each((_, node) => {
    const element = node as unknown as { tagName: string; attribs: Record<string, string> };
    expect(ALLOWED_TAGS, `unexpected <${element.tagName}>`).toContain(element.tagName.toLowerCase());
    for (const name of Object.keys(element.attribs)) {
      expect(name.toLowerCase().startsWith("on"), `attribute ${name}`).toBe(false);
      expect(name.toLowerCase(), "inline style").not.toBe("style");
    }
  });
  $("script").each((_, s) => expect($(s).attr("src")).toMatch(/^\/assets\/app\.[0-9a-f]{12}\.js$/u));
  $("a[href]").each((_, a) => expect($(a).attr("href")!).toMatch(/^(\/|https?:\/\/|#)/u));
  $("form").each((_, f) => expect($(f).attr("action")!).toMatch(/^\//u));
}

/** What a browser shows of `text` on the page: bidi controls dropped, characters HTML forbids as U+FFFD, CR LF as LF. */
function toShownText(text: string): string {
  return text
    .replace(/[\u202A-\u202E\u2066-\u2069]/gu, "")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu, "\uFFFD")
    .replace(/\r\n?/gu, "\n");
}

describe.skipIf(!available)("the dashboard renders the hostile corpora inert", () => {
  const strings = available ? loadHostileStrings() : [];
  let started: Awaited<ReturnType<typeof startTestDashboard>>;

  beforeAll(async () => {
    started = await startTestDashboard({
      seed: (path) => {
        const db = openDb(path);
        // A hostile source name too: it is printed on every row and in the filter.
        const source = addSource(db, { name: `<img src=x onerror=alert(1)>"'`, kind: "file", config: {} }, NOW).id;
        const rows = strings.map((s, i) =>
          toTestRow(`h${i}`, {
            text: s,
            title: i % 3 === 0 ? s.slice(0, 80) : null,
            url: i % 2 === 0 ? `javascript:alert(${i})` : `https://example.com/r?a=${i}&b="x"`,
            publishedAt: new Date(NOW.getTime() - i * 60_000),
            evidence: [{ kind: "topic", topic: s.slice(0, 20), match: s, start: 0, end: Math.min(5, s.length) }],
          }, [{ topic: "delivery", stage: "after_sales" }]),
        );
        savePage(db, { sourceId: source, runId: startRun(db, source, NOW), rows, cursor: {}, now: NOW });
        db.$client.close();
      },
    });
  });
  afterAll(() => started.dashboard.close());

  it(`lists all ${strings.length} strings, page after page, as text`, async () => {
    let path: string | undefined = "/mentions";
    let seen = 0;
    while (path) {
      const response = await fetch(started.url + path);
      expect(response.status).toBe(200);
      const $ = load(await response.text());
      expectInert($);
      seen += $("td.excerpt a").length;
      path = $('a[rel="next"]').attr("href");
    }
    expect(seen).toBe(strings.length);
  });

  it("shows each string whole on its mention page, inert, and drops the javascript: link", async () => {
    for (let id = 1; id <= strings.length; id += 7) {
      const response = await fetch(`${started.url}/mentions/${id}`);
      expect(response.status).toBe(200);
      const $ = load(await response.text());
      expectInert($);
      const stored = strings[id - 1]!;
      // The text is all there (bidi overrides dropped, unpaired surrogates as U+FFFD), as text.
      const shown = $(".text").first().find(".sr-only").remove().end().text();
      const title = (id - 1) % 3 === 0 ? `${stored.slice(0, 80)}\n` : "";
      expect(shown, `mention ${id}`).toBe(toShownText(title + stored));
      if (id % 2 === 1) expect($('a[target="_blank"]').length, `mention ${id}: javascript: link`).toBe(0);
    }
  });

  it("searches hostile words without running them as FTS5 syntax", async () => {
    for (const q of ['" OR 1=1 --', "NEAR(a b)", "*", "col:word", "\u0000"]) {
      const response = await fetch(`${started.url}/mentions?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
      expectInert(load(await response.text()));
    }
  });
});
