/**
 * Hacker News search API by Algolia, https://hn.algolia.com/api (`/api/v1/search_by_date`).
 * Fields are `unknown` where the payload is untrusted: parse.ts checks each type.
 * Shape reference: ../shared/corpora/hn-algolia-samples/ (older key order; the live API now
 * sorts keys alphabetically and adds `updated_at`/`children`, which earshot ignores).
 */

/** One hit: a story or a comment (`_tags[0]`). */
export interface HnSearchHit {
  /** The HN item id as a string ("32167219"). */
  objectID?: unknown;
  /** Epoch seconds. */
  created_at_i?: unknown;
  /** ISO 8601, same instant as `created_at_i`. */
  created_at?: unknown;
  author?: unknown;
  /** Story title; null on comments. */
  title?: unknown;
  /** Story link; null on comments, "" on Ask/Show HN text posts. */
  url?: unknown;
  /** HTML body of a text story (Ask HN); null otherwise. */
  story_text?: unknown;
  /** HTML body of a comment (`<p>` separators, `&#x27;` entities, `<a>` links). */
  comment_text?: unknown;
  /** On comments: the story the thread belongs to. */
  story_id?: unknown;
  story_title?: unknown;
  story_url?: unknown;
  parent_id?: unknown;
  points?: unknown;
  num_comments?: unknown;
  /** `["comment", "author_x", "story_123"]`, `["story", "author_x", "story_123", "ask_hn"]`. */
  _tags?: unknown;
  /** Highlighting with `<em>` markup: display sugar, never used as text. */
  _highlightResult?: unknown;
}

export interface HnSearchResponse {
  hits?: unknown;
  /** Hits matching the query and filters, even beyond the 1,000 that paging can reach. */
  nbHits?: unknown;
  /** 0-based. */
  page?: unknown;
  /** Pages reachable: at most 1,000 / hitsPerPage (Algolia's paginationLimitedTo). */
  nbPages?: unknown;
  hitsPerPage?: unknown;
  exhaustiveNbHits?: unknown;
  query?: unknown;
  params?: unknown;
  processingTimeMS?: unknown;
}
