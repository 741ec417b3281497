/**
 * HTML built from tagged templates that escape every interpolated value: a page cannot print a
 * mention's text, a source name or a query parameter unescaped by forgetting to. Only `SafeHtml`
 * (the result of `html` or `trustedHtml`) passes through as markup.
 */
import { toHtmlText } from "../digest/html-text.js";

export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

// Bidi overrides and isolates have no place in a page: one in a mention would reverse the text
// after it, across the table cell (the constructed-hostile corpus has them).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;

/** Text made safe for an HTML text node or a quoted attribute value (the digest's escaping, plus bidi controls dropped). */
export function escapeHtml(text: string): string {
  return toHtmlText(text.replace(BIDI_CONTROLS, ""));
}

function toHtmlValue(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(toHtmlValue).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += toHtmlValue(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup that is already safe: produced by earshot's own renderers (the digest's SVG), never from input. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
