/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Parts of this file run in the browser (page.evaluate): they use the DOM types.
import { existsSync } from "node:fs";
import { chromium, type BrowserContext } from "playwright-core";
import { tempDir } from "../helpers/temp.js";

/** Debian's Chromium (.ci/run installs it), or $CHROMIUM. */
export const CHROMIUM = process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

/**
 * A headless Chromium with a new empty profile. Networking features are off: the machines reach
 * no internet, and Chromium would otherwise try Google's hosts at every start.
 */
export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir("earshot-chromium-"), {
    executablePath: CHROMIUM!,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
  });
}

/**
 * Runs in the page: every element with its own text whose colour contrast against its effective
 * background is below `min` (WCAG 2.x relative luminance). Transparent backgrounds are looked
 * up through the ancestors; semi-transparent ones are blended over what lies beneath.
 */
export function findLowContrast(min: number): Array<{ text: string; ratio: number; color: string; background: string }> {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const m = css.match(/rgba?\(([^)]+)\)/u);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1]!.split(/[\s,/]+/u).filter(Boolean).map(Number);
    return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
  };
  const blend = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const background = (element: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce<Rgba>((under, layer) => blend(layer, under), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]: Rgba) => {
    const f = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const failures: Array<{ text: string; ratio: number; color: string; background: string }> = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest("svg")) continue;
    const own = [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
    if (!own) continue;
    const rect = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    // Visually hidden text (the skip link off-screen, .sr-only) is for screen readers only.
    if (rect.width <= 1 || rect.height <= 1 || rect.right < 0 || style.visibility === "hidden") continue;
    const bg = background(element);
    const fg = blend(parse(style.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < min) failures.push({ text: (element.textContent ?? "").trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100, color: style.color, background: `rgb(${bg.slice(0, 3).join(",")})` });
  }
  return failures;
}
