import { xmlParser, SourceFormatError } from './feed.js';
import { absoluteHttpUrl, uniqueByUrl, type SourceFindings } from './media-ref.js';

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] =>
  value === undefined || value === null ? [] : ((Array.isArray(value) ? value : [value]) as Node[]);
const text = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : value && typeof value === 'object'
      ? ((value as Node)['#text'] as string | undefined)
      : undefined;

/**
 * A sitemap: its pages (to read) with the images the image extension names for them (with the
 * page's lastmod as their publication time), or, for a sitemap index, the sitemaps it lists.
 */
export function readSitemap(body: string, sitemapUrl: string): SourceFindings {
  let doc: Node;
  try {
    doc = xmlParser.parse(body, true) as Node;
  } catch (error) {
    throw new SourceFormatError(`not a sitemap: ${(error as Error).message.split('\n')[0]}`);
  }
  const urlset = doc['urlset'] as Node | undefined;
  const index = doc['sitemapindex'] as Node | undefined;
  if (!urlset && !index) throw new SourceFormatError('not a sitemap: no urlset or sitemapindex');
  if (index)
    return {
      media: [],
      links: [],
      documents: list(index['sitemap'])
        .map((s) => absoluteHttpUrl(text(s['loc']), sitemapUrl))
        .filter((u): u is string => u !== null),
    };
  const media: Array<SourceFindings['media'][number]> = [];
  const links: string[] = [];
  for (const entry of list(urlset?.['url'])) {
    const page = absoluteHttpUrl(text(entry['loc']), sitemapUrl);
    if (!page) continue;
    links.push(page);
    const lastmod = text(entry['lastmod']);
    const publishedAt =
      lastmod && !Number.isNaN(Date.parse(lastmod)) ? new Date(lastmod).toISOString() : undefined;
    for (const image of list(entry['image:image'])) {
      const url = absoluteHttpUrl(text(image['image:loc']), sitemapUrl);
      if (url)
        media.push({ url, kind: 'image', pageUrl: page, ...(publishedAt ? { publishedAt } : {}) });
    }
    for (const video of list(entry['video:video'])) {
      const url = absoluteHttpUrl(text(video['video:content_loc']), sitemapUrl);
      if (url)
        media.push({ url, kind: 'video', pageUrl: page, ...(publishedAt ? { publishedAt } : {}) });
    }
  }
  return { media: uniqueByUrl(media), links: [...new Set(links)] };
}
