import { createHash } from "node:crypto";
import { load } from "cheerio";
import { ParseError } from "../../core/errors.js";
import type { Channel, MentionDraft } from "../../core/mention.js";
import { collapseWhitespace, decodeHtmlEntities, htmlToText, looksLikeHtml, markupToText, type MarkupNode } from "../../text/html.js";
import type { ItemError } from "../types.js";
import { canonicalNamespace, CONVENTIONAL_PREFIXES, NS, type JsonFeedAuthor, type JsonFeedDocument, type JsonFeedItem } from "./wire.js";
import { MAX_RAW_CHARS, toRawJson, toRawSnippet } from "../raw-payload.js";

/** Largest feed body parseFeed accepts, in UTF-16 code units (≈ bytes for markup). */
export const MAX_FEED_CHARS = 16 * 1024 * 1024;
/** `raw` snippets are cut to this many characters. */

export type FeedFormat = "rss" | "rdf" | "atom" | "json";

/** A feed reduced to the fields earshot uses. Text fields are plain text (HTML stripped). */
export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  /** The site the feed belongs to (RSS `<link>`, Atom `rel="alternate"`, JSON Feed `home_page_url`). */
  link?: string;
  /** Subtitle / description / tagline. */
  description?: string;
  /** As declared, `_` written as `-` (`en-us`, `lt`); {@link toLangCode} reduces it to ISO 639-1. */
  language?: string;
  /** RSS `<lastBuildDate>`, Atom `<updated>`. */
  updatedAt?: Date;
  /** RSS `<ttl>`: minutes the feed may be cached. */
  ttlMinutes?: number;
  /** Items in document order. */
  items: ParsedItem[];
  /** Items that were skipped, with the reason. */
  itemErrors: ItemError[];
}

export interface ParsedItem {
  /** 0-based position among the feed's items in the document (skipped items included). */
  position: number;
  /** Identity within the feed: the id/guid, else the link, else `sha256:` of title + date + content. */
  externalId: string;
  /** RSS `<guid>` (or RDF `rdf:about`), Atom `<id>`, JSON Feed `id`, as written. */
  id?: string;
  link?: string;
  title?: string;
  /** Summary / description as plain text. */
  summary?: string;
  /** Full content (`content:encoded`, Atom `<content>`, JSON Feed `content_*`) as plain text. */
  content?: string;
  author?: string;
  /** `pubDate`, Atom `published`/`issued`, `dcterms:issued`, JSON Feed `date_published`. */
  published?: Date;
  /** `dc:date`, Atom `updated`/`modified`, JSON Feed `date_modified`. */
  updated?: Date;
  /** Item language as declared (`xml:lang`, `dc:language`, JSON Feed 1.1 `language`). */
  language?: string;
  /** The item's original XML or JSON, cut to {@link MAX_RAW_CHARS}. */
  raw: string;
}

/**
 * Parses an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 document.
 *
 * Throws ParseError (naming `sourceName`) when the body is not a feed at all or declares DTD
 * entities; one unusable item becomes an `itemErrors` entry and the rest are kept.
 */
export interface ParseFeedOptions {
  /** The URL the feed was fetched from (after redirects): relative links resolve against it. */
  baseUrl?: string;
}

export function parseFeed(body: string, sourceName: string, options: ParseFeedOptions = {}): ParsedFeed {
  if (body.length > MAX_FEED_CHARS) {
    throw new ParseError({ source: sourceName, detail: `feed is larger than ${MAX_FEED_CHARS} characters (${body.length})` });
  }
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const start = text.search(/\S/);
  if (start < 0) throw notAFeed(sourceName, "empty body");
  const first = text[start];
  if (first === "{" || first === "[") return parseJsonFeed(text, sourceName);
  // "<\0?\0x\0m\0l" is UTF-16/32 read as a single-byte charset: say so instead of naming a garbled root.
  if (text.slice(0, 64).includes("\u0000")) throw notAFeed(sourceName, "NUL characters in the prolog (UTF-16/32 bytes decoded with the wrong charset?)");
  return parseXmlFeed(text, sourceName, options.baseUrl);
}

function notAFeed(source: string, what: string): ParseError {
  return new ParseError({ source, detail: `not an RSS, Atom or JSON feed: ${what}` });
}

// ---------------------------------------------------------------------------------------------
// XML (RSS, RDF, Atom)

