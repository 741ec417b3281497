/**
 * Checks the bluesky parser and our fixtures against ../shared/corpora/bluesky-atproto-fixtures
 * (see its README): the official lexicons validate the searchPosts output and every `#postView`
 * and post record (a small validator for the lexicon types these schemas use), real AppView
 * postViews map to mentions, and other recorded responses are refused with a ParseError, never
 * a crash.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseBlueskySearch, toBlueskyItem, toBlueskyItems } from "../../../src/sources/bluesky/parse.js";

const dir = join(import.meta.dirname, "../../../../shared/corpora/bluesky-atproto-fixtures");
const fixtures = join(import.meta.dirname, "../../../fixtures/bluesky");

type Schema = { type: string; [key: string]: unknown };
type Lexicons = Map<string, { defs: Record<string, Schema> }>;

function loadLexicons(): Lexicons {
  const lexicons: Lexicons = new Map();
  for (const file of readdirSync(join(dir, "lexicons"))) {
    const doc = JSON.parse(readFileSync(join(dir, "lexicons", file), "utf8")) as { id: string; defs: Record<string, Schema> };
    lexicons.set(doc.id, doc);
  }
  return lexicons;
}

const FORMATS: Record<string, (s: string) => boolean> = {
  datetime: (s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/u.test(s) && !Number.isNaN(Date.parse(s)),
  "at-uri": (s) => s.startsWith("at://"),
  did: (s) => /^did:[a-z]+:[A-Za-z0-9._:%-]+$/u.test(s),
  handle: (s) => /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/iu.test(s),
  uri: (s) => URL.canParse(s),
  cid: (s) => /^b[a-z2-7]{50,}$/u.test(s),
  language: (s) => /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/u.test(s),
  "at-identifier": (s) => s.startsWith("did:") || s.includes("."),
};

/** Validates `value` against a lexicon schema; returns "path: problem" strings. Unknown extra fields are allowed, as in atproto. */
function validate(lexicons: Lexicons, value: unknown, schema: Schema, lexiconId: string, path: string, errors: string[], unresolved: Set<string>): void {
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  switch (schema.type) {
    case "object": {
      if (!isObject) return void errors.push(`${path}: not an object`);
      const record = value as Record<string, unknown>;
      for (const name of (schema.required as string[] | undefined) ?? []) if (record[name] === undefined) errors.push(`${path}.${name}: required`);
      for (const [name, property] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
        if (record[name] !== undefined) validate(lexicons, record[name], property, lexiconId, `${path}.${name}`, errors, unresolved);
      }
      return;
    }
    case "string":
      if (typeof value !== "string") return void errors.push(`${path}: not a string`);
      if (typeof schema.format === "string" && FORMATS[schema.format] && !FORMATS[schema.format]!(value)) errors.push(`${path}: "${value}" is not a ${schema.format}`);
      return;
    case "integer":
      if (!Number.isInteger(value)) errors.push(`${path}: not an integer`);
      return;
    case "boolean":
      if (typeof value !== "boolean") errors.push(`${path}: not a boolean`);
      return;
    case "array":
      if (!Array.isArray(value)) return void errors.push(`${path}: not an array`);
      value.forEach((item, i) => validate(lexicons, item, schema.items as Schema, lexiconId, `${path}[${i}]`, errors, unresolved));
      return;
    case "unknown":
      if (!isObject) errors.push(`${path}: not an object`);
      return;
    case "blob":
      if (!isObject || (value as { $type?: unknown }).$type !== "blob") errors.push(`${path}: not a blob`);
      return;
    case "ref": {
      const [id, def] = resolveRef(schema.ref as string, lexiconId);
      const target = lexicons.get(id)?.defs[def];
      if (!target) return void unresolved.add(`${id}#${def}`);
      validate(lexicons, value, target.type === "record" ? (target.record as Schema) : target, id, path, errors, unresolved);
      return;
    }
    case "union": {
      if (!isObject) return void errors.push(`${path}: not an object`);
      const type = (value as { $type?: unknown }).$type;
      const refs = (schema.refs as string[]).map((ref) => resolveRef(ref, lexiconId));
      const match = refs.find(([id, def]) => type === (def === "main" ? id : `${id}#${def}`) || type === `${id}#${def}`);
      if (!match) {
        if (schema.closed === true) errors.push(`${path}: $type ${String(type)} not in closed union`);
        return;
      }
      validate(lexicons, value, { type: "ref", ref: `${match[0]}#${match[1]}` }, lexiconId, path, errors, unresolved);
      return;
    }
    default:
      return;
  }
}

