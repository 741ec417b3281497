import { createHash } from "node:crypto";

/**
 * The dashboard's only stylesheet and script, served from /assets/ under names that carry their
 * hash (so they can be cached for a year). Strings in a module rather than files: tsc carries them
 * into dist/ with no copy step and no client build. The Content-Security-Policy allows scripts
 * and styles from these URLs only, so nothing inline runs.
 *
 * Colours: text #111827 on #fff (17.7:1), muted #4b5563 (7.6:1), links #1d4ed8 (6.7:1), white
 * on the complaint red #b91c1c (6.5:1); the browser test measures contrast on every page.
 */
const CSS = `
:root { color-scheme: light; --text: #111827; --muted: #4b5563; --line: #d1d5db; --soft: #f3f4f6; --link: #1d4ed8; --accent: #b91c1c; --focus: #f59e0b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--text); background: #fff; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px 10px; z-index: 10; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 10px 24px; border-bottom: 1px solid var(--line); background: #f9fafb; }
header .brand { font-weight: 700; font-size: 17px; color: var(--text); text-decoration: none; }
nav ul { display: flex; gap: 4px; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
nav a { display: block; padding: 6px 10px; border-radius: 6px; text-decoration: none; color: var(--text); }
nav a[aria-current="page"] { background: #e0e7ff; font-weight: 600; }
.langs { margin-left: auto; display: flex; gap: 6px; list-style: none; padding: 0; }
.langs a { padding: 2px 6px; border-radius: 4px; }
.langs a[aria-current="true"] { font-weight: 700; text-decoration: none; color: var(--text); border: 1px solid var(--line); }
main { padding: 16px 24px 48px; max-width: 1200px; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; }
.muted { color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--soft); }
tbody th { background: none; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.up { color: var(--accent); }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; font-weight: 700; background: var(--accent); color: #fff; }
.chip { display: inline-block; padding: 0 6px; margin: 1px 2px 1px 0; border-radius: 9px; font-size: 12.5px; background: var(--soft); border: 1px solid var(--line); }
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px 14px; align-items: end; padding: 12px; background: #f9fafb; border: 1px solid var(--line); border-radius: 8px; }
.filters .wide { grid-column: 1 / -1; }
label { display: block; font-size: 13px; font-weight: 600; margin-bottom: 2px; }
input[type="search"], input[type="date"], input[type="password"], select { width: 100%; padding: 6px 8px; font: inherit; border: 1px solid #6b7280; border-radius: 6px; background: #fff; color: var(--text); }
button { font: inherit; padding: 7px 14px; border-radius: 6px; border: 1px solid #1e3a8a; background: #1d4ed8; color: #fff; cursor: pointer; }
.actions { display: flex; gap: 12px; align-items: center; }
.pager { display: flex; gap: 16px; margin: 12px 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 16px; line-height: 1.6; padding: 12px 14px; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
td.excerpt { overflow-wrap: anywhere; }
mark { padding: 0 1px; border-radius: 3px; color: var(--text); }
mark.ev-topic { background: #fde68a; }
mark.ev-sentiment { background: #bfdbfe; }
mark.ev-complaint { background: #fecaca; }
mark.ev-language { background: #e5e7eb; }
.notice { padding: 8px 12px; border-radius: 6px; background: #dcfce7; border: 1px solid #86efac; }
.error { padding: 8px 12px; border-radius: 6px; background: #fee2e2; border: 1px solid #fca5a5; }
fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; }
legend { font-weight: 600; padding: 0 4px; }
.checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 2px 14px; }
.checks label { font-weight: 400; font-size: 14px; display: flex; gap: 6px; align-items: center; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 0 28px; }
.chart { max-width: 100%; height: auto; display: block; }
svg.spark { display: block; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
`;

/**
 * Progressive enhancement only: every page works without it. "/" focuses the search box (unless
 * the reader is typing in a field), and a correction form says it is saving while it posts.
 * Filters do not submit on change: a keyboard user moving through a select would reload the
 * page at every step (WCAG 3.2.2).
 */
const JS = `
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method !== "post") return;
  var button = form.querySelector("button[type=submit]");
  if (button) { button.setAttribute("aria-disabled", "true"); form.setAttribute("aria-busy", "true"); }
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  var active = document.activeElement;
  if (active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT")) return;
  var search = document.getElementById("q");
  if (search) { event.preventDefault(); search.focus(); }
});
`;

function toAsset(name: string, ext: string, body: string, type: string) {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { path: `/assets/${name}.${hash}.${ext}`, body, type };
}

export const ASSETS = {
  css: toAsset("app", "css", CSS, "text/css; charset=utf-8"),
  js: toAsset("app", "js", JS, "text/javascript; charset=utf-8"),
} as const;