/**
 * Refuses internal DTD subsets that declare entities. cheerio's XML mode (htmlparser2) never
 * expands DTD or external entities anyway, so billion-laughs and XXE are inert; refusing them
 * outright makes the policy explicit and keeps a future parser swap from reopening it
 * (defusedxml's `EntitiesForbidden`). Scans only the prolog: comments, PIs and the DOCTYPE.
 */
function assertNoEntityDeclarations(text: string, source: string): void {
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i + 2);
      if (end < 0) return;
      i = end + 2;
    } else if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0) return;
      i = end + 3;
    } else if (text.slice(i, i + 9).toUpperCase() === "<!DOCTYPE") {
      // Walk the doctype honouring quotes and the [internal subset]; stop at its closing ">".
      let j = i + 9;
      let inSubset = false;
      let quote = "";
      for (; j < n; j++) {
        const c = text[j]!;
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") {
          quote = c;
        } else if (inSubset && text.startsWith("<!--", j)) {
          const end = text.indexOf("-->", j + 4);
          if (end < 0) return;
          j = end + 2;
        } else if (inSubset && text.startsWith("<!ENTITY", j)) {
          throw new ParseError({ source, detail: "DTD entity declarations are not allowed" });
        } else if (c === "[") {
          inSubset = true;
        } else if (c === "]") {
          inSubset = false;
        } else if (c === ">" && !inSubset) {
          break;
        }
      }
      i = j + 1;
    } else {
      return;
    }
  }
}

/** Element helpers over the htmlparser2 XML tree, with namespace prefixes resolved. */
class XmlDoc {
  constructor(
    readonly text: string,
    /** Document URL: the outermost base for relative references (RFC 3986 §5.1.3). */
    readonly documentUrl: string | undefined,
  ) {}

  // An item's fields are looked up one by one (guid, link, title, content:encoded, dc:creator…),
  // each scanning the item's children: name and namespace are worked out once per element.
  private readonly namespaces = new WeakMap<MarkupNode, string>();
  private readonly elementLists = new WeakMap<MarkupNode, MarkupNode[]>();
  /** Tag name → lower-case local name: a feed repeats a dozen names thousands of times. */
  private readonly localNames = new Map<string, string>();

  /** Canonical namespace URI of an element ("" when none applies). */
  namespaceOf(el: MarkupNode): string {
    let namespace = this.namespaces.get(el);
    if (namespace === undefined) {
      namespace = this.resolveNamespace(el);
      this.namespaces.set(el, namespace);
    }
    return namespace;
  }

  private resolveNamespace(el: MarkupNode): string {
    const name = el.name ?? "";
    const colon = name.indexOf(":");
    const prefix = colon >= 0 ? name.slice(0, colon) : "";
    const attr = prefix ? `xmlns:${prefix}` : "xmlns";
    for (let node: MarkupNode | null | undefined = el; node && node.type !== "root"; node = node.parent) {
      const uri = node.attribs?.[attr];
      if (uri !== undefined) return canonicalNamespace(decodeHtmlEntities(uri));
    }
    if (!prefix) return "";
    const known = CONVENTIONAL_PREFIXES[prefix.toLowerCase()];
    return canonicalNamespace(known ?? `urn:undeclared:${prefix}`);
  }

  localName(el: MarkupNode): string {
    const name = el.name ?? "";
    let local = this.localNames.get(name);
    if (local === undefined) {
      local = name.slice(name.indexOf(":") + 1).toLowerCase();
      this.localNames.set(name, local);
    }
    return local;
  }

  elements(el: MarkupNode): MarkupNode[] {
    let list = this.elementLists.get(el);
    if (!list) {
      list = (el.children ?? []).filter((c) => c.type === "tag" || c.type === "script" || c.type === "style");
      this.elementLists.set(el, list);
    }
    return list;
  }

  /** First child element named `local` (case-insensitive) in one of `namespaces`. */
  child(el: MarkupNode, namespaces: ReadonlySet<string>, local: string): MarkupNode | undefined {
    for (const c of this.elements(el)) if (this.localName(c) === local && namespaces.has(this.namespaceOf(c))) return c;
    return undefined;
  }

  childrenNamed(el: MarkupNode, namespaces: ReadonlySet<string>, local: string): MarkupNode[] {
    return this.elements(el).filter((c) => this.localName(c) === local && namespaces.has(this.namespaceOf(c)));
  }

