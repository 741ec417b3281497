import { load, type CheerioAPI } from "cheerio";
import type { MarkupNode } from "../../text/html.js";
import type { ItemError } from "../types.js";
import type { MarkupSyntax, SchemaNode, SchemaValue } from "./wire.js";

/**
 * Deepest nesting followed, in nodes (JSON-LD objects/arrays, microdata or RDFa items). Real
 * review markup is under 10 levels; constructed-hostile/huge/deeply-nested-jsonld.html nests
 * 20,000. Beyond this the rest of the block is ignored and an ItemError says so, so no walker
 * here can exhaust the stack.
 */
export const MAX_DEPTH = 64;

/** `raw` snippets of unparseable blocks are cut to this many characters. */
const MAX_BLOCK_SNIPPET = 2_000;

/** A top-level structured-data node and where it came from. */
export interface MarkupRoot {
  syntax: MarkupSyntax;
  /** "json-ld block #2", "microdata item #1", "rdfa node #3". */
  origin: string;
  value: SchemaValue;
}

/** What a page holds, in every syntax, before review mapping. */
export interface ExtractedMarkup {
  roots: MarkupRoot[];
  itemErrors: ItemError[];
  /** `<title>`, whitespace collapsed. */
  title?: string;
  /** `<html lang>` as written. */
  lang?: string;
}

/** Parses a page with htmlparser2 (through cheerio): linear and non-recursive on 20,000-deep markup. */
export function loadPage(html: string): CheerioAPI {
  return load(html, { xml: { xmlMode: false, decodeEntities: true, recognizeSelfClosing: true } });
}

/** JSON-LD, microdata and RDFa of a page, converted to JSON-LD-shaped nodes. */
export function extractMarkup($: CheerioAPI, source: string): ExtractedMarkup {
  const itemErrors: ItemError[] = [];
  const roots: MarkupRoot[] = [...extractJsonLd($, source, itemErrors), ...extractItems($, MICRODATA, source, itemErrors), ...extractItems($, RDFA, source, itemErrors)];
  const out: ExtractedMarkup = { roots, itemErrors };
  const title = collapse(textOf($("title").first()[0] as unknown as MarkupNode | undefined));
  if (title) out.title = title;
  const lang = $("html").first().attr("lang")?.trim();
  if (lang) out.lang = lang;
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

function extractJsonLd($: CheerioAPI, source: string, itemErrors: ItemError[]): MarkupRoot[] {
  const roots: MarkupRoot[] = [];
  let blocks = 0;
  $("script[type]").each((_, el) => {
    const type = ($(el).attr("type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/ld+json") return;
    const origin = `json-ld block #${++blocks}`;
    const text = ((el as unknown as MarkupNode).children ?? []).map((c) => c.data ?? "").join("");
    try {
      // `null` blocks are common in CMS output (extruct misc/null_ld_mock.html): nothing to see.
      roots.push({ syntax: "json-ld", origin, value: parseJsonLd(text) as SchemaValue });
    } catch (error) {
      itemErrors.push({ item: origin, message: `${source}: cannot parse ${origin}: invalid JSON (${error instanceof Error ? error.message : String(error)})`, raw: text.slice(0, MAX_BLOCK_SNIPPET) });
    }
  });
  return roots;
}

/**
 * JSON.parse, then one tolerant retry for what CMSs actually emit (extruct's custom.invalid
 * samples): an HTML comment or CDATA wrapper, JS comments, raw control characters inside
 * strings, and trailing text after the value. Anything else stays an error.
 */
export function parseJsonLd(text: string): unknown {
  const strict = tryJson(text);
  if (strict !== FAILED) return strict;
  const repaired = repairJson(unwrap(text));
  const lenient = tryJson(repaired);
  if (lenient !== FAILED) return lenient;
  const first = firstJsonValue(repaired);
  const prefix = first === undefined ? FAILED : tryJson(first);
  if (prefix !== FAILED) return prefix;
  // Report the error for the text as written: its position points into the page.
  return JSON.parse(text);
}

const FAILED = Symbol("invalid JSON");

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // SyntaxError is the expected "not JSON" answer; anything else is a real fault.
    if (error instanceof SyntaxError) return FAILED;
    throw error;
  }
}

