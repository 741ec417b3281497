import { rss } from "../../../src/sources/rss/index.js";
import { sourceContract } from "../contract.js";

sourceContract(rss, {
  routes: { "/feed.xml": { fixture: "rss/demo-ru-windows-1251" } },
  config: (replay) => ({ url: replay.url("/feed.xml") }),
  expectedMentions: 8,
  malformed: { routes: { "/feed.xml": { fixture: "rss/truncated-json-feed" } } },
  nothingNew: { routes: { "/feed.xml": { fixture: "rss/demo-ru-windows-1251" } }, cursor: { etag: '"ru-v1"' } },
});
