import { LOCALES, type Locale, type Translator } from "../i18n/index.js";
import { ASSETS } from "./assets.js";
import { html, type SafeHtml } from "./html.js";

/** What every page renderer gets about the request it answers. */
export interface PageContext {
  t: Translator;
  /** The request URL (path and query), for links that keep the current filters. */
  url: URL;
  /** The form token of this client (security.ts): every form carries it. */
  csrfToken: string;
}

export type Section = "overview" | "mentions" | "sources" | "digests" | "login";

const NAV: ReadonlyArray<{ section: Section; href: string; key: "nav.overview" | "nav.mentions" | "nav.sources" | "nav.digests" }> = [
  { section: "overview", href: "/", key: "nav.overview" },
  { section: "mentions", href: "/mentions", key: "nav.mentions" },
  { section: "sources", href: "/sources", key: "nav.sources" },
  { section: "digests", href: "/digests", key: "nav.digests" },
];

// Each language named in itself, so a reader finds theirs whatever the page's language.
const ENDONYMS: Record<Locale, string> = { en: "English", lt: "Lietuvių", ru: "Русский", fi: "Suomi" };

/** The page around `body`: navigation, language links, the one stylesheet and the one script. */
export function renderPage(ctx: PageContext, page: { title: string; section: Section; body: SafeHtml }): string {
  const { t } = ctx;
  const langLinks = LOCALES.map((locale) => {
    const href = new URL(ctx.url);
    href.searchParams.set("lang", locale);
    return html`<li><a href="${href.pathname + href.search}" lang="${locale}" hreflang="${locale}" aria-current="${locale === t.locale ? "true" : "false"}">${ENDONYMS[locale]}</a></li>`;
  });
  const nav = page.section === "login" ? html`` : html`<nav aria-label="${t.t("nav.main")}"><ul>${NAV.map(
    (n) => html`<li><a href="${n.href}"${n.section === page.section ? html` aria-current="page"` : ""}>${t.t(n.key)}</a></li>`,
  )}</ul></nav>`;
  return html`<!doctype html>
<html lang="${t.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title} · earshot</title>
<link rel="stylesheet" href="${ASSETS.css.path}">
<script src="${ASSETS.js.path}" defer></script>
</head>
<body>
<a class="skip" href="#main">${t.t("nav.skip")}</a>
<header>
<a class="brand" href="/">earshot</a>
${nav}
<ul class="langs" aria-label="${t.t("nav.language")}">${langLinks}</ul>
</header>
<main id="main">
<h1>${page.title}</h1>
${page.body}
</main>
</body>
</html>
`.text;
}

/** The hidden form field every form carries. */
export function renderCsrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${ctx.csrfToken}">`;
}

/** `href` with `params` set (empty values removed): links that keep the other filters. */
export function toHref(path: string, params: URLSearchParams | Record<string, string | undefined>): string {
  const search = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams();
  if (!(params instanceof URLSearchParams)) for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, v);
  for (const [k, v] of [...search.entries()]) if (v === "") search.delete(k);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
