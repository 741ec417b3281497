/**
 * Renders the demo's HTML digest in headless Chromium and saves a screenshot, to check by eye that
 * the digest looks right (and to refresh docs/digest.png).
 *
 *   npm run digest:screenshot -- [--out docs/digest.png] [--width 820] [--height 2000] [--week 2026-W47]
 *     [--section responses]   only that section, under the digest's header (docs/digest-responses.png)
 *
 * Needs Debian's `chromium` (apt-get install chromium) or $CHROMIUM. The demo runs in a temporary
 * folder against the bundled replay fixtures: nothing is fetched from the internet, and Chromium
 * runs with networking features off and a throwaway profile.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { runCli } from "../src/cli/main.js";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs/digest.png" },
    width: { type: "string", default: "820" },
    height: { type: "string", default: "2000" },
    section: { type: "string" },
    week: { type: "string" },
  },
});

const chromium = process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));
if (!chromium) {
  process.stderr.write("digest:screenshot: no Chromium found (apt-get install chromium, or set CHROMIUM)\n");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "earshot-screenshot-"));
try {
  let log = "";
  const io = { stdout: (t: string) => void (log += t), stderr: (t: string) => void (log += t), env: process.env, cwd: work, exitCode: 0 };
  const code = await runCli(["demo", ...(values.week ? ["--week", values.week] : [])], io);
  const html = join(work, "earshot-digest.html");
  if (code !== 0 || !existsSync(html)) {
    process.stderr.write(log);
    throw new Error(`demo failed with exit code ${code}`);
  }
  if (values.section !== undefined) {
    // A copy whose sections between the header and the one asked for are hidden: Chromium's
    // --screenshot captures the top of the page and cannot scroll to a fragment first.
    if (!/^[a-z-]+$/.test(values.section)) throw new Error(`--section: an id such as "responses", not "${values.section}"`);
    const page = readFileSync(html, "utf8");
    if (!page.includes(`id="${values.section}"`)) throw new Error(`--section: the digest has no section with id "${values.section}"`);
    const hide = `<style>div:has(~ #${values.section}):not(:first-child){display:none}</style>`;
    writeFileSync(html, page.replace("</head>", `${hide}</head>`));
  }
  const out = resolve(values.out);
  const result = spawnSync(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--hide-scrollbars",
      "--force-device-scale-factor=1",
      `--user-data-dir=${join(work, "profile")}`,
      `--window-size=${values.width},${values.height}`,
      `--screenshot=${out}`,
      pathToFileURL(html).href,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  if (result.status !== 0 || !existsSync(out)) throw new Error(`chromium failed (${result.status}): ${result.stderr.slice(-500)}`);
  process.stdout.write(`digest screenshot: ${out}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
