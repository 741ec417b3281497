import { UsageError } from "../core/errors.js";
import { appStore } from "./app-store/index.js";
import { bluesky } from "./bluesky/index.js";
import { file } from "./file/index.js";
import { googlePlay } from "./google-play/index.js";
import { hackernews } from "./hackernews/index.js";
import { mastodon } from "./mastodon/index.js";
import { reddit } from "./reddit/index.js";
import { reviewPage } from "./review-page/index.js";
import { rss } from "./rss/index.js";
import type { Source } from "./types.js";

// Each source validates its own config type; the registry only needs to hand it back.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySource = Source<any>;
export type SourceRegistry = ReadonlyMap<string, AnySource>;

/** Every built-in source kind, keyed by `kind` (= its folder name = its fixtures folder). */
export function createSourceRegistry(extra: AnySource[] = []): SourceRegistry {
  const all: AnySource[] = [rss, appStore, googlePlay, reddit, mastodon, bluesky, hackernews, reviewPage, file, ...extra];
  return new Map(all.map((source) => [source.kind, source]));
}

export function findSource(registry: SourceRegistry, kind: string): AnySource {
  const source = registry.get(kind);
  if (!source) throw new UsageError(`unknown source kind "${kind}" (known: ${[...registry.keys()].join(", ")})`);
  return source;
}
