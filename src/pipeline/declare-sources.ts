import type { Config, SourceEntry } from "../config/load.js";
import { ConfigError } from "../core/errors.js";
import type { SourceRegistry } from "../sources/registry.js";
import type { SourceDeclaration } from "../store/types.js";

/**
 * Checks every configured source against its kind's parseConfig (so a typo fails at start-up,
 * naming the file and field) and turns them into store declarations. Sources without their own
 * `terms` inherit the config's `brand.terms`.
 */
export function toSourceDeclarations(config: Config, registry: SourceRegistry): SourceDeclaration[] {
  return config.sources.map((entry) => toDeclaration(entry, config, registry));
}

function toDeclaration(entry: SourceEntry, config: Config, registry: SourceRegistry): SourceDeclaration {
  const source = registry.get(entry.kind);
  if (!source) throw new ConfigError(`${entry.path}.kind`, `unknown source kind "${entry.kind}" (known: ${[...registry.keys()].join(", ")})`);
  const options = { ...entry.options };
  if (options.terms === undefined && config.brand.terms.length > 0) options.terms = config.brand.terms;
  source.parseConfig(options, entry.path);
  return {
    name: entry.name,
    kind: entry.kind,
    config: options,
    enabled: entry.enabled,
    ...(entry.schedule ? { schedule: entry.schedule } : {}),
  };
}