function unwrap(text: string): string {
  return text
    .trim()
    .replace(/^(?:\/\/\s*)?<!--/u, "")
    .replace(/(?:\/\/\s*)?-->$/u, "")
    .trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[/u, "")
    .replace(/(?:\/\/\s*)?\]\]>$/u, "");
}

/** Drops JS comments outside strings and escapes raw control characters inside them. */
function repairJson(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") {
        out += c + (text[i + 1] ?? "");
        i++;
      } else if (c === '"') {
        inString = false;
        out += c;
      } else if (c.charCodeAt(0) < 0x20) {
        out += `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
      } else {
        out += c;
      }
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** The first balanced `{…}` or `[…]` of `text`, ignoring brackets inside strings. */
function firstJsonValue(text: string): string | undefined {
  const start = text.search(/[[{]/u);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Microdata and RDFa (Lite): both are "elements with a scope attribute hold properties named by
// another attribute", so one converter takes the syntax's attribute rules.

interface ItemSyntax {
  syntax: "microdata" | "rdfa";
  label: string;
  /** The element starts a new item/node. */
  isScope(el: MarkupNode): boolean;
  /** Property names on the element (empty when it carries none). */
  propsOf(el: MarkupNode): string[];
  typesOf(el: MarkupNode): string[];
  idOf(el: MarkupNode): string | undefined;
  /** Ids of elements whose properties also belong to the item (microdata itemref). */
  refsOf(el: MarkupNode): string[];
  /** Value of a property element that is not itself an item. */
  literalOf(el: MarkupNode): string;
}

/** Local name of a type or property IRI: `http://schema.org/Review` → `Review`, `schema:name` → `name`. */
function localName(iri: string): string {
  const trimmed = iri.trim().replace(/[/#]+$/u, "");
  return trimmed.slice(Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("#"), trimmed.lastIndexOf(":")) + 1);
}

const attr = (el: MarkupNode, name: string): string | undefined => el.attribs?.[name];
const words = (value: string | undefined): string[] => (value ?? "").split(/\s+/u).filter(Boolean);

/** WHATWG HTML §5.2.4 "Values": which attribute carries a property's value, by element. */
const URL_ATTRIBUTE: Readonly<Record<string, string>> = {
  a: "href", area: "href", link: "href", audio: "src", embed: "src", iframe: "src", img: "src", source: "src", track: "src", video: "src", object: "data",
};

const MICRODATA: ItemSyntax = {
  syntax: "microdata",
  label: "microdata item",
  isScope: (el) => attr(el, "itemscope") !== undefined,
  propsOf: (el) => words(attr(el, "itemprop")).map(localName),
  typesOf: (el) => words(attr(el, "itemtype")).map(localName),
  idOf: (el) => attr(el, "itemid")?.trim() || undefined,
  refsOf: (el) => words(attr(el, "itemref")),
  literalOf(el) {
    const name = el.name ?? "";
    if (name === "meta") return (attr(el, "content") ?? "").trim();
    const urlAttribute = URL_ATTRIBUTE[name];
    if (urlAttribute) return (attr(el, urlAttribute) ?? "").trim();
    if (name === "data" || name === "meter") return (attr(el, "value") ?? "").trim();
    if (name === "time" && attr(el, "datetime") !== undefined) return attr(el, "datetime")!.trim();
    // Not in the microdata spec, but Google reads `content` on any element and sites rely on it
    // (`<span itemprop="ratingValue" content="4.5">★★★★½</span>`).
    const content = attr(el, "content");
    if (content !== undefined) return content.trim();
    return collapse(textOf(el));
  },
};

const RDFA: ItemSyntax = {
  syntax: "rdfa",
  label: "rdfa node",
  isScope: (el) => attr(el, "typeof") !== undefined,
  propsOf: (el) => words(attr(el, "property")).map(localName),
  typesOf: (el) => words(attr(el, "typeof")).map(localName),
  idOf: (el) => (attr(el, "resource") ?? attr(el, "about"))?.trim() || undefined,
  refsOf: () => [],
  literalOf(el) {
    // RDFa 1.1 Core §7.5 step 11: @content wins, then an IRI from @resource/@href/@src, then text.
    const content = attr(el, "content");
    if (content !== undefined) return content.trim();
    const iri = attr(el, "resource") ?? attr(el, "href") ?? attr(el, "src");
    if (iri !== undefined) return iri.trim();
    if (el.name === "time" && attr(el, "datetime") !== undefined) return attr(el, "datetime")!.trim();
    return collapse(textOf(el));
  },
};

function extractItems($: CheerioAPI, syntax: ItemSyntax, source: string, itemErrors: ItemError[]): MarkupRoot[] {
  const root = $.root()[0] as unknown as MarkupNode;
  const byId = new Map<string, MarkupNode>();
  const tops: MarkupNode[] = [];
  // Iterative pre-order walk: the DOM can be far deeper than the JS stack.
  const stack: MarkupNode[] = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.type !== "tag") continue;
    const id = attr(el, "id");
    if (id !== undefined && !byId.has(id)) byId.set(id, el);
    if (syntax.isScope(el) && (syntax.propsOf(el).length === 0 || !hasScopeAncestor(el, syntax))) tops.push(el);
    const children = el.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return tops.map((el, index) => {
    const origin = `${syntax.label} #${index + 1}`;
    const state = { tooDeep: false };
    const value = convertItem(el, syntax, byId, 1, new Set(), state);
    if (state.tooDeep) itemErrors.push({ item: origin, message: `${source}: ${origin} nests items deeper than ${MAX_DEPTH} levels; the deeper items were ignored` });
    return { syntax: syntax.syntax, origin, value };
  });
}

function hasScopeAncestor(el: MarkupNode, syntax: ItemSyntax): boolean {
  for (let p = el.parent; p && p.type !== "root"; p = p.parent) if (syntax.isScope(p)) return true;
  return false;
}

/**
 * WHATWG HTML §5.2.5 "properties of an item": the item's subtree and its itemref targets, not
 * descending into nested items (they are values). Recursion is bounded by MAX_DEPTH; `visiting`
 * breaks itemref cycles.
 */
function convertItem(el: MarkupNode, syntax: ItemSyntax, byId: ReadonlyMap<string, MarkupNode>, depth: number, visiting: Set<MarkupNode>, state: { tooDeep: boolean }): SchemaNode | null {
  if (depth > MAX_DEPTH) {
    state.tooDeep = true;
    return null;
  }
  visiting.add(el);
  const node: SchemaNode = {};
  const types = syntax.typesOf(el);
  if (types.length > 0) node["@type"] = types.length === 1 ? types[0]! : types;
  const id = syntax.idOf(el);
  if (id) node["@id"] = id;

  // A stack popped from the end, children pushed in reverse: document order without shift().
  const pending: MarkupNode[] = [];
  for (const ref of syntax.refsOf(el).reverse()) {
    const target = byId.get(ref);
    if (target && target !== el) pending.push(target);
  }
  pushChildren(pending, el);
  const seen = new Set<MarkupNode>();
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current.type !== "tag" || seen.has(current)) continue;
    seen.add(current);
    const props = syntax.propsOf(current);
    const nested = syntax.isScope(current);
    if (props.length > 0) {
      const value: SchemaValue = nested ? (visiting.has(current) ? null : convertItem(current, syntax, byId, depth + 1, visiting, state)) : syntax.literalOf(current);
      for (const prop of props) addProperty(node, prop, value);
    }
    // A nested item's own properties are its own; anything else may hold more of ours.
    if (!nested) pushChildren(pending, current);
  }
  visiting.delete(el);
  return node;
}

function pushChildren(stack: MarkupNode[], el: MarkupNode): void {
  const children = el.children ?? [];
  for (let i = children.length - 1; i >= 0; i--) if (children[i]!.type === "tag") stack.push(children[i]!);
}

function addProperty(node: SchemaNode, prop: string, value: SchemaValue): void {
  if (value === null) return;
  const existing = node[prop] as SchemaValue | undefined;
  if (existing === undefined) node[prop] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[prop] = [existing, value];
}

// ---------------------------------------------------------------------------------------------
// Text

/** textContent without recursion. */
export function textOf(el: MarkupNode | undefined): string {
  if (!el) return "";
  const out: string[] = [];
  const stack: MarkupNode[] = [el];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "text" || node.type === "cdata") out.push(node.data ?? "");
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out.join("");
}

export function collapse(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}
