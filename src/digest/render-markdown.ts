import { toChannelLabel, toNumberText, toSignedText, toStageLabel, toTopicLabel } from "./labels.js";
import type { ResponseStats } from "./responses.js";
import { toStageSays, toThemeRuleText, toThemeText, toWhereText } from "./themes-text.js";
import type { Digest, Metric } from "./types.js";

/**
 * The digest as Markdown for chat tools and tickets: the same sections as the HTML, charts
 * replaced by tables. Stored text is escaped so a quote can never open a link, an image, a
 * table cell, HTML or a heading.
 */
export function renderDigestMarkdown(d: Digest): string {
  const unit = d.period.kind === "week" ? "week" : "period";
  const out: string[] = [];
  out.push(`# Complaint digest ${escapeMarkdown(d.period.label)}`, "");
  out.push(`${escapeMarkdown(toDateRange(d))} (${escapeMarkdown(d.period.timezone)}), compared with ${escapeMarkdown(d.period.previous.label)} and the ${d.period.baselinePeriods}-${unit} average.`, "");

  if (d.spikes.length > 0) {
    out.push(`## ⚠ ${d.spikes.length} spike${d.spikes.length === 1 ? "" : "s"}`, "");
    for (const s of d.spikes) {
      out.push(`- **${escapeMarkdown(toTopicLabel(s.topic))}** (${escapeMarkdown(toStageLabel(s.stage))}): ${s.complaints} complaints, usually ${toNumberText(s.baselineMean)} (${toNumberText(s.ratio)}×)`);
    }
    out.push("");
  } else out.push(`No spikes this ${unit}.`, "");

  const t = d.totals;
  out.push("## Headline numbers", "");
  out.push(toTable(
    ["", `This ${unit}`, "Change", "Average"],
    [
      toMetricRow("Mentions", t.mentions),
      toMetricRow("Complaints", t.complaints),
      toMetricRow("Complaint share", t.complaintShare, "%"),
      toMetricRow("Positive", t.sentiment.positive),
      toMetricRow("Neutral", t.sentiment.neutral),
      toMetricRow("Negative", t.sentiment.negative),
      toMetricRow("Net sentiment", t.netSentiment),
      toMetricRow(`NPS (${t.nps.responses} answers)`, t.nps),
    ],
    [false, true, true, true],
  ));

  out.push("", "## Complaints by journey stage", "");
  out.push(toTable(
    ["Stage", "Complaints", "Share", "Change", "Average"],
    d.stages.map((s) => [escapeMarkdown(toStageLabel(s.stage)), String(s.complaints), `${toNumberText(s.share)}%`, toSignedText(s.change), toNumberText(s.average)]),
    [false, true, true, true, true],
  ));

  out.push("", "## Topics by impact", "");
  out.push(
    d.topics.length === 0
      ? `No complaints with a topic in this ${unit} or the one before.`
      : toTable(
          ["Topic", "Stage", "Complaints", "Change", "Average"],
          d.topics.map((x) => [`${escapeMarkdown(toTopicLabel(x.topic))}${x.spike ? " **spike**" : ""}`, escapeMarkdown(toStageLabel(x.stage)), String(x.complaints), toSignedText(x.change), toNumberText(x.average)]),
          [false, false, true, true, true],
        ),
  );

  const says = toStageSays(d);
  if (says && says.length > 0) {
    out.push("", "## What customers say", "");
    for (const stage of says) {
      out.push(`**${escapeMarkdown(toStageLabel(stage.stage))}** (${stage.complaints} complaints)`, "");
      for (const t of stage.themes) {
        out.push(`- **${escapeMarkdown(`“${t.label}”`)}**${t.new ? " **NEW**" : ""} — ${escapeMarkdown(toThemeText(t, unit))}.`, `  Where: ${escapeMarkdown(toWhereText(t))}.`);
        for (const e of t.examples) out.push(`  > ${escapeMarkdown(e.quote)} — ${escapeMarkdown([e.source, e.lang.toUpperCase(), e.publishedAt?.slice(0, 10) ?? ""].filter((m) => m !== "").join(" · "))}`);
      }
      if (stage.fallback.length > 0) out.push(`- No phrase stands out against the baseline. By count: ${stage.fallback.map((f) => escapeMarkdown(f.text)).join(" ")}`);
      out.push("");
    }
    out.push(`_${escapeMarkdown(toThemeRuleText(d, unit))}_`, "");
  } else if (d.findings.length > 0) {
    out.push("", "## What to improve", "");
    for (const stage of d.findings) {
      out.push(`**${escapeMarkdown(toStageLabel(stage.stage))}** (${stage.complaints} complaints)`, "");
      for (const f of stage.findings) out.push(`- ${escapeMarkdown(f.text)}`);
      out.push("");
    }
  }

  out.push(...renderResponsesMarkdown(d, unit));

  const groups = d.examples.filter((g) => g.examples.length > 0);
  if (groups.length > 0) {
    out.push("## Evidence", "");
    for (const g of groups) {
      out.push(`### ${escapeMarkdown(toTopicLabel(g.topic))} (${g.complaints} complaints)`, "");
      for (const e of g.examples) {
        const meta = [e.source, toChannelLabel(e.channel), e.lang.toUpperCase(), e.publishedAt?.slice(0, 10) ?? "", e.rating === null ? "" : `${toNumberText(e.rating)}/${e.ratingScale ?? 5}`]
          .filter((m) => m !== "")
          .map(escapeMarkdown)
          .join(" · ");
        const link = e.url ? ` · <${e.url.replace(/[<>\s]/gu, encodeURIComponent)}>` : "";
        out.push(`> ${escapeMarkdown(e.quote)}`, `>`, `> — ${meta}${link}`, "");
      }
    }
  }

  out.push(`## Trend (complaints per stage, last ${d.trend.periods.length} ${unit}s)`, "");
  out.push(toTable(
    ["Stage", ...d.trend.periods.map((p) => escapeMarkdown(d.period.kind === "week" ? p.label.slice(5) : p.label.slice(5, 10)))],
    [
      ...d.trend.stages.map((s) => [escapeMarkdown(toStageLabel(s.stage)), ...s.complaints.map(String)]),
      ["All complaints", ...d.trend.complaints.map(String)],
    ],
    [false, ...d.trend.periods.map(() => true)],
  ));

  out.push("", "## Channels, sources and languages", "");
  out.push(toTable(["Channel", "Mentions", "Complaints", "Change"], d.channels.map((c) => [escapeMarkdown(toChannelLabel(c.channel)), String(c.mentions), String(c.complaints), toSignedText(c.change)]), [false, true, true, true]), "");
  out.push(toTable(["Source", "Kind", "Mentions", "Complaints", "Change"], d.sources.map((s) => [escapeMarkdown(s.source), escapeMarkdown(s.kind), String(s.mentions), String(s.complaints), toSignedText(s.change)]), [false, false, true, true, true]), "");
  out.push(toTable(["Language", "Mentions", "Complaints", "Change"], d.languages.map((l) => [escapeMarkdown(l.lang), String(l.mentions), String(l.complaints), toSignedText(l.change)]), [false, true, true, true]), "");

  const r = d.rules.spikes;
  out.push(`_Spike rule: at least ${r.minCount} complaints and more than the ${r.baselineWeeks}-${unit} mean + ${r.k}σ (σ never below √mean or 1). Generated by earshot at ${d.generatedAt.slice(0, 16).replace("T", " ")} UTC._`, "");
  return out.join("\n");
}

