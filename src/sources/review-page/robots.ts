import robotsParserModule from "robots-parser";
import { HttpError } from "../../core/errors.js";
import type { FetchContext } from "../types.js";

/**
 * RFC 9309 §2.5: crawlers must read at least the first 500 KiB of a robots.txt; a larger one is
 * refused by the HTTP client, which fails the scan rather than guess.
 */
const MAX_ROBOTS_BYTES = 512 * 1024;

export interface RobotsVerdict {
  allowed: boolean;
  robotsUrl: string;
  /** `Crawl-delay` for our user-agent group, in ms (a de-facto extension, not in RFC 9309). */
  crawlDelayMs?: number;
}

/** The part of robots-parser's Robots object used here. */
interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}

// robots-parser is CommonJS (`module.exports = function`) while its .d.ts says `export default`;
// under NodeNext the default import is module.exports itself, which TypeScript types as the namespace.
const robotsParser = robotsParserModule as unknown as (url: string, contents: string) => Robot;

/**
 * Fetches `/robots.txt` once per origin for the lifetime of the returned checker (one scan).
 * RFC 9309 §2.3.1.3: a 4xx ("unavailable") means no restrictions. §2.3.1.4: a 5xx or network
 * failure means "assume complete disallow"; failing the scan has that effect and the next scan
 * asks again. A 429 is never swallowed: it becomes the source's next-check time like any other.
 */
export function createRobotsCheck(ctx: FetchContext, userAgent: string): (url: string) => Promise<RobotsVerdict> {
  const robots = new Map<string, Promise<Robot | null>>();

  async function fetchRobots(robotsUrl: string): Promise<Robot | null> {
    try {
      const res = await ctx.http.get(robotsUrl, { signal: ctx.signal, maxBodyBytes: MAX_ROBOTS_BYTES });
      return robotsParser(robotsUrl, res.text());
    } catch (error) {
      if (error instanceof HttpError && error.status >= 400 && error.status < 500 && error.status !== 429) return null;
      throw error;
    }
  }

  return async (url) => {
    const robotsUrl = new URL("/robots.txt", url).href;
    let pending = robots.get(robotsUrl);
    if (!pending) {
      pending = fetchRobots(robotsUrl);
      robots.set(robotsUrl, pending);
    }
    const robot = await pending;
    if (!robot) return { allowed: true, robotsUrl };
    const verdict: RobotsVerdict = { allowed: robot.isAllowed(url, userAgent) !== false, robotsUrl };
    const delaySeconds = robot.getCrawlDelay(userAgent);
    if (delaySeconds !== undefined && delaySeconds > 0) verdict.crawlDelayMs = Math.round(delaySeconds * 1000);
    return verdict;
  };
}
