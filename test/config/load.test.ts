import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/core/errors.js";

function writeConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "earshot-config-"));
  const file = join(dir, "earshot.yaml");
  writeFileSync(file, yaml);
  return file;
}

describe("loadConfig", () => {
  it("reads the documented minimum shape and resolves the database next to the file", () => {
    const file = writeConfig(`
database: ./data/earshot.db
timezone: Europe/Vilnius
sources:
  - name: shop-reviews-feed
    kind: rss
    url: https://example.com/feed.xml
    terms: [acme, "@acme"]
    schedule: "*/30 * * * *"
`);
    const config = loadConfig({ path: file });
    expect(config.database).toBe(join(file, "..", "data", "earshot.db"));
    expect(config.timezone).toBe("Europe/Vilnius");
    expect(config.sources).toEqual([
      {
        name: "shop-reviews-feed",
        kind: "rss",
        enabled: true,
        schedule: "*/30 * * * *",
        options: { url: "https://example.com/feed.xml", terms: ["acme", "@acme"] },
        path: `${file}: sources[0]`,
      },
    ]);
  });

  it("finds the file through EARSHOT_CONFIG when --config is not given", () => {
    const file = writeConfig("timezone: UTC\n");
    expect(loadConfig({ env: { EARSHOT_CONFIG: file }, cwd: "/" }).file).toBe(file);
  });

  it("names the missing file", () => {
    expect(() => loadConfig({ path: "/nonexistent/earshot.yaml" })).toThrow(/\/nonexistent\/earshot.yaml: file not found/);
  });

  it("names the YAML line of a syntax error", () => {
    const file = writeConfig("sources:\n  - name: a\n   kind: rss\n");
    expect(() => loadConfig({ path: file })).toThrow(/line \d+/);
  });

  it.each([
    // [case, yaml, the field path the message must name, the problem it must state]
    ["unknown top-level key", "databse: x.db\n", "(top level)", /databse/],
    ["bad time zone", "timezone: Mars/Olympus\n", "timezone", /IANA time zone/],
    ["source without kind", "sources:\n  - name: a\n", "sources[0].kind", /expected string/],
    ["bad cron", "sources:\n  - name: a\n    kind: rss\n    schedule: every hour\n", "sources[0].schedule", /cron expression/],
    ["negative timeout", "http:\n  timeoutMs: -1\n", "http.timeoutMs", /too small|>0/],
    ["terms not a list", "brand:\n  terms: acme\n", "brand.terms", /expected array/],
    // Response tracking: accounts are checked per platform, so a typo fails here and not silently in the digest.
    ["mastodon account without instance", "brand:\n  accounts:\n    mastodon: [\"@support\"]\n", "brand.accounts.mastodon[0]", /full Mastodon handle/],
    ["reddit account with spaces", "brand:\n  accounts:\n    reddit: [\"Nordvik Support\"]\n", "brand.accounts.reddit[0]", /Reddit username/],
    ["rss cannot show replies", "brand:\n  accounts:\n    rss: [\"x\"]\n", "brand.accounts", /"rss": no brand replies to measure there .*rss and file imports cannot show replies/],
    ["zero SLA", "responses:\n  slaHours: 0\n", "responses.slaHours", /too small|>0/],
    ["SLA override for an unknown channel", "responses:\n  channels:\n    tiktok: { slaHours: 4 }\n", "responses.channels", /tiktok|Invalid/],
    ["window not whole days", "responses:\n  windowDays: 1.5\n", "responses.windowDays", /int/],
    // A misspelt mode must not silently fall back to the default.
    ["unknown raw storage mode", "storage:\n  raw: zstd\n", "storage.raw", /keep.*compress.*drop/],
  ])("%s: names the field", (_case, yaml, field, problem) => {
    const file = writeConfig(yaml);
    const error = (() => {
      try {
        loadConfig({ path: file });
      } catch (e) {
        return e;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${file}: ${field}`);
    expect((error as ConfigError).message).toMatch(problem);
  });

  it("stores raw payloads compressed unless the config says keep or drop", () => {
    expect(parseConfig({}, null, "/").storage.raw).toBe("compress");
    expect(loadConfig({ path: writeConfig("storage:\n  raw: drop\n") }).storage.raw).toBe("drop");
  });

  it("reads brand accounts and response settings, with defaults for what is left out", () => {
    const file = writeConfig(`
brand:
  accounts:
    reddit: [u/nordvik_support]
    mastodon: ["@help@mastodon.social"]
    bluesky: [nordvik.bsky.social, "did:plc:abc123"]
responses:
  channels:
    app_store: { slaHours: 72 }
`);
    const config = loadConfig({ path: file });
    expect(config.brand.accounts).toEqual({ reddit: ["u/nordvik_support"], mastodon: ["@help@mastodon.social"], bluesky: ["nordvik.bsky.social", "did:plc:abc123"] });
    expect(config.responses).toMatchObject({ slaHours: 24, windowDays: 14, channels: { app_store: { slaHours: 72 } } });
    expect(parseConfig({}, null, "/").responses).toMatchObject({ slaHours: 24, windowDays: 14, channels: {} });
  });

  it("refuses two sources with the same name", () => {
    const raw = { sources: [{ name: "a", kind: "rss" }, { name: "a", kind: "rss" }] };
    expect(() => parseConfig(raw, "earshot.yaml", "/")).toThrow('earshot.yaml: sources[1].name: duplicate source name "a"');
  });
});
