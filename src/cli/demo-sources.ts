import type { ReplayRoutes } from "../replay/server.js";

/** One bundled demo source: the recorded routes it needs and its config against the replay origin. */
export interface DemoSource {
  name: string;
  kind: string;
  routes: ReplayRoutes;
  config(origin: string): Record<string, unknown>;
}

/** Thread routes for brand response tracking: the recorded answered thread, the rest unanswered. */
const threads = (answered: Record<string, string>, unanswered: readonly string[], fixture: string): ReplayRoutes =>
  Object.fromEntries([...Object.entries(answered).map(([path, f]) => [path, { fixture: f }]), ...unanswered.map((path) => [path, { fixture }])]);

const appReviews = (page: number) => `/lt/rss/customerreviews/page=${page}/id=6447712345/sortby=mostrecent/json`;

/**
 * Recorded payloads in each platform's wire format (fixtures/<kind>/, described in
 * fixtures/README.md), all about the invented brand "Nordvik". Every kind earshot supports is
 * here, so the demo exercises every parser through the real HTTP client.
 */
export const demoSources: DemoSource[] = [
  { name: "lt-reviews", kind: "rss", routes: { "/lt/nordvik/atsiliepimai.xml": { fixture: "rss/demo-lt-windows-1257" } }, config: (o) => ({ url: `${o}/lt/nordvik/atsiliepimai.xml` }) },
  { name: "ru-reviews", kind: "rss", routes: { "/ru/nordvik/otzyvy.xml": { fixture: "rss/demo-ru-windows-1251" } }, config: (o) => ({ url: `${o}/ru/nordvik/otzyvy.xml` }) },
  { name: "fi-reviews", kind: "rss", routes: { "/fi/nordvik/arvostelut.atom": { fixture: "rss/demo-fi-atom" } }, config: (o) => ({ url: `${o}/fi/nordvik/arvostelut.atom` }) },
  { name: "en-reviews", kind: "rss", routes: { "/en/nordvik/reviews.json": { fixture: "rss/demo-en-json-feed" } }, config: (o) => ({ url: `${o}/en/nordvik/reviews.json` }) },
  {
    name: "ios-app-lt",
    kind: "app-store",
    routes: { [appReviews(1)]: { fixture: "app-store/lt-page1" }, [appReviews(2)]: { fixture: "app-store/lt-page2" }, [appReviews(3)]: { fixture: "app-store/lt-empty" } },
    config: (o) => ({ appId: "6447712345", countries: ["lt"], baseUrl: o }),
  },
  {
    name: "android-app-lt",
    kind: "google-play",
    routes: { "/_/PlayStoreUi/data/batchexecute": { fixture: "google-play/lt-newest" } },
    config: (o) => ({ appId: "lt.nordvik.shop", languages: ["lt"], baseUrl: o }),
  },
  {
    name: "reddit",
    kind: "reddit",
    routes: {
      "/search.json": { fixture: "reddit/search-page-1" },
      "/search.json?q=%22Nordvik%22&sort=new&t=all&type=link&limit=100&raw_json=1&after=t3_1h2gkz2": { fixture: "reddit/search-page-2" },
      ...threads({ "/comments/1h2kx7c.json": "reddit/thread-answered", "/comments/1h2jq0d.json": "reddit/thread-answered-fi" }, ["1h2ig4w", "1h2hd1x", "1h2gkz2", "1h2f3a8", "1h2e7pn", "1h2dl2v"].map((id) => `/comments/${id}.json`), "reddit/thread-unanswered"),
    },
    config: (o) => ({ terms: ["Nordvik"], baseUrl: o }),
  },
  {
    name: "mastodon",
    kind: "mastodon",
    routes: {
      "/api/v1/timelines/tag/nordvik": { fixture: "mastodon/tag-nordvik" },
      "/api/v1/timelines/tag/nordvik?limit=40&max_id=117653375614976097": { fixture: "mastodon/empty-timeline" },
      "/api/v1/timelines/tag/nordvik?limit=40&min_id=117664510771200485": { fixture: "mastodon/empty-timeline" },
      ...threads(
        { "/api/v1/statuses/117664510771200485/context": "mastodon/context-answered", "/api/v1/statuses/117661787947008388/context": "mastodon/context-answered-fi" },
        ["117659294433280291", "117655379116032194", "117653375614976097"].map((id) => `/api/v1/statuses/${id}/context`),
        "mastodon/context-empty",
      ),
    },
    config: (o) => ({ instance: o, terms: ["Nordvik"] }),
  },
  {
    name: "bluesky",
    kind: "bluesky",
    routes: {
      "/xrpc/app.bsky.feed.searchPosts": { fixture: "bluesky/search-nordvik-1" },
      "/xrpc/app.bsky.feed.searchPosts?q=%22Nordvik%22&sort=latest&limit=100&cursor=5": { fixture: "bluesky/search-nordvik-2" },
      "/xrpc/com.atproto.server.createSession": { fixture: "bluesky/session" },
      // Laura's post got the brand's answer; every other thread has no replies.
      [`/xrpc/app.bsky.feed.getPostThread?${new URLSearchParams({ uri: "at://did:plc:uuqpslmpgfwp375rzcahljhh/app.bsky.feed.post/3n2xnco4pb22w", depth: "6", parentHeight: "0" }).toString()}`]: { fixture: "bluesky/thread-answered" },
      "/xrpc/app.bsky.feed.getPostThread": { fixture: "bluesky/thread-no-replies" },
    },
    // The replay server accepts any credentials; the demo supplies placeholders (see demo.ts).
    config: (o) => ({ service: o, terms: ["Nordvik"], identifierEnv: "EARSHOT_DEMO_BLUESKY_ID", passwordEnv: "EARSHOT_DEMO_BLUESKY_PASSWORD" }),
  },
  {
    name: "hackernews",
    kind: "hackernews",
    routes: {
      "/api/v1/search_by_date": { fixture: "hackernews/newest-nordvik" },
      ...threads({ "/api/v1/items/46010001": "hackernews/item-answered" }, ["46012247", "46012101", "46011870", "46011502", "46004455"].map((id) => `/api/v1/items/${id}`), "hackernews/item-unanswered"),
    },
    config: (o) => ({ terms: ["Nordvik"], baseUrl: o }),
  },
  {
    name: "product-page",
    kind: "review-page",
    routes: {
      "/robots.txt": { fixture: "review-page/robots" },
      "/p/nordvik-x200-headphones": { fixture: "review-page/product-x200-page1" },
      "/p/nordvik-x200-headphones?page=2": { fixture: "review-page/product-x200-page2" },
    },
    config: (o) => ({ url: `${o}/p/nordvik-x200-headphones` }),
  },
  {
    // Nine weeks of helpdesk tickets: the baseline the digest's themes compare this week against.
    name: "helpdesk",
    kind: "file",
    routes: { "/exports/helpdesk-history.jsonl": { fixture: "file/helpdesk-history" } },
    config: (o) => ({
      url: `${o}/exports/helpdesk-history.jsonl`,
      channel: "support",
      columns: { id: "ticket_id", text: "body", title: "subject", author: "customer.email", date: "created_at", rating: "csat", lang: "language", channel: "channel" },
    }),
  },
  {
    name: "nps-survey",
    kind: "file",
    routes: { "/exports/nps-survey-lt.csv": { fixture: "file/nps-survey-lt" } },
    config: (o) => ({ url: `${o}/exports/nps-survey-lt.csv`, ratingScale: 10, columns: { id: "respondent_id", text: "comment", date: "submitted_at", rating: "nps_score", lang: "language" } }),
  },
];

/** Placeholder credentials for the demo's Bluesky login against the replay server. */
export const demoEnvironment: Record<string, string> = {
  EARSHOT_DEMO_BLUESKY_ID: "demo.example",
  EARSHOT_DEMO_BLUESKY_PASSWORD: "demo-app-password",
};

/**
 * The invented brand's own accounts in the recordings (fixtures/README.md, brand reply threads):
 * replies by them count as answers; look-alikes (nordvik_fan, nordvik@impostor.example) do not.
 */
export const demoBrandAccounts = {
  reddit: ["u/Nordvik_Support"],
  mastodon: ["@nordvik@mastodon.example"],
  hackernews: ["nordvik_cx"],
  bluesky: ["nordvik.example"],
  "google-play": ["Nordvik UAB"],
};

/**
 * The recordings end on 2026-11-23; thread checks judge them as of the next morning, so the
 * 14-day response window holds them however long after the recording the demo runs.
 */
export const DEMO_RECORDED_AT = new Date("2026-11-24T08:00:00Z");