  attr(el: MarkupNode, name: string): string | undefined {
    const attribs = el.attribs ?? {};
    const value = attribs[name] ?? Object.entries(attribs).find(([k]) => k.toLowerCase() === name)?.[1];
    return value === undefined ? undefined : decodeHtmlEntities(value).trim();
  }

  /** Inherited `xml:lang`. */
  lang(el: MarkupNode): string | undefined {
    for (let node: MarkupNode | null | undefined = el; node && node.type !== "root"; node = node.parent) {
      const lang = node.attribs?.["xml:lang"];
      if (lang !== undefined) return lang.trim() || undefined;
    }
    return undefined;
  }

  /** Inherited `xml:base` resolved to an absolute URL, when it is one. */
  base(el: MarkupNode): string | undefined {
    const chain: string[] = [];
    for (let node: MarkupNode | null | undefined = el; node && node.type !== "root"; node = node.parent) {
      const base = node.attribs?.["xml:base"];
      if (base !== undefined) chain.push(decodeHtmlEntities(base).trim());
    }
    let resolved = this.documentUrl;
    for (const base of chain.reverse()) resolved = resolveUrl(base, resolved) ?? resolved;
    return resolved;
  }

  /** Text content: text nodes entity-decoded with HTML rules, CDATA literal, nested markup's text. */
  stringOf(el: MarkupNode): string {
    const children = el.children ?? [];
    if (children.every((c) => c.type === "text" || c.type === "cdata" || c.type === "comment")) {
      let out = "";
      for (const c of children) {
        if (c.type === "text") out += decodeHtmlEntities(c.data ?? "");
        else if (c.type === "cdata") for (const t of c.children ?? []) out += t.data ?? "";
      }
      return out;
    }
    return markupToText(children, decodeHtmlEntities);
  }

  /** A short field (id, link, date, name): whitespace collapsed to single spaces. */
  valueOf(el: MarkupNode | undefined): string | undefined {
    if (!el) return undefined;
    const value = this.stringOf(el).replace(/\s+/g, " ").trim();
    return value === "" ? undefined : value;
  }

  /**
   * Text of an element that may carry HTML: escaped HTML / CDATA is converted with htmlToText,
   * unescaped inline markup (XHTML, or sloppy RSS) is walked directly.
   */
  htmlOf(el: MarkupNode | undefined): string | undefined {
    if (!el || this.isBlank(el)) return undefined;
    if (this.elements(el).length > 0) return markupToText(el.children ?? [], decodeHtmlEntities);
    const value = this.stringOf(el);
    return looksLikeHtml(value) ? htmlToText(value) : collapseWhitespace(value);
  }

  /**
   * An Atom text construct (RFC 4287 §3.1: type text|html|xhtml) or Atom 0.3 content
   * (`type` is a MIME type, `mode` is xml|escaped|base64). Returns undefined for out-of-line
   * (`src`) or binary content.
   */
  textConstructOf(el: MarkupNode | undefined): string | undefined {
    if (!el || this.isBlank(el)) return undefined;
    if (this.attr(el, "src") !== undefined && (el.children ?? []).length === 0) return undefined;
    const type = (this.attr(el, "type") ?? "text").toLowerCase();
    const mode = (this.attr(el, "mode") ?? "").toLowerCase();
    const xhtml = type === "xhtml" || type === "application/xhtml+xml" || mode === "xml";
    // Atom 0.3 mode="base64"; RFC 4287 §4.1.3.3: any other non-text, non-XML type is base64.
    const binary = !["text", "html", "xhtml"].includes(type) && !type.startsWith("text/") && !type.endsWith("xml");
    if (mode === "base64" || (binary && mode === "")) {
      const decoded = decodeBase64Text(this.stringOf(el));
      if (decoded === undefined) return undefined;
      return looksLikeHtml(decoded) ? htmlToText(decoded) : collapseWhitespace(decoded);
    }
    if (xhtml || this.elements(el).length > 0) return markupToText(el.children ?? [], decodeHtmlEntities);
    const value = this.stringOf(el);
    if (type === "text" || type === "text/plain") return collapseWhitespace(value);
    if (type === "html" || type.includes("html") || mode === "escaped") return htmlToText(value);
    return looksLikeHtml(value) ? htmlToText(value) : collapseWhitespace(value);
  }

