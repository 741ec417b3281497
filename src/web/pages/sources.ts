import type { SourceStatus } from "../../store/types.js";
import { html, type SafeHtml } from "../html.js";
import type { PageContext } from "../page.js";
import type { MessageKey } from "../../i18n/index.js";

const STATUS_KEYS: Record<string, MessageKey> = {
  running: "status.running",
  ok: "status.ok",
  not_modified: "status.not_modified",
  partial: "status.partial",
  failed: "status.failed",
  interrupted: "status.interrupted",
};

/** Sources: each one's latest run, failures, next check and reply-check backlog (`earshot status`'s data). */
/** `backlog`: per source whose replies are measured, the complaints whose reply check is due. */
export function renderSourcesBody(ctx: PageContext, statuses: readonly SourceStatus[], backlog: ReadonlyMap<string, number>): SafeHtml {
  const { t } = ctx;
  if (statuses.length === 0) return html`<p>${t.t("sources.none")}</p>`;
  const due = backlog;
  const time = (d: Date | null) => (d === null ? t.t("common.never") : t.formatDateTime(d));
  return html`<table>
<thead><tr>
<th scope="col">${t.t("sources.name")}</th><th scope="col">${t.t("sources.kind")}</th><th scope="col">${t.t("sources.enabled")}</th>
<th scope="col">${t.t("sources.lastRun")}</th><th scope="col">${t.t("sources.status")}</th><th scope="col">${t.t("sources.lastSuccess")}</th>
<th scope="col" class="num">${t.t("sources.failures")}</th><th scope="col">${t.t("sources.nextCheck")}</th><th scope="col" class="num">${t.t("sources.backlog")}</th>
<th scope="col">${t.t("sources.lastError")}</th>
</tr></thead>
<tbody>${statuses.map((s) => {
    const statusKey = s.lastStatus ? STATUS_KEYS[s.lastStatus] : undefined;
    return html`<tr>
<th scope="row"><a href="/mentions?source=${encodeURIComponent(s.source)}">${s.source}</a></th>
<td>${s.kind}</td>
<td>${s.enabled ? t.t("common.yes") : t.t("common.no")}</td>
<td>${time(s.lastRunAt)}</td>
<td>${statusKey ? t.t(statusKey) : (s.lastStatus ?? "–")}</td>
<td>${time(s.lastSuccessAt)}</td>
<td class="num${s.consecutiveFailures > 0 ? " up" : ""}">${t.formatNumber(s.consecutiveFailures)}</td>
<td>${s.nextCheckAt === null ? "–" : t.formatDateTime(s.nextCheckAt)}</td>
<td class="num">${due.has(s.source) ? t.formatNumber(due.get(s.source)!) : "–"}</td>
<td class="excerpt">${s.lastError ?? ""}</td>
</tr>`;
  })}</tbody></table>`;
}
