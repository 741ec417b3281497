/**
 * Apple's customer-reviews feed as JSON: `/{cc}/rss/customerreviews/page=N/id=ID/sortby=mostrecent/json`.
 * It is the RSS generator's XML mapped mechanically to JSON, so every value is wrapped as
 * `{"label": …}` (strings only, ratings and counts included) and attributes sit under
 * `attributes`. Fields are `unknown` where the payload is untrusted: parse.ts checks each type.
 * Shape reference: ../shared/corpora/appstore-customerreviews-json/.
 */

/** `{"label": "4"}`; `attributes` carries XML attributes (`content.attributes.type`, `link.attributes.href`). */
export interface AppStoreLabel {
  label?: unknown;
  attributes?: Record<string, unknown>;
}

/** One `entry`: a review, or (older feeds, first entry only) the app's own metadata. */
export interface AppStoreEntry {
  id?: AppStoreLabel;
  author?: { name?: AppStoreLabel; uri?: AppStoreLabel; label?: unknown };
  updated?: AppStoreLabel;
  title?: AppStoreLabel;
  /** An object; the XML feed has text and html variants, and a few JSON renderings keep both as a list. */
  content?: AppStoreLabel | AppStoreLabel[];
  "im:rating"?: AppStoreLabel;
  "im:version"?: AppStoreLabel;
  "im:voteSum"?: AppStoreLabel;
  "im:voteCount"?: AppStoreLabel;
  /** Present only on the app-metadata entry that older feeds put first. */
  "im:name"?: AppStoreLabel;
  link?: AppStoreLabel | AppStoreLabel[];
}

export interface AppStoreFeed {
  /** An array of entries, a single object when the page has exactly one, absent when it has none. */
  entry?: AppStoreEntry | AppStoreEntry[];
  updated?: AppStoreLabel;
  /** first/last/previous/next/self/alternate; `last` points at page 10 whatever the review count. */
  link?: AppStoreLabel | AppStoreLabel[];
  id?: AppStoreLabel;
}

export interface AppStoreDocument {
  feed?: AppStoreFeed;
}
