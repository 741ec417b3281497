/**
 * Wire formats the rss source reads. XML feeds are walked as a namespace-resolved DOM (see
 * parse.ts), so this file holds their namespace URIs; JSON Feed gets typed documents.
 */

/** Namespace URIs, compared after {@link canonicalNamespace}. */
export const NS = {
  /** RFC 4287 */
  atom10: "http://www.w3.org/2005/Atom",
  /** Atom 0.3 (pre-IETF draft, still served by old Blogger/TypePad installs) */
  atom03: "http://purl.org/atom/ns#",
  /** RSS 1.0, https://web.resource.org/rss/1.0/spec */
  rss10: "http://purl.org/rss/1.0/",
  /** RSS 0.90 (RDF) */
  rss090: "http://my.netscape.com/rdf/simple/0.9/",
  /** Namespaces some RSS 2.0 publishers put on <rss> */
  rss20userland: "http://backend.userland.com/rss2",
  rss20harvard: "http://blogs.law.harvard.edu/tech/rss",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  /** content:encoded, https://web.resource.org/rss/1.0/modules/content/ */
  content: "http://purl.org/rss/1.0/modules/content/",
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  /** Media RSS, https://www.rssboard.org/media-rss */
  media: "http://search.yahoo.com/mrss/",
  xhtml: "http://www.w3.org/1999/xhtml",
  xml: "http://www.w3.org/XML/1998/namespace",
} as const;

/**
 * Prefixes publishers use without declaring them (feedparser-tests `illformed/` shows undeclared
 * `dc:` and `content:`); resolving them by convention recovers the field instead of dropping it.
 */
export const CONVENTIONAL_PREFIXES: Readonly<Record<string, string>> = {
  atom: NS.atom10,
  rdf: NS.rdf,
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  itunes: NS.itunes,
  media: NS.media,
  xhtml: NS.xhtml,
  xml: NS.xml,
};

/** Namespace URIs compare case-insensitively and without a trailing `/` or `#` (publishers vary both). */
export function canonicalNamespace(uri: string): string {
  return uri.trim().toLowerCase().replace(/[/#]+$/, "");
}

/** JSON Feed 1.0 / 1.1 author object, https://www.jsonfeed.org/version/1.1/ */
export interface JsonFeedAuthor {
  name?: unknown;
  url?: unknown;
  avatar?: unknown;
}

/** JSON Feed item. Fields are `unknown` because the payload is untrusted: parse.ts checks each type. */
export interface JsonFeedItem {
  id?: unknown;
  url?: unknown;
  external_url?: unknown;
  title?: unknown;
  content_html?: unknown;
  content_text?: unknown;
  summary?: unknown;
  date_published?: unknown;
  date_modified?: unknown;
  /** JSON Feed 1.0 */
  author?: JsonFeedAuthor;
  /** JSON Feed 1.1 */
  authors?: unknown;
  /** JSON Feed 1.1 */
  language?: unknown;
}

/** JSON Feed top-level object. `version` is `https://jsonfeed.org/version/1` or `/1.1`. */
export interface JsonFeedDocument {
  version?: unknown;
  title?: unknown;
  home_page_url?: unknown;
  feed_url?: unknown;
  description?: unknown;
  language?: unknown;
  author?: JsonFeedAuthor;
  authors?: unknown;
  items?: unknown;
}
