import { DIGEST_FORMATS } from "../../digest/render.js";
import { html, type SafeHtml } from "../html.js";
import type { PageContext } from "../page.js";

export interface DigestWeek {
  label: string;
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

/** Past weeks, newest first, each linked in every digest format. */
export function renderDigestsBody(ctx: PageContext, weeks: readonly DigestWeek[]): SafeHtml {
  const { t } = ctx;
  if (weeks.length === 0) return html`<p>${t.t("overview.empty")}</p>`;
  return html`<p>${t.t("digests.help")}</p>
<table>
<thead><tr><th scope="col">${t.t("digests.week")}</th><th scope="col">${t.t("digests.period")}</th><th scope="col">${t.t("digests.formats")}</th></tr></thead>
<tbody>${weeks.map(
    (w) => html`<tr><th scope="row">${w.label}</th><td>${t.formatDate(w.startMs)} – ${t.formatDate(w.endMs - 1)}</td><td>${DIGEST_FORMATS.map(
      (format, i) => html`${i > 0 ? " · " : ""}<a href="/digests/${w.label}.${format}">${format.toUpperCase()}<span class="sr-only"> ${w.label}</span></a>`,
    )}</td></tr>`,
  )}</tbody></table>`;
}
