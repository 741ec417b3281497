/**
 * Preset dictionaries for compressing item payloads (raw-payload.ts). A payload is a few hundred
 * bytes of one platform's wire format: most of it is the same tags and keys every time, which a
 * compressor without a dictionary has to spell out again in every row. These strings hold those
 * tags and keys (from the platforms' documented formats and the recorded fixtures' shapes, see
 * src/sources/<kind>/wire.ts); a deflate stream primed with them refers back to them instead.
 *
 * Stored payloads name their dictionary by its index here: **append only**. Changing or
 * removing an entry would make older rows decompress to something else. Index 0 is "none".
 * Deflate prefers recent bytes, so the most common strings come last.
 */
const XML_FEEDS = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:</id><title type="text"></title><link rel="alternate" type="text/html" href="https://"/>',
  '<published></published><updated></updated><author><name>[author]</name><uri></uri></author><category term=""/><summary type="html"></summary>',
  '<content type="html">&lt;p&gt;&lt;/p&gt;&lt;br /&gt;</content></entry>',
  '<div itemscope itemtype="https://schema.org/Review"><span itemprop="author">[author]</span><meta itemprop="datePublished" content=""/>',
  '<div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><meta itemprop="ratingValue" content=""/><meta itemprop="bestRating" content="5"/></div>',
  '<p itemprop="reviewBody"></p></div>',
  '<content:encoded><![CDATA[<p></p>]]></content:encoded><comments></comments><category><![CDATA[]]></category><enclosure url="" type=""/>',
  "&amp; &quot; &#39; &lt; &gt; https://www. ",
  " +0000 GMT 00:00:00 Jan 2026 Feb 2026 Mar 2026 Apr 2026 May 2026 Jun 2026 Jul 2026 Aug 2026 Sep 2026 Oct 2026 Nov 2026 Dec 2026 ",
  "<pubDate>Mon, Tue, Wed, Thu, Fri, Sat, Sun, </pubDate>",
  '<item>\n<title></title>\n<link></link>\n<guid isPermaLink="false"></guid>\n<pubDate></pubDate>\n<dc:creator>[author]</dc:creator>\n<description></description>\n</item>',
  '<item><guid isPermaLink="false"></guid><link></link><dc:creator>[author]</dc:creator><pubDate></pubDate><title></title><description></description></item>',
].join("");

