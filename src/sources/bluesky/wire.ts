/**
 * AT Protocol / Bluesky XRPC shapes as the lexicons define them (bluesky-social/atproto
 * `lexicons/`; copies and recorded responses in ../shared/corpora/bluesky-atproto-fixtures).
 * Only the fields earshot reads are typed; responses carry more (`$type` on embeds, `viewer`,
 * `labels`, blob refs), and lexicons evolve by adding optional fields.
 */

/** Output of `app.bsky.feed.searchPosts` (lexicons/app.bsky.feed.searchPosts.json). */
export interface BlueskySearchPostsOutput {
  /** Opaque; absent on the last page. "may not necessarily allow scrolling through entire result set". */
  cursor?: string;
  /** Count of hits; "may be rounded/truncated". */
  hitsTotal?: number;
  posts: BlueskyPostView[];
}

/** `app.bsky.feed.defs#postView`: required uri, cid, author, record, indexedAt. */
export interface BlueskyPostView {
  /** `at://{did}/app.bsky.feed.post/{rkey}`: the post's global id. */
  uri: string;
  cid: string;
  author: BlueskyProfileViewBasic;
  /** The record as written by the author's client; `app.bsky.feed.post` for posts. Typed `unknown` in the lexicon. */
  record: unknown;
  /** When the AppView indexed the post (ISO datetime). */
  indexedAt: string;
  replyCount?: number;
  repostCount?: number;
  likeCount?: number;
  quoteCount?: number;
}

/** `app.bsky.actor.defs#profileViewBasic`: required did, handle. */
export interface BlueskyProfileViewBasic {
  did: string;
  /** "handle.invalid" when the handle no longer resolves to the DID. */
  handle: string;
  displayName?: string;
}

/** `app.bsky.feed.post` record: required text (may be "" when there are embeds), createdAt. */
export interface BlueskyPostRecord {
  $type?: "app.bsky.feed.post";
  text: string;
  /** Client-declared; may be backdated or in the future. */
  createdAt: string;
  /** BCP-47 tags, at most 3, as the author's client set them. */
  langs?: string[];
}

/** Output of `com.atproto.server.createSession` (the fields earshot uses). */
export interface BlueskySession {
  did: string;
  handle: string;
  /** Short-lived bearer token for XRPC calls. Never stored. */
  accessJwt: string;
  refreshJwt: string;
  active?: boolean;
}

/** XRPC error body: `{"error": "ExpiredToken", "message": "Token has expired"}`. */
export interface BlueskyXrpcError {
  error: string;
  message?: string;
}