  /** No children but whitespace and comments. */
  isBlank(el: MarkupNode): boolean {
    return (el.children ?? []).every((c) => c.type === "comment" || (c.type === "text" && !/\S/.test(c.data ?? "")));
  }

  /** The element's source text, cut to MAX_RAW_CHARS. */
  rawOf(el: MarkupNode): string {
    const start = el.startIndex ?? 0;
    const end = el.endIndex ?? start;
    return toRawSnippet(this.text.slice(start, Math.min(end + 1, start + MAX_RAW_CHARS)));
  }
}

const set = (...uris: string[]): ReadonlySet<string> => new Set(uris.map(canonicalNamespace));
const DC = set(NS.dc);
const DCTERMS = set(NS.dcterms);
const CONTENT = set(NS.content);
const ITUNES = set(NS.itunes, "http://www.itunes.com/DTDs/Podcast-1.0.dtd", "https://www.itunes.com/dtds/podcast-1.0.dtd");
const XHTML = set(NS.xhtml);
const ATOM = set(NS.atom10, NS.atom03);
const RDF = set(NS.rdf);
const MEDIA = set(NS.media);

function parseXmlFeed(text: string, source: string, documentUrl: string | undefined): ParsedFeed {
  assertNoEntityDeclarations(text, source);
  // decodeEntities: false keeps `&thinsp;` distinguishable from `&amp;thinsp;`; stringOf decodes
  // with the HTML entity table, which XML mode alone would not know.
  const $ = load(text, { xml: { xmlMode: true, decodeEntities: false, withStartIndices: true, withEndIndices: true } });
  const doc = new XmlDoc(text, documentUrl && /^https?:\/\//i.test(documentUrl) ? documentUrl : undefined);
  const rootNode = $.root()[0] as unknown as MarkupNode;
  const root = doc.elements(rootNode)[0];
  if (!root) throw notAFeed(source, "no root element");
  const local = doc.localName(root);
  const rootNs = doc.namespaceOf(root);
  // Any <feed> root is read as Atom: feedparser-tests atom_namespace_* show 0.3 feeds with
  // home-made namespaces, and no other feed format uses that root name.
  if (local === "feed") return parseAtom(doc, root, set(rootNs, NS.atom10, NS.atom03));
  // RSS core elements live in no namespace (0.9x/2.0), the RSS 1.0/0.90 namespace, or whatever
  // default namespace the root declares.
  const core = set("", rootNs, NS.rss10, NS.rss090, NS.rss20userland, NS.rss20harvard);
  if (local === "rss" || local === "channel") return parseRss(doc, root, core, "rss");
  if (local === "rdf" && RDF.has(rootNs)) return parseRss(doc, root, core, "rdf");
  throw notAFeed(source, `root element <${printable(root.name ?? "")}>`);
}

function parseRss(doc: XmlDoc, root: MarkupNode, core: ReadonlySet<string>, format: "rss" | "rdf"): ParsedFeed {
  // <rss><channel>…, RDF's sibling <channel>/<item>s, CDF's root <CHANNEL>, and <rss><item> without a channel.
  const channel = doc.localName(root) === "channel" ? root : (doc.child(root, core, "channel") ?? root);
  const feed: ParsedFeed = { format, items: [], itemErrors: [] };
  setIf(feed, "title", doc.htmlOf(doc.child(channel, core, "title") ?? doc.child(channel, DC, "title")));
  setIf(feed, "link", rssLink(doc, channel, core) ?? cdfHref(doc, channel));
  setIf(
    feed,
    "description",
    doc.htmlOf(
      doc.child(channel, core, "description") ??
        doc.child(channel, DC, "description") ??
        doc.child(channel, ITUNES, "subtitle") ??
        doc.child(channel, ITUNES, "summary") ??
        doc.child(channel, core, "abstract"),
    ),
  );
  setIf(feed, "language", toLanguageTag(doc.valueOf(doc.child(channel, core, "language") ?? doc.child(channel, DC, "language")) ?? doc.lang(channel)));
  setIf(
    feed,
    "updatedAt",
    parseDate(
      doc.valueOf(doc.child(channel, core, "lastbuilddate") ?? doc.child(channel, DC, "date") ?? doc.child(channel, DCTERMS, "modified") ?? doc.child(channel, core, "pubdate")) ??
        doc.attr(channel, "lastmod"),
    ),
  );
  const ttl = Number(doc.valueOf(doc.child(channel, core, "ttl")));
  if (Number.isInteger(ttl) && ttl > 0) feed.ttlMinutes = ttl;

  const items = doc.childrenNamed(channel, core, "item");
  if (channel !== root) items.push(...doc.childrenNamed(root, core, "item"));
  items.forEach((el, index) => {
    const guid = doc.child(el, core, "guid");
    const guidValue = doc.valueOf(guid);
    const id = guidValue ?? doc.attr(el, "rdf:about") ?? doc.valueOf(doc.child(el, DC, "identifier"));
    const permalink = guid && guidValue && doc.attr(guid, "ispermalink")?.toLowerCase() !== "false" && /^https?:\/\//i.test(guidValue);
    const link = rssLink(doc, el, core) ?? cdfHref(doc, el) ?? (permalink ? guidValue : undefined);
    const draft: Omit<ParsedItem, "externalId" | "position"> = { raw: doc.rawOf(el) };
    setIf(draft, "id", id);
    setIf(draft, "link", link);
    setIf(draft, "title", doc.htmlOf(doc.child(el, core, "title") ?? doc.child(el, DC, "title") ?? doc.child(el, MEDIA, "title") ?? mediaGroup(doc, el, "title")));
    setBody(
      draft,
      "summary",
      doc.htmlOf(
        doc.child(el, core, "description") ??
          doc.child(el, DC, "description") ??
          doc.child(el, ITUNES, "summary") ??
          doc.child(el, core, "abstract") ??
          doc.child(el, MEDIA, "description") ??
          mediaGroup(doc, el, "description"),
      ),
    );
    // xhtml:body and the un-namespaced <body>/<fullitem> of early Radio UserLand feeds.
    setBody(
      draft,
      "content",
      doc.htmlOf(
        doc.child(el, CONTENT, "encoded") ?? doc.child(el, XHTML, "body") ?? doc.child(el, XHTML, "div") ?? doc.child(el, core, "body") ?? doc.child(el, core, "fullitem"),
      ),
    );
    setIf(
      draft,
      "author",
      doc.valueOf(doc.child(el, DC, "creator") ?? doc.child(el, core, "author") ?? doc.child(el, ITUNES, "author") ?? doc.child(el, DC, "contributor")),
    );
    setIf(draft, "published", parseDate(doc.valueOf(doc.child(el, core, "pubdate") ?? doc.child(el, DCTERMS, "issued") ?? doc.child(el, DCTERMS, "created"))));
    setIf(draft, "updated", parseDate(doc.valueOf(doc.child(el, DC, "date") ?? doc.child(el, DCTERMS, "modified") ?? doc.child(el, ATOM, "updated")) ?? doc.attr(el, "lastmod")));
    setIf(draft, "language", toLanguageTag(doc.valueOf(doc.child(el, DC, "language")) ?? doc.lang(el)));
    addItem(feed, draft, index);
  });
  return feed;
}

/** CDF (Microsoft Channel Definition Format) puts the link in an HREF attribute. */
function cdfHref(doc: XmlDoc, el: MarkupNode): string | undefined {
  const href = doc.attr(el, "href");
  return href ? (resolveUrl(href, doc.base(el)) ?? href) : undefined;
}

/** Media RSS allows <media:title>/<media:description> directly or inside <media:group>. */
function mediaGroup(doc: XmlDoc, el: MarkupNode, local: string): MarkupNode | undefined {
  const group = doc.child(el, MEDIA, "group");
  return group ? doc.child(group, MEDIA, local) : undefined;
}

function rssLink(doc: XmlDoc, el: MarkupNode, core: ReadonlySet<string>): string | undefined {
  const link = doc.valueOf(doc.child(el, core, "link"));
  if (link) return resolveUrl(link, doc.base(el)) ?? link;
  // RSS 2.0 feeds often carry only <atom:link rel="alternate"> (and always-irrelevant rel="self").
  return atomLink(doc, el, ATOM);
}

function atomLink(doc: XmlDoc, el: MarkupNode, atom: ReadonlySet<string>): string | undefined {
  const links = doc.childrenNamed(el, atom, "link");
  const alternate =
    links.find((l) => (doc.attr(l, "rel") ?? "alternate") === "alternate" && (doc.attr(l, "type") ?? "text/html").includes("html")) ??
    links.find((l) => (doc.attr(l, "rel") ?? "alternate") === "alternate");
  const href = alternate ? doc.attr(alternate, "href") : undefined;
  if (!alternate || !href) return undefined;
  return resolveUrl(href, doc.base(alternate)) ?? href;
}

function parseAtom(doc: XmlDoc, root: MarkupNode, atom: ReadonlySet<string>): ParsedFeed {
  const feed: ParsedFeed = { format: "atom", items: [], itemErrors: [] };
  setIf(feed, "title", doc.textConstructOf(doc.child(root, atom, "title")));
  setIf(feed, "link", atomLink(doc, root, atom));
  setIf(feed, "description", doc.textConstructOf(doc.child(root, atom, "subtitle") ?? doc.child(root, atom, "tagline")));
  setIf(feed, "language", toLanguageTag(doc.lang(root)));
  setIf(feed, "updatedAt", parseDate(doc.valueOf(doc.child(root, atom, "updated") ?? doc.child(root, atom, "modified"))));
  doc.childrenNamed(root, atom, "entry").forEach((el, index) => {
    const draft: Omit<ParsedItem, "externalId" | "position"> = { raw: doc.rawOf(el) };
    setIf(draft, "id", doc.valueOf(doc.child(el, atom, "id")));
    setIf(draft, "link", atomLink(doc, el, atom));
    setIf(draft, "title", doc.textConstructOf(doc.child(el, atom, "title")) ?? doc.htmlOf(doc.child(el, MEDIA, "title") ?? mediaGroup(doc, el, "title")));
    // YouTube-style feeds carry the text only in <media:group><media:description>.
    setBody(
      draft,
      "summary",
      doc.textConstructOf(doc.child(el, atom, "summary")) ?? doc.htmlOf(doc.child(el, MEDIA, "description") ?? mediaGroup(doc, el, "description")),
    );
    setBody(draft, "content", doc.textConstructOf(doc.child(el, atom, "content")));
    const author = doc.child(el, atom, "author") ?? doc.child(doc.child(el, atom, "source") ?? el, atom, "author");
    setIf(draft, "author", author ? (doc.valueOf(doc.child(author, atom, "name")) ?? doc.valueOf(doc.child(author, atom, "email"))) : doc.valueOf(doc.child(el, DC, "creator")));
    setIf(draft, "published", parseDate(doc.valueOf(doc.child(el, atom, "published") ?? doc.child(el, atom, "issued") ?? doc.child(el, atom, "created"))));
    setIf(draft, "updated", parseDate(doc.valueOf(doc.child(el, atom, "updated") ?? doc.child(el, atom, "modified"))));
    setIf(draft, "language", toLanguageTag(doc.lang(doc.child(el, atom, "content") ?? el)));
    addItem(feed, draft, index);
  });
  return feed;
}

// ---------------------------------------------------------------------------------------------
// JSON Feed

function parseJsonFeed(text: string, source: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ParseError({ source, detail: `not an RSS, Atom or JSON feed: invalid JSON (${(error as Error).message})` }, { cause: error });
  }
  if (!isObject(doc)) throw notAFeed(source, `JSON ${Array.isArray(doc) ? "array" : typeof doc}`);
  const json = doc as JsonFeedDocument;
  // https://www.jsonfeed.org/version/1.1/: "version (required, string) is the URL of the version of the format".
  if (typeof json.version !== "string" || !/^https?:\/\/jsonfeed\.org\/version\//i.test(json.version)) {
    throw notAFeed(source, "JSON without a jsonfeed.org version");
  }
  if (!Array.isArray(json.items)) throw new ParseError({ source, detail: 'JSON Feed has no "items" array' });
  const feed: ParsedFeed = { format: "json", items: [], itemErrors: [] };
  setIf(feed, "title", plainString(json.title));
  setIf(feed, "link", httpUrl(json.home_page_url));
  setIf(feed, "description", plainString(json.description));
  setIf(feed, "language", toLanguageTag(plainString(json.language)));
  json.items.forEach((value: unknown, index: number) => {
    const raw = toRawJson(value);
    if (!isObject(value)) {
      feed.itemErrors.push({ item: `item #${index + 1}`, message: `item is ${Array.isArray(value) ? "an array" : typeof value}, not an object`, raw });
      return;
    }
    const item = value as JsonFeedItem;
    const draft: Omit<ParsedItem, "externalId" | "position"> = { raw };
    const id = typeof item.id === "number" && Number.isFinite(item.id) ? String(item.id) : plainString(item.id);
    setIf(draft, "id", id);
    setIf(draft, "link", httpUrl(item.url) ?? httpUrl(item.external_url));
    setIf(draft, "title", plainString(item.title));
    setIf(draft, "summary", plainString(item.summary));
    const html = typeof item.content_html === "string" ? htmlToText(item.content_html) : undefined;
    setIf(draft, "content", html || plainString(item.content_text));
    setIf(draft, "author", jsonAuthor(item.authors, item.author) ?? jsonAuthor(json.authors, json.author));
    setIf(draft, "published", parseDate(typeof item.date_published === "string" ? item.date_published : undefined));
    setIf(draft, "updated", parseDate(typeof item.date_modified === "string" ? item.date_modified : undefined));
    setIf(draft, "language", toLanguageTag(plainString(item.language)));
    addItem(feed, draft, index);
  });
  return feed;
}

