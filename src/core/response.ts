/**
 * Brand responses (issue 13): what a source reports about the replies under a mention, before
 * the pipeline decides which are the brand's (brand.accounts), redacts them and stores them.
 * Sources never decide who the brand is: they report every reply with its author.
 */

/** One reply found in a thread or in a review payload. */
export interface ReplyDraft {
  /** The platform's id of the reply (comment fullname, status uri, post uri, item id). */
  externalId: string;
  /**
   * The author as brand.accounts names them on this platform: reddit username, mastodon
   * `user@instance` (always with the instance), bluesky handle, HN username. Absent when the
   * platform hides it (deleted replies) or when `byOwner` says who it is.
   */
  author?: string;
  /** Other names of the same author that brand.accounts may use (a Bluesky DID beside the handle). */
  authorIds?: string[];
  /**
   * The platform itself states the reply is the owner's (Google Play developer response, a review
   * page's owner response): `ownerName` when the payload names the owner.
   */
  byOwner?: { ownerName?: string };
  /** Plain text; "" for a deleted or hidden reply. */
  text: string;
  url?: string;
  publishedAt: Date;
  /** The reply is deleted or hidden, but the platform still shows that it was made and when. */
  deleted?: boolean;
}

/** A stored mention whose replies a source should fetch. */
export interface ThreadRef {
  externalId: string;
  url: string | null;
  /** The stored (scrubbed) item payload: platform ids a source may need beside the external id. */
  raw: string | null;
}