const JSON_APIS = [
  // Reddit listings (t1 comments, t3 posts)
  '{"kind":"t3","data":{"approved_at_utc":null,"subreddit":"","selftext":"","author_fullname":"[author]","saved":false,"mod_reason_title":null,"gilded":0,"clicked":false,',
  '"title":"","link_flair_richtext":[],"subreddit_name_prefixed":"r/","hidden":false,"pwls":6,"link_flair_css_class":null,"downs":0,"thumbnail_height":null,"top_awarded_type":null,',
  '"hide_score":false,"name":"t3_","quarantine":false,"link_flair_text_color":"dark","upvote_ratio":1.0,"author_flair_background_color":null,"subreddit_type":"public","ups":1,',
  '"total_awards_received":0,"media_embed":{},"thumbnail_width":null,"author_flair_template_id":null,"is_original_content":false,"user_reports":[],"secure_media":null,',
  '"is_reddit_media_domain":false,"is_meta":false,"category":null,"secure_media_embed":{},"link_flair_text":null,"can_mod_post":false,"score":1,"approved_by":null,',
  '"is_created_from_ads_ui":false,"author_premium":false,"thumbnail":"self","edited":false,"author_flair_css_class":null,"author_flair_richtext":[],"gildings":{},',
  '"content_categories":null,"is_self":true,"mod_note":null,"created":,"link_flair_type":"text","wls":6,"removed_by_category":null,"banned_by":null,"author_flair_type":"text",',
  '"domain":"self.","allow_live_comments":false,"selftext_html":"&lt;!-- SC_OFF --&gt;&lt;div class=\\"md\\"&gt;&lt;p&gt;&lt;/p&gt;\\n&lt;/div&gt;&lt;!-- SC_ON --&gt;","likes":null,',
  '"suggested_sort":null,"banned_at_utc":null,"view_count":null,"archived":false,"no_follow":false,"is_crosspostable":false,"pinned":false,"over_18":false,"all_awardings":[],',
  '"awarders":[],"media_only":false,"can_gild":false,"spoiler":false,"locked":false,"author_flair_text":null,"treatment_tags":[],"visited":false,"removed_by":null,"num_reports":null,',
  '"distinguished":null,"subreddit_id":"t5_","author_is_blocked":false,"mod_reason_by":null,"removal_reason":null,"link_flair_background_color":"","id":"","is_robot_indexable":true,',
  '"report_reasons":null,"author":"[author]","discussion_type":null,"num_comments":0,"send_replies":true,"contest_mode":false,"mod_reports":[],"author_patreon_flair":false,',
  '"author_flair_text_color":null,"permalink":"/r//comments//","stickied":false,"url":"https://www.reddit.com/r//comments//","subreddit_subscribers":,"created_utc":,"num_crossposts":0,"media":null,"is_video":false}}',
  '{"kind":"t1","data":{"body":"","body_html":"","link_id":"t3_","parent_id":"t1_","replies":"","depth":0,"is_submitter":false,"collapsed":false}}',
  // Mastodon statuses
  '{"id":"","created_at":"T00:00:00.000Z","in_reply_to_id":null,"in_reply_to_account_id":null,"sensitive":false,"spoiler_text":"","visibility":"public","language":"en",',
  '"uri":"https://","url":"https://","replies_count":0,"reblogs_count":0,"favourites_count":0,"quotes_count":0,"edited_at":null,',
  '"content":"<p><br /><a href=\\"https://\\" class=\\"mention hashtag\\" rel=\\"tag\\">#<span></span></a></p>","reblog":null,"application":null,"account":"[author]",',
  '"media_attachments":[],"mentions":[],"tags":[{"name":"","url":"https://"}],"emojis":[],"quote":null,"card":null,"poll":null,"filtered":[]}',
  // Bluesky posts
  '{"uri":"at://did:plc:/app.bsky.feed.post/","cid":"bafyrei","author":"[author]","record":{"$type":"app.bsky.feed.post","createdAt":"T00:00:00.000Z","langs":["en"],',
  '"reply":{"parent":{"cid":"bafyrei","uri":"at://did:plc:/app.bsky.feed.post/"},"root":{"cid":"bafyrei","uri":"at://did:plc:/app.bsky.feed.post/"}},"text":""},',
  '"bookmarkCount":0,"replyCount":0,"repostCount":0,"likeCount":0,"quoteCount":0,"indexedAt":"T00:00:00.000Z","labels":[]}',
  // Hacker News (Algolia)
  '{"_tags":["story","comment","author_[author]","story_"],"author":"[author]","children":[],"created_at":"T00:00:00Z","created_at_i":,"num_comments":0,"objectID":"",',
  '"points":1,"story_id":,"parent_id":,"story_text":null,"comment_text":"","title":"","updated_at":"T00:00:00Z","url":"https://"}',
  // App Store customer reviews, Google Play
  '{"author":"[author]","updated":{"label":"T00:00:00-07:00"},"im:rating":{"label":""},"im:version":{"label":""},"id":{"label":""},"title":{"label":""},',
  '"content":{"label":"","attributes":{"type":"text"}},"link":{"attributes":{"rel":"related","href":"https://itunes.apple.com/"}},"im:voteSum":{"label":"0"},',
  '"im:contentType":{"attributes":{"term":"Application","label":""}},"im:voteCount":{"label":"0"}}',
  '["",["[author]",[null,2,null,[null,null,"https://play-lh.googleusercontent.com/a/"]]],5,null,"",[,0],0,[null,"",[,0]],null,null,"",null,null]',
  // schema.org reviews (JSON-LD), JSON Feed, helpdesk and survey exports
  '{"@context":"https://schema.org","@type":"Review","itemReviewed":{"@type":"Product","name":""},"author":"[author]","datePublished":"T00:00:00+02:00","inLanguage":"",',
  '"reviewBody":"","reviewRating":{"@type":"Rating","ratingValue":5,"bestRating":5,"worstRating":1}}',
  '{"id":"","url":"https://","title":"","content_text":"","content_html":"","date_published":"T00:00:00Z","authors":[{"name":"[author]"}]}',
  '{"ticket_id":"","created_at":"T00:00:00Z","channel":"","customer":{"name":"[author]","email":"[email]"},"subject":"","body":"","language":"","csat":3}',
  '{"respondent_id":"","submitted_at":"","nps_score":"","comment":"","language":""}',
  '":null,":false,":true,":0,":"","2026-',
].join("");

/** Append only: a stored payload names its dictionary by index. 0 is no dictionary. */
export const RAW_DICTIONARIES: readonly (Buffer | undefined)[] = [undefined, Buffer.from(XML_FEEDS, "utf8"), Buffer.from(JSON_APIS, "utf8")];

/** The dictionary for a payload: by its first character, XML/HTML or JSON; 0 when neither. */
export function toRawDictionaryId(payload: string): number {
  const first = /\S/u.exec(payload)?.[0];
  if (first === "<") return 1;
  if (first === "{" || first === "[") return 2;
  return 0;
}
