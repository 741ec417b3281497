const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// Characters HTML forbids even as text (C0 controls but tab/LF/CR, DEL, C1, lone surrogates,
// noncharacters) are replaced so the page stays well-formed for strict parsers and mail clients.
const INVALID_IN_HTML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Text made inert for HTML element content and quoted attribute values (and SVG text). */
export function toHtmlText(value: string | number): string {
  return String(value)
    .replace(INVALID_IN_HTML, "\uFFFD")
    .replace(/[&<>"']/gu, (c) => HTML_ESCAPES[c]!);
}
