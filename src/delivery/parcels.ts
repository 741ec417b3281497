import { toStageLabel, toTopicLabel, toSignedText, toNumberText } from "../digest/labels.js";
import { renderDigestCsv } from "../digest/render-csv.js";
import { renderDigestHtml } from "../digest/render-html.js";
import { renderDigestJson } from "../digest/render-json.js";
import { renderDigestMarkdown } from "../digest/render-markdown.js";
import type { Spike } from "../digest/spikes.js";
import type { SlaBacklog } from "../digest/responses.js";
import type { Theme } from "../digest/themes.js";
import { toThemeText } from "../digest/themes-text.js";
import type { Digest } from "../digest/types.js";
import type { Parcel, Summary } from "./types.js";

const SUMMARY_SPIKES = 5;

/** The weekly digest in every format: files for the folder, HTML + text for e-mail, a summary for chat. */
export function toDigestParcel(digest: Digest): Parcel {
  const name = `earshot-digest-${toFileSafe(digest.period.label)}`;
  const markdown = renderDigestMarkdown(digest);
  const html = renderDigestHtml(digest);
  const summary = toDigestSummary(digest);
  return {
    kind: "digest",
    name,
    subject: summary.title,
    html,
    text: markdown,
    summary,
    files: [
      { name: `${name}.html`, content: html },
      { name: `${name}.md`, content: markdown },
      { name: `${name}.csv`, content: renderDigestCsv(digest), attach: true },
      { name: `${name}.json`, content: renderDigestJson(digest) },
    ],
  };
}

/** A spike alert: the new spikes only, with the digest of the period so far attached as context. */
export function toSpikeAlertParcel(digest: Digest, spikes: readonly Spike[]): Parcel {
  const name = `earshot-alert-${toFileSafe(digest.period.label)}-${spikes.map((s) => s.topic).join("-").slice(0, 80)}`;
  const summary: Summary = {
    title: `Complaint spike${spikes.length === 1 ? "" : "s"} in ${digest.period.label}: ${spikes.map((s) => toTopicLabel(s.topic)).join(", ")}`,
    lines: spikes.map(toSpikeLine),
  };
  return toAlertParcel(digest, name, summary, { period: digest.period, spikes });
}

/**
 * An SLA alert: complaints still unanswered by the brand past `responses.slaHours` (from the
 * thread-check window, not only this period), the oldest of them (redacted, linked), and the
 * digest so far as context.
 */
export function toSlaAlertParcel(digest: Digest, backlog: SlaBacklog): Parcel {
  const count = backlog.count;
  const name = `earshot-alert-${toFileSafe(digest.period.label)}-unanswered-past-sla`;
  const summary: Summary = {
    title: `${count} complaint${count === 1 ? "" : "s"} unanswered past the ${toNumberText(backlog.slaHours)} h SLA (last ${backlog.windowDays} days)`,
    lines: backlog.oldest.map((u) => `${toNumberText(u.waitingHours)} h waiting · ${u.source}: ${u.quote}${u.url ? ` ${u.url}` : ""}`),
  };
  return toAlertParcel(digest, name, summary, { period: digest.period, unansweredPastSla: backlog });
}

/** An emerging-issue alert: the themes of the period flagged "new", with the digest so far as context. */
export function toNewThemeAlertParcel(digest: Digest, themes: readonly Theme[]): Parcel {
  const name = `earshot-alert-${toFileSafe(digest.period.label)}-new-${themes.map((t) => t.topic).join("-").slice(0, 80)}`;
  const summary: Summary = {
    title: `New issue${themes.length === 1 ? "" : "s"} in ${digest.period.label}: ${themes.map((t) => `“${t.label}”`).join(", ")}`,
    lines: themes.map((t) => `“${t.label}” — ${toThemeText(t, digest.period.kind === "week" ? "week" : "period")}`),
  };
  return toAlertParcel(digest, name, summary, { period: digest.period, themes });
}

/** An alert: its summary lines first, the digest so far as context, and the facts as JSON. */
function toAlertParcel(digest: Digest, name: string, summary: Summary, facts: object): Parcel {
  const text = `${summary.title}\n\n${summary.lines.map((l) => `- ${l}`).join("\n")}\n\n${renderDigestMarkdown(digest)}`;
  return {
    kind: "alert",
    name,
    subject: summary.title,
    html: renderDigestHtml(digest),
    text,
    summary,
    files: [{ name: `${name}.json`, content: `${JSON.stringify(facts, null, 2)}\n` }],
  };
}

/** Headline numbers and the top spikes (or, without spikes, the top topics) in a few lines. */
export function toDigestSummary(digest: Digest): Summary {
  const t = digest.totals;
  const spikes = digest.spikes.length;
  const title = `Complaint digest ${digest.period.label}: ${t.complaints.value ?? 0} complaints (${toSignedText(t.complaints.change)}), ${spikes === 0 ? "no spikes" : `${spikes} spike${spikes === 1 ? "" : "s"}`}`;
  const lines = [
    `${t.mentions.value ?? 0} mentions · complaint share ${toNumberText(t.complaintShare.value)}% · net sentiment ${toNumberText(t.netSentiment.value)}${t.nps.responses > 0 ? ` · NPS ${toNumberText(t.nps.value)}` : ""}`,
  ];
  if (spikes > 0) lines.push(...digest.spikes.slice(0, SUMMARY_SPIKES).map((s) => `Spike: ${toSpikeLine(s)}`));
  else lines.push(...digest.topics.slice(0, 3).map((x) => `${toTopicLabel(x.topic)} (${toStageLabel(x.stage)}): ${x.complaints} complaints (${toSignedText(x.change)})`));
  return { title, lines };
}

function toSpikeLine(s: Spike): string {
  return `${toTopicLabel(s.topic)} (${toStageLabel(s.stage)}): ${s.complaints} complaints, usually ${toNumberText(s.baselineMean)} (${toNumberText(s.ratio)}×)`;
}

function toFileSafe(label: string): string {
  return label.replace(/[^A-Za-z0-9._-]+/gu, "_");
}