function jsonAuthor(authors: unknown, author: JsonFeedAuthor | undefined): string | undefined {
  const list: unknown[] = Array.isArray(authors) ? authors : [author];
  for (const a of list) {
    if (isObject(a)) {
      const name = plainString((a as JsonFeedAuthor).name);
      if (name) return name;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Shared

function addItem(feed: ParsedFeed, draft: Omit<ParsedItem, "externalId" | "position">, index: number): void {
  const externalId = draft.id ?? draft.link ?? hashId(draft);
  if (!externalId) {
    feed.itemErrors.push({ item: `item #${index + 1}`, message: "item has no id, link, title or content", raw: draft.raw });
    return;
  }
  feed.items.push({ position: index, externalId, ...draft });
}

/** Content hash for items with neither id nor link; undefined when there is nothing to hash. */
function hashId(draft: Omit<ParsedItem, "externalId" | "position">): string | undefined {
  const date = (draft.published ?? draft.updated)?.toISOString() ?? "";
  const body = draft.content || draft.summary || "";
  // A summary/content element that exists but has no text (an image, say) is still content.
  if (!draft.title && draft.content === undefined && draft.summary === undefined) return undefined;
  const digest = createHash("sha256").update(`${draft.title ?? ""}\n${date}\n${body || draft.raw}`).digest("hex");
  return `sha256:${digest.slice(0, 32)}`;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== "") target[key] = value;
}

/** Like setIf, but keeps "" : a body whose markup has no text (an image) is still a body. */
function setBody(target: Omit<ParsedItem, "externalId" | "position">, key: "summary" | "content", value: string | undefined): void {
  if (value !== undefined) target[key] = value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function plainString(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = collapseWhitespace(value);
  return trimmed === "" ? undefined : trimmed;
}

function httpUrl(value: unknown): string | undefined {
  const s = plainString(value);
  return s && /^https?:\/\//i.test(s) ? s : undefined;
}

/** An absolute href is returned as written (no normalisation); a relative one is resolved against base. */
function resolveUrl(href: string, base: string | undefined): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  if (!base) return undefined;
  try {
    return new URL(href, base).href;
  } catch (error) {
    // An unresolvable relative reference is kept as written by the caller.
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** Base64 that decodes to valid UTF-8 text; binary payloads (images) give undefined. */
function decodeBase64Text(value: string): string | undefined {
  const bytes = Buffer.from(value.replace(/\s+/g, ""), "base64");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    // The fatal decoder's TypeError means "not text": the content is binary and has no text to keep.
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** A name from the document, safe to put in an error message. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, "");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Zone names seen in feeds, in minutes east of UTC. RFC 822 §5.1 defines UT/GMT and the US zones;
 * the rest are common in European/Russian feeds. RFC 822's military letters are unreliable
 * (RFC 2822 §4.3 says to treat them as -0000), so they map to 0.
 */
const ZONES: Readonly<Record<string, number>> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600,
  BST: 60, CET: 60, MET: 60, WEST: 60, CEST: 120, MEST: 120, EET: 120, EEST: 180, MSK: 180, MSD: 240,
  IST: 330, JST: 540, KST: 540, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

/**
 * Parses the date formats feeds use: RFC 822/2822 (`pubDate`, with named, numeric or missing
 * zones and 2-digit years), RFC 3339 / ISO 8601 / W3CDTF (Atom, `dc:date`; reduced precision
 * such as `2003-12` or `2003` allowed), and asctime. A date without a zone is read as UTC.
 * Returns undefined for anything else: an unparseable date is not an item error.
 */
export function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const s = value.trim();
  if (s.length > 100) return undefined;
  return parseIsoDate(s) ?? parseRfc822Date(s) ?? parseAsctimeDate(s);
}

const ISO = /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

function parseIsoDate(s: string): Date | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return buildDate(Number(y), Number(mo ?? 1), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), ms, zoneOffset(zone));
}

const RFC822 = /^(?:[a-z]+\.?,?\s*)?(\d{1,2})(?:\s+|-)([a-z]+)\.?(?:\s+|-)(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?:\s*([a-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|[+-]\d{1,2}))?\s*(?:\([^)]*\))?$/i;

function parseRfc822Date(s: string): Date | undefined {
  // Some publishers write the month before the day ("Dec 31 2003", "Wed, Dec 31, 2003 10:14:55 GMT").
  const swapped = s.replace(/^(?:[a-z]+,?\s+)?([a-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})/i, "$2 $1 $3");
  const m = RFC822.exec(swapped);
  if (!m) return undefined;
  const [, d, monthName, y, h, mi, sec, zone] = m;
  const month = MONTHS[monthName!.slice(0, 3).toLowerCase()];
  if (!month) return undefined;
  let year = Number(y);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the rest 19xx; three digits add 1900.
  if (y!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (y!.length === 3) year += 1900;
  return buildDate(year, month, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), 0, zoneOffset(zone));
}

const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\s+([a-z]{1,5}))?\s+(\d{4})$/i;

