/**
 * @haechi/monitor: the pure part of automated monitoring. What an HTML page, an RSS/Atom/JSON feed
 * or a sitemap links to; robots.txt rules; per-host pacing, backoff and scope. The server fetches;
 * this decides.
 */
export {
  absoluteHttpUrl,
  mediaKindOf,
  uniqueByUrl,
  type MediaRef,
  type SourceFindings,
} from './media-ref.js';
export { readHtmlPage } from './html-page.js';
export { readFeed, SourceFormatError } from './feed.js';
export { readSitemap } from './sitemap.js';
export {
  readRobots,
  ALLOW_ALL,
  DISALLOW_ALL,
  MONITOR_USER_AGENT,
  type RobotsRules,
} from './robots.js';
export { HostPacer, backoffMs, inScope } from './host-pacer.js';
