/**
 * Runs the mastodon parser over every JSON block of the official API documentation
 * (../shared/corpora/mastodon-api-examples, see its README): status-shaped examples map without
 * an item error, Search examples give their statuses, error bodies and other entities are refused
 * with a ParseError, and every `invalid-as-published/` block (elided `// ...` JSON) is refused
 * with a ParseError, never a crash. Our own fixtures are checked against the documented Status
 * and Account fields, so they stay in the real wire shape.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ParseError } from "../../../src/core/errors.js";
import { parseMastodonSearch, parseMastodonTimeline, toMastodonItem, toMastodonItems } from "../../../src/sources/mastodon/parse.js";

const dir = join(import.meta.dirname, "../../../../shared/corpora/mastodon-api-examples");
const fixtures = join(import.meta.dirname, "../../../fixtures/mastodon");

function listJson(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".json"))
    .map((file) => join(root, file))
    .sort();
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStatus = (v: unknown): boolean => isObject(v) && typeof v.uri === "string" && typeof v.content === "string" && isObject(v.account);

describe.skipIf(!existsSync(dir))("mastodon corpus: mastodon-api-examples", () => {
  const invalid = listJson(join(dir, "invalid-as-published"));
  const valid = listJson(join(dir, "valid"));
  const figures = { invalidRejected: 0, statusFiles: 0, statuses: 0, searchFiles: 0, errorBodiesRejected: 0, otherRejected: 0, crashes: 0 };

  it.each(invalid.map((file) => [relative(dir, file), file]))("refuses invalid-as-published %s with a ParseError", (name, file) => {
    const error = (() => {
      try {
        parseMastodonTimeline(readFileSync(file, "utf8"), name);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toContain(name);
    figures.invalidRejected++;
  });

  it("handles every valid example: statuses map, Search gives statuses, the rest is refused cleanly", () => {
    for (const file of valid) {
      const name = relative(dir, file);
      const body = readFileSync(file, "utf8");
      const value = JSON.parse(body) as unknown;
      try {
        if (Array.isArray(value) && value.length > 0 && value.every(isStatus)) {
          const { items, itemErrors } = toMastodonItems(parseMastodonTimeline(body, name), name, "mastodon.social");
          expect(itemErrors, name).toEqual([]);
          figures.statusFiles++;
          figures.statuses += items.length;
        } else if (isStatus(value)) {
          const item = toMastodonItem(value, name, "mastodon.social");
          expect(item.draft.externalId, name).toMatch(/^https:\/\//u);
          figures.statusFiles++;
          figures.statuses++;
        } else if (isObject(value) && Array.isArray(value.statuses) && Array.isArray(value.accounts) && Array.isArray(value.hashtags)) {
          const statuses = parseMastodonSearch(body, name);
          expect(toMastodonItems(statuses, name, "mastodon.social").itemErrors, name).toEqual([]);
          figures.searchFiles++;
          figures.statuses += statuses.length;
        } else if (!Array.isArray(value)) {
          expect(() => parseMastodonTimeline(body, name), name).toThrow(ParseError);
          if (isObject(value) && typeof value.error === "string") figures.errorBodiesRejected++;
          else figures.otherRejected++;
        }
      } catch (error) {
        if (!(error instanceof ParseError) && !(error instanceof Error && error.name === "AssertionError")) figures.crashes++;
        throw error;
      }
    }
    expect(figures.crashes).toBe(0);
    // Only Status.01, statuses.05 (one status) and statuses.08 (a list) are valid JSON; the timeline examples are all elided.
    expect(figures.statusFiles).toBe(3);
    expect(figures.errorBodiesRejected).toBeGreaterThan(100);
    console.info(`mastodon corpus: ${valid.length} valid + ${invalid.length} invalid files; ${JSON.stringify(figures)}`);
  });

  it("keeps our fixtures to the documented Status and Account fields", () => {
    const example = JSON.parse(readFileSync(join(dir, "valid/entities/Status.01.example.json"), "utf8")) as Record<string, unknown>;
    const account = JSON.parse(readFileSync(join(dir, "valid/entities/Account.01.example.json"), "utf8")) as Record<string, unknown>;
    // Documented in entities/Status.md and Account.md but absent from these two examples.
    const statusKeys = new Set([...Object.keys(example), "filtered", "edited_at", "quotes_count"]);
    const accountKeys = new Set([...Object.keys(account), "uri", "discoverable", "group", "hide_collections", "noindex"]);
    let checked = 0;
    for (const file of listJson(fixtures).filter((f) => !f.endsWith(".meta.json") && !f.includes("truncated"))) {
      const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
      const statuses = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.statuses) ? value.statuses : [];
      for (const status of statuses as Record<string, unknown>[]) {
        expect(Object.keys(status).filter((k) => !statusKeys.has(k)), file).toEqual([]);
        if (isObject(status.account)) expect(Object.keys(status.account).filter((k) => !accountKeys.has(k)), file).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
