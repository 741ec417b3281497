import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { toSourceDeclarations } from "../../src/pipeline/declare-sources.js";
import { createSourceRegistry } from "../../src/sources/registry.js";

describe("examples/earshot.yaml", () => {
  it("is a valid config with one source of every kind", () => {
    const env = { BLUESKY_IDENTIFIER: "nordvik.example", BLUESKY_APP_PASSWORD: "placeholder" };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const config = loadConfig({ path: resolve(import.meta.dirname, "../../examples/earshot.yaml") });
      const registry = createSourceRegistry();
      const declarations = toSourceDeclarations(config, registry);
      expect(new Set(declarations.map((d) => d.kind))).toEqual(new Set(registry.keys()));
    } finally {
      process.env = saved;
    }
  });
});
