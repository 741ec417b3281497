/**
 * Reddit's JSON API as `.json` listing endpoints return it (reddit-archive/reddit wiki "JSON";
 * real bodies in ../shared/corpora/reddit-praw-cassettes). Every object is a "thing"
 * `{kind, data}`; `kind` is `Listing` or a type prefix: `t1` comment, `t3` link (post), `t5`
 * subreddit, `more` (an elided comment-tree stub). Only the fields earshot reads are typed;
 * Reddit sends ~100 more per thing.
 */

export interface RedditThing<Kind extends string = string, Data = unknown> {
  kind: Kind;
  data: Data;
}

/** A page of things, newest first for `sort=new`, `/new` and `/comments`. */
export interface RedditListing {
  kind: "Listing";
  data: {
    /** Fullname of the last child: pass as `after` for the next (older) page; null at the end. */
    after: string | null;
    before: string | null;
    children: RedditThing[];
    /** Children count (newer responses only). */
    dist?: number | null;
    modhash?: string | null;
    geo_filter?: string | null;
  };
}

/** Fields shared by posts (`t3`) and comments (`t1`). */
interface RedditCreated {
  /** Base-36 id without prefix, e.g. "1gx0k2a". */
  id: string;
  /** Fullname: kind prefix + id, e.g. "t3_1gx0k2a". Stable for the thing's life. */
  name: string;
  /** Username, or "[deleted]" once the account is gone. */
  author: string;
  subreddit: string;
  /** Seconds since the epoch, UTC, as a float ("1732350000.0"). */
  created_utc: number;
  /** `false`, or the edit time in epoch seconds. */
  edited: false | number;
  /** Site-relative path; comments only carry it in newer responses. */
  permalink?: string;
}

/** `t3`: a post. `selftext` is Markdown ("" for link posts, "[removed]"/"[deleted]" when gone). */
export interface RedditLink extends RedditCreated {
  title: string;
  selftext: string;
  /** Target URL for link posts, the permalink for self posts. */
  url?: string;
  is_self?: boolean;
  over_18?: boolean;
}

/** `t1`: a comment. `body` is Markdown, "[deleted]" or "[removed]" when gone. */
export interface RedditComment extends RedditCreated {
  body: string;
  /** Fullname of the post the comment belongs to ("t3_…"). */
  link_id: string;
  /** Fullname of the parent comment or post. */
  parent_id: string;
  /** Title of the post, present on `/comments` listings. */
  link_title?: string;
}
