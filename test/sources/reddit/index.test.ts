import { reddit, toListingUrl } from "../../../src/sources/reddit/index.js";
import { sourceContract } from "../contract.js";

/** Path + query of page 2 of the search walk: the replay server matches it exactly. */
const config = reddit.parseConfig({ baseUrl: "http://127.0.0.1", terms: ["Nordvik"] }, "test");
const page2 = toListingUrl(config, "search", "t3_1h2gkz2");

sourceContract(reddit, {
  routes: {
    "/search.json": { fixture: "reddit/search-page-1" },
    [`${page2.pathname}${page2.search}`]: { fixture: "reddit/search-page-2" },
  },
  config: (replay) => ({ baseUrl: replay.origin, terms: ["Nordvik"] }),
  // 8 posts: one matched Reddit search without naming the brand (filtered out); the removed post keeps its title.
  expectedMentions: 7,
  malformed: { routes: { "/search.json": { fixture: "reddit/truncated-listing" } } },
  nothingNew: {
    routes: { "/search.json": { fixture: "reddit/search-page-1" } },
    cursor: { since: "2026-11-23T06:40:12.000Z", feeds: { 'search?q="Nordvik"': { since: "2026-11-23T06:40:12.000Z", ids: ["t3_1h2kx7c"] } } },
  },
  replies: {
    routes: { "/comments/1h2kx7c.json": { fixture: "reddit/thread-answered" } },
    thread: { externalId: "t3_1h2kx7c", url: null, raw: null },
    // Four comments; the `more` stub is not followed; "[deleted]" has no author to credit.
    expectedReplies: 4,
    authors: ["andrius_lt", "Nordvik_Support", "ruta_k_vilnius"],
    malformed: { "/comments/1h2kx7c.json": { fixture: "reddit/truncated-listing" } },
  },
});