function parseAsctimeDate(s: string): Date | undefined {
  const m = ASCTIME.exec(s);
  if (!m) return undefined;
  const [, monthName, d, h, mi, sec, zone, y] = m;
  const month = MONTHS[monthName!.toLowerCase()];
  if (!month) return undefined;
  return buildDate(Number(y), month, Number(d), Number(h), Number(mi), Number(sec), 0, zoneOffset(zone));
}

/** Minutes east of UTC; unknown zone names count as UTC (keeping the date beats dropping it). */
function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.toUpperCase();
  const numeric = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    if (Number(numeric[2]) > 14 || Number(numeric[3] ?? 0) > 59) return null;
    return numeric[1] === "-" ? -minutes : minutes;
  }
  return ZONES[z] ?? 0;
}

function buildDate(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, offsetMinutes: number | null): Date | undefined {
  if (offsetMinutes === null) return undefined;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
  // Date.UTC rolls 31 Feb into March; such a date is wrong, not merely imprecise.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// ---------------------------------------------------------------------------------------------
// Mapping

/** `en_US` → `en-US`: some publishers write POSIX locales where BCP 47 wants a hyphen. */
function toLanguageTag(value: string | undefined): string | undefined {
  const tag = value?.trim().replace(/_/g, "-");
  return tag ? tag : undefined;
}

/**
 * ISO 639-1 code of a language tag (`en-US` → `en`, `lt_LT` → `lt`), or undefined when the value
 * does not look like a BCP 47 / ISO tag (feeds also write `English` or `x-default`).
 */
export function toLangCode(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const m = /^([a-z]{2})(?:[-_][a-z0-9]{1,8})*$/i.exec(tag.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

export interface ToMentionOptions {
  channel: Channel;
  /** Forces the language instead of the item's or feed's declaration. */
  lang?: string;
  matchedTerm?: string;
}

/** Maps a parsed item to a MentionDraft. `text` is the content, else the summary, else "". */
export function toMention(item: ParsedItem, feed: ParsedFeed, options: ToMentionOptions): MentionDraft {
  const mention: MentionDraft = {
    externalId: item.externalId,
    text: item.content || item.summary || "",
    channel: options.channel,
    raw: item.raw,
  };
  if (item.link) mention.url = item.link;
  if (item.author) mention.author = item.author;
  if (item.title) mention.title = item.title;
  const lang = toLangCode(options.lang ?? item.language ?? feed.language);
  if (lang) mention.lang = lang;
  const publishedAt = item.published ?? item.updated;
  if (publishedAt) mention.publishedAt = publishedAt;
  if (options.matchedTerm) mention.matchedTerm = options.matchedTerm;
  return mention;
}
