import { load } from "cheerio";

/**
 * The slice of domhandler's node shape that earshot walks. cheerio builds these trees; declaring
 * the shape here keeps `domhandler` (a transitive dependency) out of our imports.
 */
export interface MarkupNode {
  /** "root" | "tag" | "script" | "style" | "text" | "cdata" | "comment" | "directive" */
  type: string;
  /** Tag name for elements (lower-cased in HTML mode, as written in XML mode). */
  name?: string;
  /** Text of text, comment and directive nodes. */
  data?: string;
  attribs?: Record<string, string>;
  children?: MarkupNode[];
  parent?: MarkupNode | null;
  /** Offsets into the parsed string, when the parser was asked for them. */
  startIndex?: number | null;
  endIndex?: number | null;
}

/** Elements whose content is never reader-visible text (code, embedded documents, templates). */
const SKIPPED = new Set(["script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "applet", "frameset"]);

/** Elements that start a new line: the HTML "block" flow content plus list and table rows. */
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
  "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "title",
  "tr", "ul", "caption", "option", "legend",
]);

/** Elements that separate words without starting a line (table cells). */
const CELL = new Set(["td", "th"]);

/**
 * Plain text of an HTML fragment or document: script/style/iframe/object contents dropped, block
 * elements and `<br>` turned into line breaks, table cells into spaces, entities decoded, runs of
 * whitespace collapsed (at most one blank line between paragraphs).
 *
 * Uses htmlparser2 (through cheerio) rather than parse5: it is a linear tokenizer that builds the
 * tree without recursion and without the HTML5 adoption-agency reshuffles, so unclosed or
 * 20,000-deep markup and multi-megabyte lines cost linear time. The walk below is iterative for
 * the same reason.
 */
export function htmlToText(html: string): string {
  if (html === "") return "";
  // recognizeSelfClosing: feed HTML is often XHTML-born, and `<iframe src="…"/>` must not swallow
  // the rest of the text as the iframe's (skipped) content (feedparser-tests sanitize/*_iframe).
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true, recognizeSelfClosing: true } });
  const root = $.root()[0] as unknown as MarkupNode;
  return markupToText(root.children ?? []);
}

/**
 * Plain text of already-parsed HTML nodes (see {@link htmlToText}). Text nodes are taken as
 * decoded; pass `decodeText` when the tree was parsed with `decodeEntities: false`.
 */
export function markupToText(nodes: readonly MarkupNode[], decodeText: (s: string) => string = (s) => s): string {
  const out: string[] = [];
  // Explicit stack instead of recursion: hostile markup can nest far deeper than the JS stack.
  // A string entry is a separator to emit when popped (the closing side of a block element).
  const stack: Array<MarkupNode | string> = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === "string") {
      out.push(node);
      continue;
    }
    switch (node.type) {
      case "text":
        // Source line breaks are plain whitespace in HTML; only <br> and blocks break lines.
        out.push(decodeText(node.data ?? "").replace(/[\r\n]+/g, " ").replace(/\u0001/g, ""));
        break;
      case "cdata":
        // CDATA content is literal text: its children are raw text nodes, never decoded.
        for (const child of node.children ?? []) out.push((child.data ?? "").replace(/[\r\n]+/g, " "));
        break;
      case "tag": {
        const name = localName(node.name ?? "");
        if (SKIPPED.has(name)) break;
        if (name === "br") {
          out.push("\n");
          break;
        }
        const separator = BLOCK.has(name) ? BLOCK_BREAK : CELL.has(name) ? " " : "";
        if (separator) {
          out.push(separator);
          stack.push(separator);
        }
        const children = node.children ?? [];
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
        break;
      }
      default:
        // script, style, comment, directive: not reader-visible text.
        break;
    }
  }
  // Adjacent block boundaries (</li><li>, </p><ul>) make one line break, not a blank line per
  // boundary; explicit <br><br> still makes a blank line.
  const joined = out
    .join("")
    .replace(BLOCK_RUN, (run) => ((run.match(/\n/g)?.length ?? 0) >= 2 ? "\n\n" : "\n"));
  return collapseWhitespace(joined);
}

/** Marks a block boundary while text is assembled; never survives into the output. */
const BLOCK_BREAK = "\u0001";
const BLOCK_RUN = /[^\S\n]*\u0001[\s\u0001]*/g;

/**
 * Decodes HTML character references in plain text (`&amp;`, `&eacute;`, `&#8217;`, legacy forms
 * such as `&copy` without the semicolon) with the HTML rules, which are a superset of XML's five.
 * Feeds routinely use HTML entities that XML never declared (feedparser-tests `entities/`).
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  const simple = decodeSimpleEntities(text);
  if (simple !== undefined) return simple;
  // "<" is escaped first so the tokenizer sees one text node and no markup.
  const $ = load(text.replace(/</g, "&lt;"), { xml: { xmlMode: false, decodeEntities: true } });
  const root = $.root()[0] as unknown as MarkupNode;
  return (root.children ?? []).map((n) => n.data ?? "").join("");
}

const SIMPLE_NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/**
 * Fast path for the references feeds use most (XML's five, nbsp, numeric). Returns undefined when
 * anything needs the full HTML rules: other names, a missing semicolon, or code points HTML
 * remaps (0x80–0x9F are windows-1252 there, NUL and surrogates become U+FFFD).
 */
function decodeSimpleEntities(text: string): string | undefined {
  let handled = 0;
  let fallback = false;
  const out = text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g, (match, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) {
      const value = SIMPLE_NAMED[name];
      if (value === undefined) fallback = true;
      else handled++;
      return value ?? match;
    }
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
    if (code === 0 || (code >= 0x80 && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
      fallback = true;
      return match;
    }
    handled++;
    return String.fromCodePoint(code);
  });
  if (fallback) return undefined;
  // Every "&" must have been a reference we decoded; a bare or unterminated one needs the HTML rules.
  let ampersands = 0;
  for (let i = text.indexOf("&"); i >= 0; i = text.indexOf("&", i + 1)) ampersands++;
  return ampersands === handled ? out : undefined;
}

/** Collapses whitespace in plain text while keeping its line structure (at most one blank line). */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[^\S\n]+/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const TAG = /<\/?[a-z][a-z0-9:-]*(?:\s[^<>]*)?\/?>|<!--|<br\s*\/?>/i;
const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

/** True when the string contains an HTML tag, comment or character reference, i.e. needs {@link htmlToText}. */
export function looksLikeHtml(s: string): boolean {
  return TAG.test(s) || ENTITY.test(s);
}

/** `xhtml:div` → `div`: namespaced XHTML inside feeds uses prefixes the HTML tokenizer keeps. */
function localName(name: string): string {
  const colon = name.lastIndexOf(":");
  return (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
}
