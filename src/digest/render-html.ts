import { toHtmlText as h } from "./html-text.js";
import { toChannelLabel, toNumberText, toSignedText, toStageLabel, toTopicLabel } from "./labels.js";
import { renderBarChart, renderLineChart, renderStackedBar } from "./svg.js";
import type { ResponseStats } from "./responses.js";
import { toStageSays, toThemeRuleText, toThemeText, toWhereText } from "./themes-text.js";
import type { Digest, Example, Metric, Trend } from "./types.js";

/**
 * The digest as one self-contained HTML file: inline styles on every element (mail clients drop
 * <style> blocks and classes unevenly), table layout, inline SVG charts, no script, no external
 * image, font or stylesheet. Every piece of stored text — quotes, source names, topic ids from a
 * custom taxonomy — goes through toHtmlText; only http(s) URLs become links.
 */

const WIDTH = 720;
const INNER = WIDTH - 2 * 32;
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const C = {
  ink: "#111827",
  text: "#374151",
  muted: "#6b7280",
  line: "#e5e7eb",
  soft: "#f9fafb",
  page: "#f3f4f6",
  worse: "#b91c1c",
  better: "#047857",
  accent: "#4338ca",
};
const STAGE_COLORS: Record<string, string> = { acquisition: "#6366f1", conversion: "#0ea5e9", service: "#f59e0b", after_sales: "#10b981" };
const EXTRA_COLORS = ["#a855f7", "#ec4899", "#64748b", "#84cc16"];
const TREND_WORDS: Record<Trend, string> = { new: "new", rising: "rising", falling: "falling", steady: "steady" };

const S = {
  section: `padding:8px 32px 20px 32px;`,
  h2: `margin:18px 0 10px 0;font:700 16px/1.3 ${FONT};color:${C.ink};`,
  note: `margin:0 0 10px 0;font:400 12.5px/1.5 ${FONT};color:${C.muted};`,
  table: `width:100%;border-collapse:collapse;font:400 13px/1.45 ${FONT};color:${C.text};`,
  th: `text-align:left;padding:6px 8px;border-bottom:1px solid ${C.line};font-weight:600;font-size:11.5px;color:${C.muted};text-transform:uppercase;letter-spacing:.03em;`,
  thNum: `text-align:right;padding:6px 8px;border-bottom:1px solid ${C.line};font-weight:600;font-size:11.5px;color:${C.muted};text-transform:uppercase;letter-spacing:.03em;`,
  td: `padding:6px 8px;border-bottom:1px solid ${C.line};vertical-align:top;word-break:break-word;overflow-wrap:anywhere;`,
  tdNum: `padding:6px 8px;border-bottom:1px solid ${C.line};text-align:right;white-space:nowrap;vertical-align:top;font-variant-numeric:tabular-nums;`,
};

