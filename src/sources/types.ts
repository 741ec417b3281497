import type { Cursor, MentionDraft } from "../core/mention.js";
import type { ReplyDraft, ThreadRef } from "../core/response.js";
import type { HttpClient } from "../http/types.js";

export interface FetchContext {
  /** Already limited per host; refuses non-loopback hosts in tests and the demo. */
  http: HttpClient;
  /** Scan deadline and daemon shutdown. */
  signal: AbortSignal;
  /** Injected clock: sources never call `new Date()`. */
  now: () => Date;
  /**
   * Backfill (`earshot scan --since DATE`): walk history back to this date where the platform
   * allows it, instead of only what is new since the cursor. Sources that cannot go back say so
   * in `Page.notice`.
   */
  since?: Date;
}

/** One page of results, plus where to resume once this page is stored. */
export interface Page {
  mentions: MentionDraft[];
  cursor: Cursor;
  /** The server answered 304: a result, not an error. */
  notModified?: true;
  /** Item-level problems: the item was skipped, the page is still good. */
  itemErrors?: ItemError[];
  /** Server-advised minimum delay before the next check (feed <ttl>, Cache-Control max-age), ms. */
  minNextCheckMs?: number;
  /**
   * Something the user should know about this page that is not an error, e.g. "app-store: Apple
   * serves at most 10 pages (500 reviews); reviews older than 2026-03-02 are out of reach".
   */
  notice?: string;
}

/** A skipped item, recorded in scan_errors with a truncated raw snippet. */
export interface ItemError {
  item: string;
  message: string;
  raw?: string;
}

export interface Source<Config = unknown> {
  /** Stable id: used in config, DB rows, log lines and fixtures/<kind>/. */
  readonly kind: string;
  /** Validates user config; throws ConfigError naming the bad field. `path` prefixes field names. */
  parseConfig(raw: unknown, path: string): Config;
  /** Yields pages oldest-first so each committed page is a safe resume point. */
  pages(ctx: FetchContext, config: Config, cursor: Cursor | null): AsyncIterable<Page>;
  /**
   * How the platform shows the brand's replies (issue 13): `thread` — `fetchReplies` reads a
   * mention's thread; `payload` — replies come inside the items (`MentionDraft.replies`); absent
   * — the platform cannot show them (RSS, file imports) and the digest says "not measurable".
   */
  readonly replies?: "thread" | "payload";
  /**
   * Every reply under one stored mention, with its author, bounded by the source's own depth and
   * count limits. Throws HttpError like `pages` (a 429 postpones thread checks only).
   */
  fetchReplies?(ctx: FetchContext, config: Config, thread: ThreadRef): Promise<ReplyDraft[]>;
}
