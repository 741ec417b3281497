import { LOCALES, type Locale } from "../core/locale.js";

export { LOCALES, type Locale };

export const DEFAULT_LOCALE: Locale = "en";

/** The locale named by `text` ("lt", "LT", "ru-RU"), or undefined when earshot does not speak it. */
export function parseLocale(text: string | null | undefined): Locale | undefined {
  const base = text?.trim().toLowerCase().split(/[-_]/u)[0];
  return (LOCALES as readonly string[]).includes(base ?? "") ? (base as Locale) : undefined;
}

/**
 * The first locale of an Accept-Language header earshot speaks, by the header's q-values
 * (RFC 9110 §12.5.4); undefined when none is spoken.
 */
export function parseAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag ?? "", q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    const locale = parseLocale(r.tag);
    if (locale) return locale;
  }
  return undefined;
}
