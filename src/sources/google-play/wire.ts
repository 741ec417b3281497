/**
 * Google Play's web client RPC ("batchexecute"), undocumented. Reference for the shapes:
 * JoMingyu/google-play-scraper and facundoolano/google-play-scraper (read, not copied).
 *
 * Request: POST `/_/PlayStoreUi/data/batchexecute?rpcids=UsvDTd&hl=<lang>[&gl=<country>]` with a
 * form body `f.req=<url-encoded JSON>`:
 *
 *     [[["UsvDTd", "<inner JSON as a string>", null, "generic"]]]
 *     inner: [null, null, [2, <sort>, [<count>, null, <token or null>], null, []], ["<appId>", 7]]
 *
 * Answer: the anti-XSSI prefix `)]}'`, a blank line, then either one JSON array of envelopes or,
 * with `rt=c`, length-prefixed chunks each holding one JSON array on its own line. The envelope
 * for our call is `["wrb.fr", "UsvDTd", "<payload JSON as a string>", null, null, <error>, "generic"]`;
 * `["di", n]` and `["af.httprm", …]` are timing/telemetry lines. The payload string escapes
 * `=`, `&`, `<`, `>` as \u003d, \u0026, \u003c, \u003e.
 */

/** Play's sort codes in the inner request (`[2, <sort>, …]`). */
export const GOOGLE_PLAY_SORT = { helpfulness: 1, newest: 2, rating: 3 } as const;

/** One line of the answer: `["wrb.fr", rpcId, payload | null, null, null, error | null, "generic"]`, or telemetry. */
export type GooglePlayEnvelope = readonly unknown[];

/** The UsvDTd payload after parsing its string: `[reviews | null, [null, nextToken] | null]`. */
export type GooglePlayReviewsPayload = readonly unknown[];

/**
 * One review tuple. Positions that earshot reads (the rest are rendering hints):
 * 0 id ("gp:AOqpTO…" on old reviews, a UUID on new ones) · 1 author `[name, avatar]` ·
 * 2 stars 1–5 · 4 text (null for a rating without words) · 5 `[epochSeconds, nanos]` (last edit) ·
 * 6 thumbs-up count · 7 developer reply `[null, text, [epochSeconds, nanos]]` · 10 app version.
 */
export type GooglePlayReview = readonly unknown[];

export const GOOGLE_PLAY_REVIEW = { id: 0, author: 1, score: 2, text: 4, at: 5, thumbsUp: 6, reply: 7, version: 10 } as const;
