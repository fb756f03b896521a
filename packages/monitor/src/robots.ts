import robotsParserModule from 'robots-parser';

// A CommonJS module whose export is the function: at run time the default import is that function,
// while its types describe it as `.default`.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The user agent monitors announce, and match robots.txt groups by. */
export const MONITOR_USER_AGENT = 'HaechiMonitor';

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** The Crawl-delay for us, in milliseconds (0 when none). */
  readonly crawlDelayMs: number;
}

/**
 * A site's robots.txt as rules for our user agent. An absent file (or 4xx) allows everything;
 * the caller treats a 5xx or a timeout as "disallow everything for now", as Google does.
 */
export function readRobots(robotsUrl: string, body: string): RobotsRules {
  const robots = robotsParser(robotsUrl, body);
  const delay = robots.getCrawlDelay(MONITOR_USER_AGENT);
  return {
    isAllowed: (url) => robots.isAllowed(url, MONITOR_USER_AGENT) ?? true,
    crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.min(delay, 60) * 1000 : 0,
  };
}

export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelayMs: 0 };
export const DISALLOW_ALL: RobotsRules = { isAllowed: () => false, crawlDelayMs: 0 };
