import { renderLineChart, renderSparkline } from "../../digest/svg.js";
import type { Digest, Metric } from "../../digest/types.js";
import { html, trustedHtml, type SafeHtml } from "../html.js";
import { toHref, type PageContext } from "../page.js";

const STAGE_COLOR = "#1d4ed8";
const TOPIC_COLOR = "#b45309";

/**
 * The Overview: the digest's figures for one week (the same data `earshot digest` renders), with
 * links from each stage and topic to its mentions of that week.
 */
export function renderOverviewBody(ctx: PageContext, digest: Digest | undefined, week: { label: string; from: string; to: string; partial: boolean }): SafeHtml {
  const { t } = ctx;
  if (!digest || digest.totals.mentions.value === null || digest.totals.mentions.value === 0) {
    return html`<p>${t.t("overview.empty")}</p>`;
  }
  const weeks = digest.period.baselinePeriods;
  const period = html`<p class="muted">${t.t("overview.period", { week: week.label, start: t.formatDate(Date.parse(digest.period.start)), end: t.formatDate(Date.parse(digest.period.end) - 1) })}${
    week.partial ? html` ${t.t("overview.partial")}` : ""
  }</p>`;
  const weekLink = (extra: Record<string, string>) => toHref("/mentions", { from: week.from, to: week.to, ...extra });

  const metricRow = (label: string, metric: Metric, format: (v: number) => string) => html`<tr>
<th scope="row">${label}</th>
<td class="num">${metric.value === null ? "–" : format(metric.value)}</td>
<td class="num">${metric.previous === null ? "–" : format(metric.previous)}</td>
<td class="num">${metric.change === null ? "–" : t.formatSigned(metric.change, 1)}</td>
<td class="num">${metric.average === null ? "–" : format(metric.average)}</td>
</tr>`;
  const n = (v: number) => t.formatNumber(v, 1);
  const pct = (v: number) => t.formatPercent(v, 1);
  const headline = html`<h2 id="headline">${t.t("overview.headline")}</h2>
<table aria-labelledby="headline">
<thead><tr><th scope="col">${t.t("overview.metric")}</th><th scope="col" class="num">${t.t("overview.thisWeek")}</th><th scope="col" class="num">${t.t("overview.lastWeek")}</th><th scope="col" class="num">${t.t("common.change")}</th><th scope="col" class="num">${t.t("overview.average", { weeks })}</th></tr></thead>
<tbody>
${metricRow(t.t("common.mentions"), digest.totals.mentions, n)}
${metricRow(t.t("common.complaints"), digest.totals.complaints, n)}
${metricRow(t.t("overview.complaintShare"), digest.totals.complaintShare, pct)}
${metricRow(t.t("overview.netSentiment"), digest.totals.netSentiment, (v) => t.formatSigned(v, 1))}
${metricRow(t.t("overview.nps"), digest.totals.nps, (v) => t.formatSigned(v, 0))}
</tbody></table>`;

  const trendLabels = digest.trend.periods.map((p) => p.label.replace(/^\d{4}-/u, ""));
  const chart = renderLineChart(
    [
      { label: t.t("common.mentions"), color: "#6b7280", values: digest.trend.mentions },
      { label: t.t("common.complaints"), color: "#b91c1c", values: digest.trend.complaints },
    ],
    trendLabels,
    { width: 720, height: 220, title: t.t("common.trend") },
  );

  const stageSeries = new Map(digest.trend.stages.map((s) => [s.stage, s.complaints]));
  const stages = html`<h2 id="stages">${t.t("overview.stages")}</h2>
<table aria-labelledby="stages">
<thead><tr><th scope="col">${t.t("common.stage")}</th><th scope="col" class="num">${t.t("common.complaints")}</th><th scope="col" class="num">${t.t("common.change")}</th><th scope="col" class="num">${t.t("common.share")}</th><th scope="col">${t.t("common.trend")}</th></tr></thead>
<tbody>${digest.stages.map(
    (s) => html`<tr>
<th scope="row"><a href="${weekLink({ stage: s.stage, complaint: "yes" })}">${t.stageName(s.stage)}</a></th>
<td class="num">${t.formatNumber(s.complaints)}</td>
<td class="num${s.change > 0 ? " up" : ""}">${t.formatSigned(s.change)}</td>
<td class="num">${t.formatPercent(s.share, 0)}</td>
<td>${trustedHtml(renderSparkline(stageSeries.get(s.stage) ?? [], { width: 120, height: 28, color: STAGE_COLOR, title: `${t.stageName(s.stage)}: ${t.t("common.trend")}` }))}</td>
</tr>`,
  )}</tbody></table>`;

  const topicSeries = new Map(digest.trend.topics.map((s) => [s.topic, s.complaints]));
  const topics = html`<h2 id="topics">${t.t("overview.topics")}</h2>
<table aria-labelledby="topics">
<thead><tr><th scope="col">${t.t("common.topic")}</th><th scope="col">${t.t("common.stage")}</th><th scope="col" class="num">${t.t("common.complaints")}</th><th scope="col" class="num">${t.t("common.change")}</th><th scope="col" class="num">${t.t("common.share")}</th><th scope="col">${t.t("common.trend")}</th></tr></thead>
<tbody>${digest.topics.map(
    (row) => html`<tr>
<th scope="row"><a href="${weekLink({ topic: row.topic, complaint: "yes" })}">${t.topicName(row.topic)}</a>${row.spike ? html` <span class="badge">${t.t("overview.spikes")}</span>` : ""}</th>
<td>${t.stageName(row.stage)}</td>
<td class="num">${t.formatNumber(row.complaints)}</td>
<td class="num${row.change > 0 ? " up" : ""}">${t.formatSigned(row.change)}</td>
<td class="num">${t.formatPercent(row.share, 0)}</td>
<td>${trustedHtml(renderSparkline(topicSeries.get(row.topic) ?? [], { width: 120, height: 28, color: TOPIC_COLOR, title: `${t.topicName(row.topic)}: ${t.t("common.trend")}` }))}</td>
</tr>`,
  )}</tbody></table>`;

  const spikes = html`<h2 id="spikes">${t.t("overview.spikes")}</h2>${
    digest.spikes.length === 0
      ? html`<p>${t.t("overview.noSpikes")}</p>`
      : html`<table aria-labelledby="spikes"><thead><tr><th scope="col">${t.t("common.topic")}</th><th scope="col" class="num">${t.t("common.complaints")}</th><th scope="col" class="num">${t.t("overview.baseline")}</th></tr></thead><tbody>${digest.spikes.map(
          (s) => html`<tr><th scope="row"><a href="${weekLink({ topic: s.topic, complaint: "yes" })}">${t.topicName(s.topic)}</a></th><td class="num">${t.formatNumber(s.complaints)}</td><td class="num">${t.formatNumber(s.baselineMean, 1)}</td></tr>`,
        )}</tbody></table>`
  }`;

  const r = digest.responses;
  const hours = (v: number | null) => (v === null ? "–" : t.formatDuration(v * 3_600_000));
  const responses = html`<h2 id="responses">${t.t("overview.responses")}</h2>${
    !r.measurable
      ? html`<p>${t.t("overview.notMeasured")}</p>`
      : html`<dl class="facts">
<dt>${t.t("overview.responseRate")}</dt><dd>${r.total.responseRate.value === null ? "–" : t.formatPercent(r.total.responseRate.value, 0)} (${t.formatNumber(r.total.answered)} / ${t.formatNumber(r.total.complaints)})</dd>
<dt>${t.t("overview.medianReply")}</dt><dd>${hours(r.total.medianHours.value)}</dd>
<dt>${t.t("overview.withinSla")}</dt><dd>${t.formatNumber(r.total.complaints - r.total.slaBreaches)} / ${t.formatNumber(r.total.complaints)}</dd>
</dl>
<p><a href="${weekLink({ response: "unanswered", complaint: "yes" })}">${t.t("mentions.unanswered")}: ${t.t("overview.showMentions")}</a></p>`
  }`;

  return html`${period}
${headline}
<figure>${trustedHtml(toClassedSvg(chart))}<figcaption class="sr-only">${t.t("common.trend")}</figcaption></figure>
<div class="grid2"><section>${stages}</section><section>${spikes}${responses}</section></div>
${topics}`;
}

/**
 * The digest's charts carry an inline style for mail clients, which this page's CSP (no inline
 * styles) would block and report; the same look comes from the stylesheet's `.chart`.
 */
export function toClassedSvg(svg: string): string {
  return svg.replace(/^<svg ([^>]*?) style="[^"]*"/u, '<svg class="chart" $1');
}
