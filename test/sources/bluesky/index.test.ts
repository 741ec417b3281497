import { bluesky } from "../../../src/sources/bluesky/index.js";
import { sourceContract } from "../contract.js";

// The contract scans with an access JWT from the environment; its value is a test stand-in.
const JWT_ENV = "EARSHOT_CONTRACT_BLUESKY_JWT";
process.env[JWT_ENV] = "contract-access-jwt";

const SEARCH = "/xrpc/app.bsky.feed.searchPosts";
const page2 = `${SEARCH}?${new URLSearchParams({ q: '"Nordvik"', sort: "latest", limit: "100", cursor: "5" }).toString()}`;

sourceContract(bluesky, {
  routes: {
    [SEARCH]: { fixture: "bluesky/search-nordvik-1" },
    [page2]: { fixture: "bluesky/search-nordvik-2" },
  },
  config: (replay) => ({ service: replay.origin, terms: ["Nordvik"], accessJwtEnv: JWT_ENV }),
  // 8 posts; "Nordvikshamnen" (a Swedish harbour) is not the brand.
  expectedMentions: 7,
  malformed: { routes: { [SEARCH]: { fixture: "bluesky/truncated-search" } } },
  nothingNew: {
    routes: { [SEARCH]: { fixture: "bluesky/empty-search" } },
    cursor: { since: "2026-11-23T07:48:19.532Z", queries: { '"Nordvik"': { since: "2026-11-23T07:48:19.532Z", uris: [] } } },
  },
  replies: {
    routes: { "/xrpc/app.bsky.feed.getPostThread": { fixture: "bluesky/thread-answered" } },
    thread: { externalId: "at://did:plc:uuqpslmpgfwp375rzcahljhh/app.bsky.feed.post/3n2xnco4pb22w", url: null, raw: null },
    // A customer, a deleted reply (no author: left out), a blocked one (DID only), the brand, and the poster below it.
    expectedReplies: 4,
    authors: ["mantas.bsky.social", "nordvik.example", "laura-vil.bsky.social"],
    malformed: { "/xrpc/app.bsky.feed.getPostThread": { fixture: "bluesky/truncated-search" } },
  },
});