function resolveRef(ref: string, lexiconId: string): [string, string] {
  if (ref.startsWith("#")) return [lexiconId, ref.slice(1)];
  const [id, def] = ref.split("#");
  return [id!, def ?? "main"];
}

describe.skipIf(!existsSync(dir))("bluesky corpus: bluesky-atproto-fixtures", () => {
  const lexicons = existsSync(dir) ? loadLexicons() : new Map();
  const outputSchema = () => (lexicons.get("app.bsky.feed.searchPosts")!.defs.main as unknown as { output: { schema: Schema } }).output.schema;
  const postRecord = () => lexicons.get("app.bsky.feed.post")!.defs.main!.record as Schema;

  function searchErrors(body: unknown): { errors: string[]; unresolved: Set<string> } {
    const errors: string[] = [];
    const unresolved = new Set<string>();
    validate(lexicons, body, outputSchema(), "app.bsky.feed.searchPosts", "$", errors, unresolved);
    for (const [i, post] of ((body as { posts: { record: unknown }[] }).posts ?? []).entries()) {
      validate(lexicons, post.record, postRecord(), "app.bsky.feed.post", `$.posts[${i}].record`, errors, unresolved);
    }
    return { errors, unresolved };
  }

  it("validates the derived searchPosts envelope against the lexicon and maps its real postView", () => {
    const body = readFileSync(join(dir, "derived/searchPosts-shaped.from-thread_view_post_with_embed_media.json"), "utf8");
    expect(searchErrors(JSON.parse(body)).errors).toEqual([]);
    const { items, itemErrors } = toBlueskyItems(parseBlueskySearch(body, "corpus").posts, "corpus");
    expect(itemErrors).toEqual([]);
    // An image + quote post with empty text ("May be an empty string, if there are embeds").
    expect(items).toHaveLength(1);
    expect(items[0]?.draft).toMatchObject({ text: "", lang: "en", author: "test.marshal.dev", url: "https://bsky.app/profile/test.marshal.dev/post/3kaheyt6vpc22" });
  });

  it("maps the postView inside a recorded getPostThread answer", () => {
    const thread = JSON.parse(readFileSync(join(dir, "recorded-responses/thread_view_post_with_embed_media.json"), "utf8")) as { thread: { post: unknown } };
    expect(toBlueskyItem(thread.thread.post, "corpus").uri).toBe("at://did:plc:kvwvcn5iqfooopmyzvb4qzba/app.bsky.feed.post/3kaheyt6vpc22");
  });

  it("refuses every other recorded response with a ParseError, never a crash", () => {
    const files = readdirSync(join(dir, "recorded-responses"));
    for (const file of files) {
      expect(() => parseBlueskySearch(readFileSync(join(dir, "recorded-responses", file), "utf8"), file), file).toThrow(ParseError);
    }
    expect(files).toHaveLength(10);
  });

  it.each(["search-nordvik-1", "search-nordvik-2", "empty-search"])("keeps fixtures/bluesky/%s.json valid against the searchPosts and post lexicons", (name) => {
    const { errors, unresolved } = searchErrors(JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8")));
    expect(errors).toEqual([]);
    // Refs to lexicons the corpus does not carry (viewer state, labels' subtypes) are skipped, not failed.
    expect([...unresolved].every((ref) => !ref.startsWith("app.bsky.feed.defs#postView") && !ref.startsWith("app.bsky.actor.defs#profileViewBasic"))).toBe(true);
  });

  it("would catch a fixture that breaks the lexicon", () => {
    const body = JSON.parse(readFileSync(join(fixtures, "search-nordvik-1.json"), "utf8")) as { posts: Record<string, unknown>[] };
    delete body.posts[0]!.cid;
    (body.posts[1]!.record as Record<string, unknown>).createdAt = "yesterday";
    expect(searchErrors(body).errors).toEqual(["$.posts[0].cid: required", '$.posts[1].record.createdAt: "yesterday" is not a datetime']);
  });
});
