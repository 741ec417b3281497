import { SENTIMENTS, toClassifiedBody } from "../../core/classification.js";
import type { Evidence } from "../../core/classification.js";
import { toSafeUrl } from "../../digest/evidence.js";
import type { ResponseRow } from "../../store/types.js";
import type { MentionDetail } from "../../store/types.js";
import { html, type SafeHtml } from "../html.js";
import { renderCsrfField, type PageContext } from "../page.js";

export interface MentionView {
  mention: MentionDetail;
  replies: readonly ResponseRow[];
  topics: ReadonlyArray<{ id: string; stage: string }>;
  saved: boolean;
}

export function renderMentionBody(ctx: PageContext, view: MentionView): SafeHtml {
  const { t } = ctx;
  const m = view.mention;
  const url = toSafeUrl(m.url);
  const facts = html`<dl class="facts">
<dt>${t.t("common.source")}</dt><dd>${m.sourceName} (${m.sourceKind})${url ? html` · <a href="${url}" rel="noopener noreferrer nofollow" target="_blank">${t.t("mention.open")}</a>` : ""}</dd>
<dt>${t.t("common.published")}</dt><dd>${m.publishedAtMs === null ? "–" : t.formatDateTime(m.publishedAtMs)}</dd>
<dt>${t.t("mention.fetched")}</dt><dd>${t.formatDateTime(m.fetchedAtMs)}</dd>
<dt>${t.t("common.channel")}</dt><dd>${t.channelName(m.channel)}</dd>
<dt>${t.t("common.language")}</dt><dd>${t.languageName(m.lang ?? "und")}</dd>
${m.rating !== null ? html`<dt>${t.t("mention.rating")}</dt><dd>${t.formatNumber(m.rating)} / ${t.formatNumber(m.ratingScale ?? 5)}</dd>` : ""}
<dt>${t.t("common.labels")}</dt><dd>${m.complaint ? html`<span class="chip">${t.t("common.complaint")}</span>` : ""}<span class="chip">${t.sentimentName(m.sentiment)}</span>${m.topics.map(
    (topic) => html`<span class="chip">${t.topicName(topic)}</span>`,
  )}</dd>
</dl>`;
  const body = toClassifiedBody(m);
  const spans = toEvidenceSpans(body, m.evidence);
  const evidence = html`<h2 id="evidence">${t.t("mention.evidence")}</h2>
<p class="muted">${spans.length > 0 ? t.t("mention.evidenceHelp") : t.t("mention.noEvidence")}</p>
<div class="text" lang="${m.lang && m.lang !== "und" ? m.lang : ""}">${renderHighlighted(ctx, body, spans)}</div>`;

  const duplicates =
    m.duplicateOf !== null || m.repeats.length > 0
      ? html`<h2>${t.t("mention.duplicates")}</h2>
${m.duplicateOf !== null ? html`<p><a href="/mentions/${m.duplicateOf}">${t.t("mention.duplicateOf", { id: m.duplicateOf })}</a></p>` : ""}
${m.repeats.length > 0 ? html`<ul>${m.repeats.map((r) => html`<li><a href="/mentions/${r.id}">${t.t("mention.title", { id: r.id })}</a> · ${r.sourceName}</li>`)}</ul>` : ""}`
      : html``;

  const replies = html`<h2>${t.t("mention.replies")}</h2>${
    view.replies.length === 0
      ? html`<p>${t.t("mention.noReplies")}</p>`
      : html`<ul>${view.replies.map(
          (r) => html`<li><strong>${r.responder}</strong> · ${t.formatDateTime(r.respondedAt)}${r.deleted ? html` · ${t.t("mention.replyDeleted")}` : html`<div class="text">${r.text}</div>`}</li>`,
        )}</ul>`
  }`;

  const current = new Set(m.topics);
  const form = html`<h2 id="correct">${t.t("mention.correct")}</h2>
${view.saved ? html`<p class="notice" role="status">${t.t("mention.saved")}</p>` : ""}
${m.correctedAtMs !== null ? html`<p class="muted">${t.t("mention.corrected", { date: t.formatDateTime(m.correctedAtMs) })}</p>` : ""}
<p class="muted" id="correct-help">${t.t("mention.correctHelp")}</p>
<form method="post" action="/mentions/${m.id}/correction" aria-describedby="correct-help">
${renderCsrfField(ctx)}
<div class="grid2">
<div><label for="c-sentiment">${t.t("common.sentiment")}</label>
<select id="c-sentiment" name="sentiment">${SENTIMENTS.map((s) => html`<option value="${s}"${s === m.sentiment ? html` selected` : ""}>${t.sentimentName(s)}</option>`)}</select></div>
<div><label for="c-complaint">${t.t("common.complaint")}</label>
<select id="c-complaint" name="complaint"><option value="yes"${m.complaint ? html` selected` : ""}>${t.t("common.yes")}</option><option value="no"${m.complaint ? "" : html` selected`}>${t.t("common.no")}</option></select></div>
</div>
<fieldset><legend>${t.t("mention.topics")}</legend><div class="checks">${view.topics.map(
    (topic) => html`<label><input type="checkbox" name="topics" value="${topic.id}"${current.has(topic.id) ? html` checked` : ""}> ${t.topicName(topic.id)} <span class="muted">(${t.stageName(topic.stage)})</span></label>`,
  )}</div></fieldset>
<button type="submit">${t.t("mention.save")}</button>
</form>`;

  return html`<p><a href="/mentions">${t.t("mention.back")}</a></p>
${facts}
${evidence}
${duplicates}
${replies}
${form}`;
}

export interface EvidenceSpan {
  start: number;
  end: number;
  kind: Evidence["kind"];
  topic?: string;
  weight?: number;
}

/**
 * The evidence spans that fit the text, in order, without overlaps (an overlapping span is left
 * out: nested marks would be unreadable). Offsets are UTF-16 indices into "title\ntext", the
 * string the classifier saw (classify/rules-classifier.ts).
 */
export function toEvidenceSpans(body: string, evidence: readonly Evidence[]): EvidenceSpan[] {
  const candidates = evidence
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start! >= 0 && e.end! > e.start! && e.end! <= body.length)
    // A span edge inside a surrogate pair would cut an emoji or a CJK extension character in two.
    .filter((e) => !isLowSurrogate(body.charCodeAt(e.start!)) && !isLowSurrogate(body.charCodeAt(e.end!)))
    .map((e) => ({ start: e.start!, end: e.end!, kind: e.kind, ...(e.topic !== undefined ? { topic: e.topic } : {}), ...(e.weight !== undefined ? { weight: e.weight } : {}) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: EvidenceSpan[] = [];
  for (const c of candidates) if (spans.length === 0 || c.start >= spans.at(-1)!.end) spans.push(c);
  return spans;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function renderHighlighted(ctx: PageContext, body: string, spans: readonly EvidenceSpan[]): SafeHtml {
  const { t } = ctx;
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const span of spans) {
    const label =
      span.kind === "topic" && span.topic
        ? t.topicName(span.topic)
        : span.kind === "sentiment"
          ? `${t.t("common.sentiment")}: ${t.sentimentName((span.weight ?? 0) > 0 ? "positive" : (span.weight ?? 0) < 0 ? "negative" : "neutral")}`
          : span.kind === "complaint"
            ? t.t("common.complaint")
            : t.t("common.language");
    parts.push(html`${body.slice(at, span.start)}<mark class="ev-${span.kind}" title="${label}">${body.slice(span.start, span.end)}<span class="sr-only"> (${label})</span></mark>`);
    at = span.end;
  }
  parts.push(html`${body.slice(at)}`);
  return html`${parts}`;
}
