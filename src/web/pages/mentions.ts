import { SENTIMENTS, STAGES } from "../../core/classification.js";
import { CHANNELS } from "../../core/mention.js";
import { toQuote } from "../../digest/evidence.js";
import type { BrowsePage, BrowsedMention } from "../../store/types.js";
import { FILTER_KEYS, toCursorParam, type FilterParams } from "../filters.js";
import { html, type SafeHtml } from "../html.js";
import { toHref, type PageContext } from "../page.js";

export interface MentionsView {
  params: FilterParams;
  page: BrowsePage;
  /** Whether this is a later page (a cursor was given). */
  paged: boolean;
  sources: readonly string[];
  languages: readonly string[];
  topics: ReadonlyArray<{ id: string; stage: string }>;
}

/** The filter parameters as a query (the page cursor dropped): links that keep the filters. */
export function toFilterQuery(params: FilterParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (params[key]) query.set(key, params[key]);
  return query;
}

export function renderMentionsBody(ctx: PageContext, view: MentionsView): SafeHtml {
  const { t } = ctx;
  const p = view.params;
  const select = (name: keyof FilterParams, label: string, options: ReadonlyArray<{ value: string; label: string }>) => html`<div>
<label for="f-${name}">${label}</label>
<select id="f-${name}" name="${name}">
<option value="">${t.t("common.any")}</option>
${options.map((o) => html`<option value="${o.value}"${o.value === p[name] ? html` selected` : ""}>${o.label}</option>`)}
</select></div>`;
  const form = html`<form method="get" action="/mentions" class="filters" role="search" aria-label="${t.t("mentions.filters")}">
<div class="wide">
<label for="q">${t.t("mentions.search")}</label>
<input type="search" id="q" name="q" value="${p.q}" aria-describedby="q-help" autocomplete="off">
<p id="q-help" class="muted">${t.t("mentions.searchHelp")}</p>
</div>
<div><label for="f-from">${t.t("mentions.from")}</label><input type="date" id="f-from" name="from" value="${p.from}"></div>
<div><label for="f-to">${t.t("mentions.to")}</label><input type="date" id="f-to" name="to" value="${p.to}"></div>
${select("source", t.t("common.source"), view.sources.map((s) => ({ value: s, label: s })))}
${select("channel", t.t("common.channel"), CHANNELS.map((c) => ({ value: c, label: t.channelName(c) })))}
${select("lang", t.t("common.language"), view.languages.map((l) => ({ value: l, label: t.languageName(l) })))}
${select("sentiment", t.t("common.sentiment"), SENTIMENTS.map((s) => ({ value: s, label: t.sentimentName(s) })))}
${select("complaint", t.t("common.complaint"), [
  { value: "yes", label: t.t("mentions.complaintsOnly") },
  { value: "no", label: t.t("mentions.notComplaints") },
])}
${select("topic", t.t("common.topic"), view.topics.map((topic) => ({ value: topic.id, label: t.topicName(topic.id) })))}
${select("stage", t.t("common.stage"), STAGES.map((s) => ({ value: s, label: t.stageName(s) })))}
${select("response", t.t("mentions.response"), [
  { value: "answered", label: t.t("mentions.answered") },
  { value: "unanswered", label: t.t("mentions.unanswered") },
])}
<div class="actions"><button type="submit">${t.t("mentions.apply")}</button><a href="/mentions">${t.t("mentions.reset")}</a></div>
</form>`;

  const query = toFilterQuery(p);
  const rows = view.page.rows;
  const results =
    rows.length === 0
      ? html`<p>${t.t("mentions.none")}</p>`
      : html`<p class="muted" aria-live="polite">${t.t("mentions.shown", { count: rows.length })}</p>
<table aria-labelledby="results">
<thead><tr><th scope="col">${t.t("common.published")}</th><th scope="col">${t.t("common.source")}</th><th scope="col">${t.t("common.text")}</th><th scope="col">${t.t("common.labels")}</th></tr></thead>
<tbody>${rows.map((row) => renderRow(ctx, row))}</tbody>
</table>`;
  const next = view.page.next ? new URLSearchParams(query) : undefined;
  if (next && view.page.next) next.set("after", toCursorParam(view.page.next));
  const pager = html`<nav class="pager" aria-label="${t.t("mentions.results")}">${view.paged ? html`<a href="${toHref("/mentions", query)}">${t.t("mentions.newest")}</a>` : ""}${
    next ? html`<a href="${toHref("/mentions", next)}" rel="next">${t.t("mentions.older")}</a>` : ""
  }</nav>`;
  const downloads = html`<p>${t.t("mentions.download")}: <a href="${toHref("/mentions.csv", query)}" download>CSV</a> · <a href="${toHref("/mentions.jsonl", query)}" download>JSONL</a></p>`;
  return html`${form}
<h2 id="results">${t.t("mentions.results")}</h2>
${results}
${pager}
${downloads}`;
}

function renderRow(ctx: PageContext, row: BrowsedMention): SafeHtml {
  const { t } = ctx;
  const text = row.title ? `${row.title}: ${row.text}` : row.text;
  return html`<tr>
<td>${t.formatDate(row.atMs)}</td>
<td>${row.sourceName}<br><span class="muted">${t.channelName(row.channel)} · ${t.languageName(row.lang ?? "und")}</span></td>
<td class="excerpt"><a href="/mentions/${row.id}">${toQuote(text, undefined, 200) || "…"}</a></td>
<td>${row.complaint ? html`<span class="chip">${t.t("common.complaint")}</span>` : ""}<span class="chip">${t.sentimentName(row.sentiment)}</span>${row.topics.map(
    (topic) => html`<span class="chip">${t.topicName(topic)}</span>`,
  )}${row.firstResponseAtMs !== null ? html`<span class="chip">${t.t("mentions.answered")}</span>` : ""}</td>
</tr>`;
}
