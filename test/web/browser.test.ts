/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "../../src/i18n/index.js";
import { CHROMIUM, findLowContrast, launchChromium } from "./browser.js";
import { startTestDashboard } from "./seed.js";

// Never a silent skip: CI installs Chromium (.ci/run), so a skip here means a machine without it.
if (!CHROMIUM) process.stderr.write("test/web/browser.test.ts: SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM)\n");

describe.skipIf(!CHROMIUM)("the dashboard in Chromium", () => {
  let started: Awaited<ReturnType<typeof startTestDashboard>>;
  let browser: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    started = await startTestDashboard();
    browser = await launchChromium();
    page = await browser.newPage();
    // A CSP violation or a script error shows up here: the pages must have none.
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    page.on("pageerror", (e) => void errors.push(e.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await started?.dashboard.close();
  });

  it("filters, searches, opens a mention, corrects it and sees the overview change, by keyboard", async () => {
    await page.goto(`${started.url}/?week=2026-W38&lang=en`);
    const topics = () => page.locator("#topics + table tbody th").allInnerTexts();
    expect(await topics()).not.toContain("Pricing and terms");

    await page.goto(`${started.url}/mentions`);
    // "/" focuses the search box (the page's script); Enter submits the form.
    await page.keyboard.press("/");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("q");
    await page.keyboard.type("courier late");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=courier\+late/u);
    expect(await page.locator("td.excerpt a").count()).toBe(30);

    // Filters by their labels: a complaint about delivery in one week.
    await page.getByLabel("Complaint", { exact: true }).selectOption("yes");
    await page.getByLabel("From", { exact: true }).fill("2026-09-14");
    await page.getByLabel("To", { exact: true }).fill("2026-09-20");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/complaint=yes/u);
    const links = page.locator("td.excerpt a");
    expect(await links.count()).toBe(3);

    // Open the oldest of them with the keyboard.
    await links.last().focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/mentions\/\d+$/u);
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    await page.getByLabel("Pricing and terms").check();
    await page.getByLabel("Sentiment", { exact: true }).selectOption("neutral");
    await page.getByRole("button", { name: "Save the correction" }).press("Enter");
    await page.waitForURL(/saved=1/u);
    await expect.poll(() => page.getByRole("status").innerText()).toBe("The correction is saved.");
    expect(await page.getByLabel("Pricing and terms").isChecked()).toBe(true);

    await page.goto(`${started.url}/?week=2026-W38`);
    expect(await topics()).toContain("Pricing and terms");
    const db = started.db();
    expect(db.$client.prepare("select sentiment from mentions where id = ?").pluck().get(id)).toBe("neutral");
    db.$client.close();
    expect(errors).toEqual([]);
  });

  it("starts the tab order with a visible skip link, and shows where the focus is", async () => {
    await page.goto(`${started.url}/mentions?lang=en`);
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      const r = e.getBoundingClientRect();
      return { text: e.textContent, visible: r.left >= 0 && r.width > 1, outline: getComputedStyle(e).outlineStyle };
    });
    expect(skip).toEqual({ text: "Skip to content", visible: true, outline: "solid" });
    // Every field has a label a screen reader announces.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input:not([type=hidden]), select")].filter((f) => (f as HTMLInputElement).labels?.length === 0).map((f) => f.getAttribute("name")));
    expect(unlabelled).toEqual([]);
  });

  it.each(LOCALES)("has text contrast of at least 4.5:1 on every page (%s)", async (locale) => {
    for (const path of ["/", "/?week=2026-W47", "/mentions", "/mentions/61", "/mentions/61?saved=1", "/sources", "/digests", "/mentions?complaint=maybe"]) {
      await page.goto(`${started.url}${path}${path.includes("?") ? "&" : "?"}lang=${locale}`);
      expect(await page.evaluate(findLowContrast, 4.5), `${locale} ${path}`).toEqual([]);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    }
    // The 400 page logs its status as a console error; nothing else may.
    expect(errors.filter((e) => !e.includes("400"))).toEqual([]);
  });
});
