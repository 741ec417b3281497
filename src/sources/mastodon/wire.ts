/**
 * Mastodon REST API entities as documented in mastodon/documentation `content/en/entities/`
 * (examples in ../shared/corpora/mastodon-api-examples). Only the fields earshot reads are typed;
 * ids are strings ("cast from an integer, but not guaranteed to be a number") and are unique per
 * instance only: the same post has a different id on every server that knows it, while `uri` is
 * its global ActivityPub id.
 */

/** `Status` entity (entities/Status.md). */
export interface MastodonStatus {
  /** Instance-local id; Mastodon's are snowflake-like and sort by time, other servers' may not be numeric. */
  id: string;
  /** ActivityPub id, the same on every instance. */
  uri: string;
  /** HTML page of the post on its origin server; null for some remote posts. */
  url: string | null;
  /** ISO 8601 datetime. */
  created_at: string;
  /** HTML, sanitised by the server ("<p>…</p>", hashtag and mention links, "invisible" URL spans). */
  content: string;
  /** Content warning; "" when none. */
  spoiler_text: string;
  /** ISO 639-1 code, or null when the author's client did not set one. */
  language: string | null;
  visibility: "public" | "unlisted" | "private" | "direct";
  account: MastodonAccount;
  /** The boosted status when this one is a boost; then `content` is "". */
  reblog: MastodonStatus | null;
  tags: MastodonTag[];
  edited_at?: string | null;
}

/** `Account` entity (entities/Account.md). */
export interface MastodonAccount {
  id: string;
  username: string;
  /** "user" for local accounts, "user@domain" for remote ones. */
  acct: string;
  display_name: string;
  url: string;
}

/** `Status.tags[]`: a hashtag used in the status, name without "#". */
export interface MastodonTag {
  name: string;
  url: string;
}

/** `Search` entity, the body of GET /api/v2/search (entities/Search.md). */
export interface MastodonSearchResults {
  accounts: MastodonAccount[];
  statuses: MastodonStatus[];
  hashtags: unknown[];
}

/** `Error` entity: the body of 4xx/5xx answers, occasionally served with 200 by proxies. */
export interface MastodonError {
  error: string;
  error_description?: string;
}