// CommonMark backslash-escapes any ASCII punctuation; these are the ones that can start a
// link or image (brackets), emphasis, code span, HTML tag or autolink, entity, heading, table
// cell or strikethrough. Parentheses stay: without a bracket they cannot form a link.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>#|~&]/gu;

/** Stored or configured text made literal for Markdown: one line, markup characters escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    // A leading "1." / "-" / "+" / ">" / "=" would start a list, quote or heading underline.
    .replace(/^(\d+)([.)])/u, "$1\\$2")
    .replace(/^([-+=])/u, "\\$1");
}

/** "Responses": response rate and time to first brand reply for complaints (docs/digest.md#responses). */
function renderResponsesMarkdown(d: Digest, unit: string): string[] {
  const r = d.responses;
  const out = ["## Responses", ""];
  if (!r.measurable) {
    out.push("Not measurable: set `brand.accounts` for a platform that shows replies (Reddit, Mastodon, Bluesky, Hacker News, Google Play, review pages).", "");
    return out;
  }
  const rate = (m: Metric) => (m.value === null ? "–" : `${toNumberText(m.value)}%`);
  const hours = (m: Metric) => (m.value === null ? "–" : `${toNumberText(m.value)} h`);
  const vs = (m: Metric, suffix: string) => `${toSignedText(m.change, 1)}${m.change === null ? "" : suffix} / ${m.average === null ? "–" : `${toNumberText(m.average)}${suffix}`}`;
  out.push(`Complaints on platforms where the brand's replies can be seen (${r.measurableKinds.map(escapeMarkdown).join(", ")}); SLA ${toNumberText(r.slaHours)} h. Change against the previous ${unit} / ${d.period.baselinePeriods}-${unit} average.`, "");
  const row = (label: string, x: ResponseStats, sla?: number) => [
    escapeMarkdown(label),
    String(x.complaints),
    `${rate(x.responseRate)} (${vs(x.responseRate, " pp")})`,
    `${hours(x.medianHours)} (${vs(x.medianHours, " h")})`,
    hours(x.p90Hours),
    `${x.slaBreaches}${sla !== undefined && sla !== r.slaHours ? ` (SLA ${toNumberText(sla)} h)` : ""}`,
  ];
  out.push(toTable(
    ["", "Complaints", "Answered", "Median first reply", "p90", "SLA breaches"],
    [
      row("All measured", r.total),
      ...r.channels.map((c) => (c.measurable ? row(toChannelLabel(c.channel), c, c.slaHours) : [escapeMarkdown(toChannelLabel(c.channel)), String(c.notMeasurable), "not measurable", "not measurable", "–", "–"])),
      ...r.stages.map((s) => row(`Stage: ${toStageLabel(s.stage)}`, s)),
    ],
    [false, true, true, true, true, true],
  ));
  const partial = r.channels.filter((c) => c.measurable && c.notMeasurable > 0);
  if (partial.length > 0) out.push("", `_Not measurable and left out: ${partial.map((c) => `${c.notMeasurable} ${escapeMarkdown(toChannelLabel(c.channel).toLowerCase())} complaint(s)`).join(", ")} from platforms that cannot show replies._`);
  if (r.oldestUnanswered.length > 0) {
    out.push("", `**Oldest unanswered complaints**`, "");
    for (const u of r.oldestUnanswered) {
      const link = u.url ? ` <${u.url.replace(/[<>\s]/gu, encodeURIComponent)}>` : "";
      out.push(`- ${toNumberText(u.waitingHours)} h waiting · ${escapeMarkdown(u.source)}: ${escapeMarkdown(u.quote)}${link}`);
    }
  }
  out.push("");
  return out;
}

function toMetricRow(label: string, metric: Metric, suffix = ""): string[] {
  const value = metric.value === null ? "–" : `${toNumberText(metric.value)}${suffix}`;
  const change = toSignedText(metric.change, metric.change !== null && !Number.isInteger(metric.change) ? 1 : 0);
  const average = metric.average === null ? "–" : `${toNumberText(metric.average)}${suffix}`;
  return [escapeMarkdown(label), value, change, average];
}

function toTable(headers: string[], rows: string[][], numeric: boolean[]): string {
  const align = numeric.map((n) => (n ? "---:" : "---"));
  return [`| ${headers.join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function toDateRange(d: Digest): string {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone: d.period.timezone, day: "numeric", month: "short", year: "numeric" });
  return format.formatRange(new Date(d.period.start), new Date(new Date(d.period.end).getTime() - 1));
}
