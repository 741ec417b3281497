import type { ReplyDraft } from "./response.js";

/** Where a piece of feedback was written; matches TAXONOMY.md's labeled-data `channel`. */
export const CHANNELS = ["social", "review", "app_store", "forum", "survey", "support", "news"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * What a source produces for one item, before classification and storage.
 * Sources never call `new Date()`: times come from the payload or from `FetchContext.now`.
 */
export interface MentionDraft {
  /** Stable id within the source (guid, status id, review id). Unique per source row. */
  externalId: string;
  url?: string;
  /** Display handle or name as the platform gives it; pseudonymised before storage where configured. */
  author?: string;
  title?: string;
  /** Plain text (HTML already stripped). */
  text: string;
  /** ISO 639-1 code when the source states the language reliably (feed `<language>`, API field). */
  lang?: string;
  /** Star rating or survey score. */
  rating?: number;
  /** 5 for stars (default), 10 for 0–10 survey scores. */
  ratingScale?: number;
  publishedAt?: Date;
  channel: Channel;
  /** The brand term that made this item relevant, when the source filters by terms. */
  matchedTerm?: string;
  /** The item's original payload (JSON or XML text), kept for re-parsing and audits. */
  raw?: string;
  /** Replies carried inside the item (Google Play developer responses): see Source.replies. */
  replies?: ReplyDraft[];
  /**
   * The item this one answers, in the same form as `externalId` (Reddit parent fullname, Bluesky
   * parent at:// uri, HN parent item id): a brand account's reply seen in a scan is recorded as the
   * response of that stored mention, whatever its age.
   */
  inReplyTo?: string;
  /** The app version a store review was written against (App Store `im:version`, Google Play). */
  appVersion?: string;
}

/**
 * Where a source resumes. One JSON object per source row: HTTP validators, platform id cursors
 * and mid-pagination tokens. Scheduling state never goes in here.
 */
export interface Cursor {
  etag?: string;
  lastModified?: string;
  minId?: string;
  pageToken?: string;
  /** ISO timestamp: newest item time already seen. */
  since?: string;
  [key: string]: unknown;
}