/** Renders the digest as a complete HTML document. */
export function renderDigestHtml(digest: Digest): string {
  const unit = digest.period.kind === "week" ? "week" : "period";
  const title = `Complaint digest ${digest.period.label}`;
  const body = [
    renderHeader(digest),
    renderSpikes(digest),
    renderKpis(digest, unit),
    renderStages(digest, unit),
    renderTopics(digest, unit),
    renderFindings(digest, unit),
    renderResponses(digest, unit),
    renderExamples(digest),
    renderTrend(digest),
    renderBreakdowns(digest, unit),
    renderFooter(digest),
  ].join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${h(title)}</title>
</head>
<body style="margin:0;padding:0;background:${C.page};">
<div style="display:none;max-height:0;overflow:hidden;">${h(toPreheader(digest))}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${C.page};border-collapse:collapse;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="${WIDTH}" cellpadding="0" cellspacing="0" style="width:100%;max-width:${WIDTH}px;background:#ffffff;border:1px solid ${C.line};border-radius:10px;border-collapse:separate;overflow:hidden;">
<tr><td style="padding:0;">
${body}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderHeader(d: Digest): string {
  const range = toDateRangeText(d.period.start, d.period.end, d.period.timezone);
  const kind = d.period.kind === "week" ? "Weekly complaint digest" : "Complaint digest";
  return `<div style="padding:26px 32px 18px 32px;background:#1e1b4b;color:#ffffff;">
<div style="font:600 11.5px/1.4 ${FONT};letter-spacing:.12em;text-transform:uppercase;color:#c7d2fe;">earshot · ${h(kind)}</div>
<div style="margin-top:6px;font:700 26px/1.2 ${FONT};color:#ffffff;">${h(d.period.label)}</div>
<div style="margin-top:4px;font:400 13.5px/1.5 ${FONT};color:#e0e7ff;">${h(range)} · ${h(d.period.timezone)} · compared with ${h(d.period.previous.label)} and the ${d.period.baselinePeriods}-${d.period.kind === "week" ? "week" : "period"} average</div>
</div>`;
}

function renderSpikes(d: Digest): string {
  if (d.spikes.length === 0) {
    return `<div style="margin:18px 32px 0 32px;padding:10px 14px;border-radius:8px;background:#ecfdf5;border:1px solid #a7f3d0;font:400 13px/1.5 ${FONT};color:#065f46;">No spikes: no topic rose clearly above its ${d.rules.spikes.baselineWeeks}-${d.period.kind === "week" ? "week" : "period"} baseline.</div>`;
  }
  const items = d.spikes
    .map(
      (s) =>
        `<li style="margin:2px 0;"><strong>${h(toTopicLabel(s.topic))}</strong> <span style="color:#7f1d1d;">(${h(toStageLabel(s.stage))})</span>: ${s.complaints} complaints, usually ${toNumberText(s.baselineMean)} (${toNumberText(s.ratio)}×)</li>`,
    )
    .join("");
  return `<div style="margin:18px 32px 0 32px;padding:12px 16px;border-radius:8px;background:#fef2f2;border:1px solid #fecaca;font:400 13.5px/1.5 ${FONT};color:${C.worse};">
<div style="font-weight:700;">&#9650; ${d.spikes.length} spike${d.spikes.length === 1 ? "" : "s"} this ${d.period.kind === "week" ? "week" : "period"}</div>
<ul style="margin:4px 0 0 0;padding-left:18px;">${items}</ul>
</div>`;
}

function renderKpis(d: Digest, unit: string): string {
  const t = d.totals;
  const tiles: Array<{ label: string; metric: Metric; suffix?: string; higherIsBetter: boolean | null; sub?: string }> = [
    { label: "Mentions", metric: t.mentions, higherIsBetter: null },
    { label: "Complaints", metric: t.complaints, higherIsBetter: false },
    { label: "Complaint share", metric: t.complaintShare, suffix: "%", higherIsBetter: false },
    { label: "Net sentiment", metric: t.netSentiment, higherIsBetter: true },
    { label: "NPS", metric: t.nps, higherIsBetter: true, sub: t.nps.responses > 0 ? `${t.nps.responses} answers` : "no survey answers" },
  ];
  const cells = tiles
    .map((tile) => {
      const value = tile.metric.value === null ? "–" : `${toNumberText(tile.metric.value)}${tile.suffix ?? ""}`;
      const change = tile.metric.change;
      const color = change === null || change === 0 || tile.higherIsBetter === null ? C.muted : change > 0 === tile.higherIsBetter ? C.better : C.worse;
      const avg = tile.metric.average === null ? "avg –" : `avg ${toNumberText(tile.metric.average)}${tile.suffix ?? ""}`;
      return `<td width="20%" style="padding:12px 10px;border:1px solid ${C.line};border-radius:8px;background:${C.soft};vertical-align:top;">
<div style="font:600 11px/1.3 ${FONT};text-transform:uppercase;letter-spacing:.04em;color:${C.muted};">${h(tile.label)}</div>
<div style="margin-top:4px;font:700 24px/1.15 ${FONT};color:${C.ink};">${h(value)}</div>
<div style="margin-top:3px;font:600 12px/1.4 ${FONT};color:${color};">${h(toSignedText(change, Number.isInteger(change ?? 0) ? 0 : 1))} <span style="font-weight:400;color:${C.muted};">vs last ${unit}</span></div>
<div style="font:400 11.5px/1.4 ${FONT};color:${C.muted};">${h(tile.sub ?? avg)}</div>
</td>`;
    })
    .join(`<td width="8" style="font-size:0;line-height:0;">&nbsp;</td>`);
  const s = t.sentiment;
  const split = renderStackedBar(
    [
      { label: "Negative", value: s.negative.value ?? 0, color: "#ef4444" },
      { label: "Neutral", value: s.neutral.value ?? 0, color: "#9ca3af" },
      { label: "Positive", value: s.positive.value ?? 0, color: "#22c55e" },
    ],
    { width: INNER, title: "Sentiment split" },
  );
  return `<div style="${S.section}">
<h2 style="${S.h2}">Headline numbers</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:separate;"><tr>${cells}</tr></table>
<div style="margin-top:14px;">${split}</div>
</div>`;
}

function renderStages(d: Digest, unit: string): string {
  const chart = renderBarChart(
    d.stages.map((s) => ({
      label: toStageLabel(s.stage),
      value: s.complaints,
      previous: s.previous,
      note: toSignedText(s.change),
      noteColor: toChangeColor(s.change),
      color: toStageColor(s.stage, d),
    })),
    { width: INNER, labelWidth: 120, title: "Complaints per journey stage" },
  );
  const rows = d.stages
    .map(
      (s) =>
        `<tr><td style="${S.td}">${toStageDot(s.stage, d)}${h(toStageLabel(s.stage))}</td><td style="${S.tdNum}">${s.complaints}</td><td style="${S.tdNum}">${h(toNumberText(s.share))}%</td><td style="${S.tdNum}color:${toChangeColor(s.change)};">${h(toSignedText(s.change))}</td><td style="${S.tdNum}">${h(toNumberText(s.average))}</td></tr>`,
    )
    .join("");
  return `<div style="${S.section}">
<h2 style="${S.h2}">Complaints by journey stage</h2>
<p style="${S.note}">Bars show this ${unit}; the dark mark is the previous ${unit}. A complaint touching two stages counts in both.</p>
${chart}
<table role="presentation" style="${S.table}margin-top:10px;"><tr><th style="${S.th}">Stage</th><th style="${S.thNum}">Complaints</th><th style="${S.thNum}">Share</th><th style="${S.thNum}">Change</th><th style="${S.thNum}">Avg</th></tr>${rows}</table>
</div>`;
}

function renderTopics(d: Digest, unit: string): string {
  if (d.topics.length === 0) return `<div style="${S.section}"><h2 style="${S.h2}">Topics</h2><p style="${S.note}">No complaints with a topic in this ${unit} or the one before.</p></div>`;
  const charted = d.topics.slice(0, 12);
  const chart = renderBarChart(
    charted.map((t) => ({
      label: toTopicLabel(t.topic),
      value: t.complaints,
      previous: t.previous,
      note: toSignedText(t.change),
      noteColor: toChangeColor(t.change),
      color: toStageColor(t.stage, d),
      ...(t.spike ? { badge: "SPIKE" } : {}),
    })),
    { width: INNER, labelWidth: 210, title: "Complaints per topic, with the change against the previous period" },
  );
  const rows = d.topics
    .map(
      (t) =>
        `<tr><td style="${S.td}">${h(toTopicLabel(t.topic))}${t.spike ? ` <span style="display:inline-block;padding:0 6px;border-radius:8px;background:#fee2e2;color:${C.worse};font-size:10.5px;font-weight:700;">SPIKE</span>` : ""}</td><td style="${S.td}">${toStageDot(t.stage, d)}${h(toStageLabel(t.stage))}</td><td style="${S.tdNum}">${t.complaints}</td><td style="${S.tdNum}color:${toChangeColor(t.change)};">${h(toSignedText(t.change))}</td><td style="${S.tdNum}">${h(toNumberText(t.average))}</td></tr>`,
    )
    .join("");
  const more = d.topics.length > charted.length ? ` The chart shows the top ${charted.length}; the table lists all ${d.topics.length}.` : "";
  return `<div style="${S.section}">
<h2 style="${S.h2}">Topics by impact</h2>
<p style="${S.note}">Complaints per topic this ${unit}, coloured by journey stage; the dark mark is the previous ${unit}.${more}</p>
${chart}
<table role="presentation" style="${S.table}margin-top:10px;"><tr><th style="${S.th}">Topic</th><th style="${S.th}">Stage</th><th style="${S.thNum}">Complaints</th><th style="${S.thNum}">Change</th><th style="${S.thNum}">Avg</th></tr>${rows}</table>
</div>`;
}

/** "What customers say": per stage its themes with where they happen and quotes; without a themes section, "What to improve". */
function renderFindings(d: Digest, unit: string): string {
  const says = toStageSays(d);
  if (says && says.length > 0) {
    const blocks = says
      .map((stage) => {
        const themes = stage.themes
          .map((t) => {
            const tag = t.new ? `<span style="display:inline-block;padding:0 6px;border-radius:8px;background:#fee2e2;color:${C.worse};font-size:10.5px;font-weight:700;">NEW</span> ` : "";
            return `<div style="margin:6px 0 10px 15px;"><div style="font:400 13px/1.5 ${FONT};color:${C.text};">${tag}<strong style="color:${C.ink};">“${h(t.label)}”</strong> — ${h(toThemeText(t, unit))}</div><div style="font:400 11.5px/1.4 ${FONT};color:${C.muted};">Where: ${h(toWhereText(t))}</div>${t.examples.map((e) => renderQuote(e, toStageColor(t.stage, d))).join("")}</div>`;
          })
          .join("");
        const fallback = stage.fallback.length > 0 ? `<div style="margin:4px 0 0 15px;font:400 13px/1.5 ${FONT};color:${C.muted};">No phrase stands out against the baseline. By count: ${h(stage.fallback.map((f) => f.text).join(" "))}</div>` : "";
        return `<div style="margin:0 0 12px 0;"><div style="font:700 13.5px/1.4 ${FONT};color:${C.ink};">${toStageDot(stage.stage, d)}${h(toStageLabel(stage.stage))} <span style="font-weight:400;color:${C.muted};">· ${stage.complaints} complaint${stage.complaints === 1 ? "" : "s"}</span></div>${themes}${fallback}</div>`;
      })
      .join("");
    return `<div id="themes" style="${S.section}">
<h2 style="${S.h2}">What customers say</h2>
<p style="${S.note}">${h(toThemeRuleText(d, unit))}</p>
${blocks}
</div>`;
  }
  if (d.findings.length === 0) return "";
  const blocks = d.findings
    .map((stage) => {
      const items = stage.findings
        .map((f) => {
          const color = f.spike || f.trend === "rising" || f.trend === "new" ? C.worse : f.trend === "falling" ? C.better : C.muted;
          const tag = f.spike ? "spike" : TREND_WORDS[f.trend];
          const change = f.change === 0 ? `as many as the previous ${unit}` : `${f.change > 0 ? "up" : "down"} ${Math.abs(f.change)} on the previous ${unit}`;
          return `<tr><td style="padding:3px 8px 3px 0;vertical-align:top;white-space:nowrap;"><span style="display:inline-block;width:58px;padding:1px 0;border-radius:8px;text-align:center;font-size:10px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:${color};border:1px solid ${color};">${h(tag)}</span></td><td style="padding:3px 0;vertical-align:top;"><strong style="color:${C.ink};">${h(toTopicLabel(f.topic))}</strong>: ${f.complaints} complaint${f.complaints === 1 ? "" : "s"}, ${h(change)} <span style="color:${C.muted};">(${d.period.baselinePeriods}-${unit} average ${h(toNumberText(f.average))})</span></td></tr>`;
        })
        .join("");
      return `<div style="margin:0 0 12px 0;"><div style="font:700 13.5px/1.4 ${FONT};color:${C.ink};">${toStageDot(stage.stage, d)}${h(toStageLabel(stage.stage))} <span style="font-weight:400;color:${C.muted};">· ${stage.complaints} complaint${stage.complaints === 1 ? "" : "s"}</span></div><table role="presentation" cellpadding="0" cellspacing="0" style="margin:4px 0 0 15px;border-collapse:collapse;font:400 13px/1.5 ${FONT};color:${C.text};">${items}</table></div>`;
    })
    .join("");
  return `<div style="${S.section}">
<h2 style="${S.h2}">What to improve</h2>
<p style="${S.note}">Per stage, the topics with the most complaints and where they are heading.</p>
${blocks}
</div>`;
}

function renderExamples(d: Digest): string {
  const groups = d.examples.filter((g) => g.examples.length > 0);
  if (groups.length === 0) return "";
  const blocks = groups
    .map(
      (g) =>
        `<div style="margin:0 0 16px 0;"><div style="font:700 13.5px/1.4 ${FONT};color:${C.ink};">${toStageDot(g.stage, d)}${h(toTopicLabel(g.topic))} <span style="font-weight:400;color:${C.muted};">· ${g.complaints} complaint${g.complaints === 1 ? "" : "s"}</span></div>${g.examples.map((e) => renderQuote(e, toStageColor(g.stage, d))).join("")}</div>`,
    )
    .join("");
  return `<div style="${S.section}">
<h2 style="${S.h2}">Evidence</h2>
<p style="${S.note}">Representative complaints for the top topics, picked across sources and languages. Quotes are shortened; personal data was redacted before storage.</p>
${blocks}
</div>`;
}

/** "Responses": response rate and time to first brand reply for complaints (docs/digest.md#responses). */
function renderResponses(d: Digest, unit: string): string {
  const r = d.responses;
  if (!r.measurable) {
    return `<div id="responses" style="${S.section}">
<h2 style="${S.h2}">Responses</h2>
<p style="${S.note}">Not measurable: set brand.accounts for a platform that shows replies (Reddit, Mastodon, Bluesky, Hacker News, Google Play, review pages).</p>
</div>`;
  }
  const rate = (m: Metric) => (m.value === null ? "–" : `${toNumberText(m.value)}%`);
  const hours = (m: Metric) => (m.value === null ? "–" : `${toNumberText(m.value)} h`);
  const sub = (m: Metric, suffix: string) => `<div style="color:${C.muted};font-size:11px;">${h(toSignedText(m.change, 1))}${m.change === null ? "" : h(suffix)} · avg ${m.average === null ? "–" : h(`${toNumberText(m.average)}${suffix}`)}</div>`;
  const cells = (label: string, x: ResponseStats) => [h(label), String(x.complaints), `${h(rate(x.responseRate))}${sub(x.responseRate, " pp")}`, `${h(hours(x.medianHours))}${sub(x.medianHours, " h")}`, h(hours(x.p90Hours)), String(x.slaBreaches)];
  const rows = [
    cells("All measured", r.total),
    ...r.channels.map((c) => (c.measurable ? cells(toChannelLabel(c.channel), c) : [h(toChannelLabel(c.channel)), String(c.notMeasurable), "not measurable", "not measurable", "–", "–"])),
    ...r.stages.map((x) => cells(`Stage: ${toStageLabel(x.stage)}`, x)),
  ];
  const headers = ["", "Complaints", "Answered", "Median first reply", "p90", "SLA breaches"];
  const table = `<table role="presentation" style="${S.table}"><tr>${headers.map((x, i) => `<th style="${i === 0 ? S.th : S.thNum}">${h(x)}</th>`).join("")}</tr>${rows
    .map((row) => `<tr>${row.map((cell, i) => `<td style="${i === 0 ? S.td : S.tdNum}">${cell}</td>`).join("")}</tr>`)
    .join("")}</table>`;
  const waiting = r.oldestUnanswered
    .map((u) => {
      const link = u.url ? ` · <a href="${h(u.url)}" rel="noopener noreferrer nofollow" target="_blank" style="color:${C.accent};text-decoration:none;">open</a>` : "";
      return `<div style="margin:6px 0 0 0;padding:8px 12px;border-left:3px solid #ef4444;background:${C.soft};border-radius:0 6px 6px 0;"><div dir="auto" style="font:400 13.5px/1.5 ${FONT};color:${C.ink};word-break:break-word;overflow-wrap:anywhere;unicode-bidi:isolate;">“${h(u.quote)}”</div><div style="margin-top:3px;font:400 11.5px/1.4 ${FONT};color:${C.muted};">${h(`${toNumberText(u.waitingHours)} h waiting · ${u.source} · ${toChannelLabel(u.channel)}`)}${link}</div></div>`;
    })
    .join("");
  return `<div id="responses" style="${S.section}">
<h2 style="${S.h2}">Responses</h2>
<p style="${S.note}">Complaints on platforms where the brand's replies can be seen (${h(r.measurableKinds.join(", "))}); SLA ${h(toNumberText(r.slaHours))} h. Change against the previous ${h(unit)} and the ${d.period.baselinePeriods}-${h(unit)} average. Channels whose platforms cannot show replies are not measurable, not 0&nbsp;%.</p>
${table}
${waiting ? `<div style="margin-top:14px;font:700 13.5px/1.4 ${FONT};color:${C.ink};">Oldest unanswered complaints</div>${waiting}` : ""}
</div>`;
}

function renderQuote(e: Example, color: string): string {
  const meta = [e.source, toChannelLabel(e.channel), e.lang.toUpperCase(), e.publishedAt?.slice(0, 10) ?? "", e.rating === null ? "" : `${toNumberText(e.rating)}/${e.ratingScale ?? 5}`].filter((m) => m !== "");
  const link = e.url ? ` · <a href="${h(e.url)}" rel="noopener noreferrer nofollow" target="_blank" style="color:${C.accent};text-decoration:none;">open</a>` : "";
  return `<div style="margin:6px 0 0 0;padding:8px 12px;border-left:3px solid ${color};background:${C.soft};border-radius:0 6px 6px 0;overflow:hidden;">
<div dir="auto" style="font:400 13.5px/1.5 ${FONT};color:${C.ink};word-break:break-word;overflow-wrap:anywhere;unicode-bidi:isolate;">“${h(e.quote)}”</div>
<div style="margin-top:3px;font:400 11.5px/1.4 ${FONT};color:${C.muted};word-break:break-word;overflow-wrap:anywhere;">${meta.map((m) => h(m)).join(" · ")}${link}</div>
</div>`;
}

function renderTrend(d: Digest): string {
  const labels = d.trend.periods.map((p) => (d.period.kind === "week" ? p.label.slice(5) : p.label.slice(5, 10)));
  const series = d.trend.stages.map((s) => ({ label: toStageLabel(s.stage), color: toStageColor(s.stage, d), values: s.complaints }));
  const chart = renderLineChart(series, labels, { width: INNER, height: 230, title: "Complaints per journey stage over time" });
  const header = labels.map((l) => `<th style="${S.thNum}padding:4px 3px;">${h(l)}</th>`).join("");
  const rows = d.trend.stages
    .map((s) => `<tr><td style="${S.td}padding:4px 6px;white-space:nowrap;">${toStageDot(s.stage, d)}${h(toStageLabel(s.stage))}</td>${s.complaints.map((v) => `<td style="${S.tdNum}padding:4px 3px;">${v}</td>`).join("")}</tr>`)
    .join("");
  const unit = d.period.kind === "week" ? "weeks" : "periods";
  return `<div style="${S.section}">
<h2 style="${S.h2}">Trend</h2>
<p style="${S.note}">Complaints per journey stage over the last ${d.trend.periods.length} ${unit}; the shaded column is this one.</p>
${chart}
<table role="presentation" style="${S.table}margin-top:10px;font-size:11.5px;"><tr><th style="${S.th}padding:4px 6px;">Stage</th>${header}</tr>${rows}</table>
</div>`;
}

function renderBreakdowns(d: Digest, unit: string): string {
  const table = (headers: string[], rows: string[][]) =>
    `<table role="presentation" style="${S.table}"><tr>${headers.map((x, i) => `<th style="${i === 0 ? S.th : S.thNum}">${h(x)}</th>`).join("")}</tr>${rows
      .map((r) => `<tr>${r.map((cell, i) => `<td style="${i === 0 ? S.td : S.tdNum}">${cell}</td>`).join("")}</tr>`)
      .join("")}</table>`;
  const change = (v: number) => `<span style="color:${toChangeColor(v)};">${h(toSignedText(v))}</span>`;
  const channels = table(
    ["Channel", "Mentions", "Complaints", "Change"],
    d.channels.map((c) => [h(toChannelLabel(c.channel)), String(c.mentions), String(c.complaints), change(c.change)]),
  );
  const sources = table(
    ["Source", "Mentions", "Complaints", "Change"],
    d.sources.map((s) => [`${h(s.source)} <span style="color:${C.muted};font-size:11.5px;">${h(s.kind)}</span>`, String(s.mentions), String(s.complaints), change(s.change)]),
  );
  const languages = table(
    ["Language", "Mentions", "Complaints", "Change"],
    d.languages.map((l) => [h(l.lang.toUpperCase()), String(l.mentions), String(l.complaints), change(l.change)]),
  );
  return `<div style="${S.section}">
<h2 style="${S.h2}">Where complaints came from</h2>
<p style="${S.note}">This ${unit}'s mentions and complaints; change in complaints against the previous ${unit}. Repeats of one review on several sites count once.</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;"><tr>
<td width="50%" style="vertical-align:top;padding-right:10px;">${channels}<div style="height:14px;"></div>${languages}</td>
<td width="50%" style="vertical-align:top;padding-left:10px;">${sources}</td>
</tr></table>
</div>`;
}

function renderFooter(d: Digest): string {
  const r = d.rules.spikes;
  const unit = d.period.kind === "week" ? "week" : "period";
  return `<div style="padding:14px 32px 22px 32px;border-top:1px solid ${C.line};background:${C.soft};font:400 11.5px/1.55 ${FONT};color:${C.muted};">
Spike rule: at least ${r.minCount} complaints and more than the ${r.baselineWeeks}-${unit} mean + ${r.k}σ (σ never below √mean or 1). Averages are over the ${d.period.baselinePeriods} ${unit}s before this one. Generated by earshot at ${h(d.generatedAt.slice(0, 16).replace("T", " "))} UTC.
</div>`;
}

function toPreheader(d: Digest): string {
  const c = d.totals.complaints;
  const spikes = d.spikes.length === 0 ? "no spikes" : `${d.spikes.length} spike${d.spikes.length === 1 ? "" : "s"}: ${d.spikes.map((s) => toTopicLabel(s.topic)).join(", ")}`;
  return `${c.value ?? 0} complaints (${toSignedText(c.change)}) · ${spikes}`;
}

function toStageColor(stage: string, d: Digest): string {
  const known = STAGE_COLORS[stage];
  if (known) return known;
  const extras = d.trend.stages.map((s) => s.stage).filter((s) => !STAGE_COLORS[s]);
  return EXTRA_COLORS[Math.max(0, extras.indexOf(stage)) % EXTRA_COLORS.length]!;
}

function toStageDot(stage: string, d: Digest): string {
  return `<span style="display:inline-block;width:9px;height:9px;border-radius:2px;background:${toStageColor(stage, d)};margin-right:6px;"></span>`;
}

/** More complaints is worse. */
function toChangeColor(change: number): string {
  return change > 0 ? C.worse : change < 0 ? C.better : C.muted;
}

function toDateRangeText(startIso: string, endIso: string, timeZone: string): string {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric" });
  // The end is exclusive: the last day shown is the one before it.
  const lastDay = new Date(new Date(endIso).getTime() - 1);
  return format.formatRange(new Date(startIso), lastDay);
}
