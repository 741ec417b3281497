import { mastodon } from "../../../src/sources/mastodon/index.js";
import { sourceContract } from "../contract.js";

const TAG = "/api/v1/timelines/tag/nordvik";
/** Oldest and newest status ids of fixtures/mastodon/tag-nordvik.json. */
const OLDEST = "117653375614976097";
const NEWEST = "117664510771200485";

sourceContract(mastodon, {
  routes: {
    [TAG]: { fixture: "mastodon/tag-nordvik" },
    // Walking back past the oldest status: the timeline ends.
    [`${TAG}?limit=40&max_id=${OLDEST}`]: { fixture: "mastodon/empty-timeline" },
    // Resuming forward from the newest: nothing new.
    [`${TAG}?limit=40&min_id=${NEWEST}`]: { fixture: "mastodon/empty-timeline" },
  },
  config: (replay) => ({ instance: replay.origin, terms: ["Nordvik"] }),
  expectedMentions: 5,
  malformed: { routes: { [TAG]: { fixture: "mastodon/truncated-timeline" } } },
  nothingNew: {
    routes: { [TAG]: { fixture: "mastodon/empty-timeline" } },
    cursor: { minIds: { "127.0.0.1#nordvik": NEWEST } },
  },
  replies: {
    routes: { [`/api/v1/statuses/${NEWEST}/context`]: { fixture: "mastodon/context-answered" } },
    thread: { externalId: "https://lt.example/users/gintare/statuses/117664510771200488", url: null, raw: `{"id":"${NEWEST}"}` },
    expectedReplies: 2,
    authors: ["nordvik@impostor.example", "nordvik@mastodon.example"],
    malformed: { [`/api/v1/statuses/${NEWEST}/context`]: { fixture: "mastodon/truncated-timeline" } },
  },
});
