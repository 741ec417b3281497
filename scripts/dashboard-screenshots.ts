/**
 * Screenshots of every dashboard page for docs/ (and the README's): the demo database served by
 * `earshot serve`, photographed in headless Chromium, each page in one of the four languages.
 *
 *   npm run dashboard:screenshots -- [--out docs]
 *
 * Needs Debian's `chromium` (apt-get install chromium) or $CHROMIUM. The demo runs in a temporary
 * folder against the bundled replay fixtures: nothing is fetched from the internet.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "../src/cli/main.js";
import { startDashboard } from "../src/cli/commands/serve.js";
import { demoBrandAccounts } from "../src/cli/demo-sources.js";
import { parseConfig } from "../src/config/load.js";
import { silentLogger } from "../src/core/log.js";
import { CHROMIUM, launchChromium } from "../test/web/browser.js";

const { values } = parseArgs({ options: { out: { type: "string", default: "docs" } } });
if (!CHROMIUM) {
  process.stderr.write("dashboard:screenshots: no Chromium found (apt-get install chromium, or set CHROMIUM)\n");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "earshot-dashboard-"));
try {
  let log = "";
  const io = { stdout: (t: string) => void (log += t), stderr: (t: string) => void (log += t), env: process.env, cwd: work, exitCode: 0 };
  if ((await runCli(["demo"], io)) !== 0) throw new Error(`demo failed:\n${log}`);
  // The demo's own settings: its brand accounts make replies measurable on the Overview and Sources.
  const config = parseConfig({ database: join(work, "earshot-demo.db"), timezone: "Europe/Vilnius", brand: { accounts: demoBrandAccounts } }, null, work);
  const dashboard = await startDashboard(config, { listen: "127.0.0.1:0", env: {}, log: silentLogger });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const shots: Array<[string, string]> = [
      ["dashboard-overview.png", "/?lang=en"],
      ["dashboard-mentions.png", "/mentions?complaint=yes&lang=lt"],
      ["dashboard-search.png", "/mentions?q=paketti&lang=fi"],
      ["dashboard-mention.png", "/mentions/FIRST?lang=ru"],
      ["dashboard-sources.png", "/sources?lang=fi"],
      ["dashboard-digests.png", "/digests?lang=en"],
    ];
    await page.goto(`${dashboard.server.url}/mentions?complaint=yes`);
    const first = (await page.locator("td.excerpt a").first().getAttribute("href"))!.split("/").pop()!;
    for (const [file, path] of shots) {
      await page.goto(dashboard.server.url + path.replace("FIRST", first));
      const out = resolve(values.out!, file);
      await page.screenshot({ path: out, fullPage: file !== "dashboard-mentions.png" && file !== "dashboard-overview.png" ? true : false });
      process.stdout.write(`${out}\n`);
    }
  } finally {
    await browser.close();
    await dashboard.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
