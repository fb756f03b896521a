import { XMLParser } from 'fast-xml-parser';
import { absoluteHttpUrl, mediaKindOf, uniqueByUrl, type SourceFindings } from './media-ref.js';

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] =>
  value === undefined || value === null
    ? []
    : (Array.isArray(value) ? value : [value]).map((v) =>
        typeof v === 'object' ? (v as Node) : { '#text': v },
      );
const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return text((value as Node)['#text']);
  return undefined;
};
const isoDate = (value: unknown): string | undefined => {
  const raw = text(value);
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

/** Entities are off: a feed cannot expand into a billion laughs. */
export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
});

export class SourceFormatError extends Error {}

/**
 * The media of a feed's entries: RSS 2.0 (enclosures, Media RSS), Atom (enclosure links) or JSON
 * Feed 1.x (image, attachments), each with the entry's link as its page and its publication time.
 * Entries' links are returned to be read as pages too (their media may be inline).
 */
export function readFeed(body: string, feedUrl: string): SourceFindings {
  const trimmed = body.trimStart();
  return trimmed.startsWith('{') ? readJsonFeed(trimmed, feedUrl) : readXmlFeed(trimmed, feedUrl);
}

function readJsonFeed(body: string, feedUrl: string): SourceFindings {
  let feed: unknown;
  try {
    feed = JSON.parse(body);
  } catch {
    throw new SourceFormatError('not a JSON feed: the JSON does not parse');
  }
  const items = (feed as { items?: unknown }).items;
  if (!Array.isArray(items)) throw new SourceFormatError('not a JSON feed: no items');
  const media: Array<SourceFindings['media'][number]> = [];
  const links: string[] = [];
  for (const item of items as Node[]) {
    const page = absoluteHttpUrl(text(item['url']), feedUrl) ?? feedUrl;
    if (page !== feedUrl) links.push(page);
    const publishedAt = isoDate(item['date_published']);
    const add = (raw: unknown, type?: string) => {
      const url = absoluteHttpUrl(text(raw), feedUrl);
      if (url)
        media.push({
          url,
          kind: mediaKindOf(url, type),
          pageUrl: page,
          ...(publishedAt ? { publishedAt } : {}),
        });
    };
    add(item['image']);
    for (const a of list(item['attachments'])) add(a['url'], text(a['mime_type']));
  }
  return { media: uniqueByUrl(media), links: [...new Set(links)] };
}

function readXmlFeed(body: string, feedUrl: string): SourceFindings {
  let doc: Node;
  try {
    doc = xmlParser.parse(body, true) as Node;
  } catch (error) {
    throw new SourceFormatError(`not a feed: ${(error as Error).message.split('\n')[0]}`);
  }
  const rss = (doc['rss'] as Node | undefined)?.['channel'] as Node | undefined;
  const atom = doc['feed'] as Node | undefined;
  if (!rss && !atom) throw new SourceFormatError('not a feed: no RSS channel or Atom feed');
  const media: Array<SourceFindings['media'][number]> = [];
  const links: string[] = [];
  const entries = rss ? list(rss['item']) : list(atom?.['entry']);
  for (const entry of entries) {
    const publishedAt = isoDate(
      entry['pubDate'] ?? entry['published'] ?? entry['updated'] ?? entry['dc:date'],
    );
    let page: string | null = null;
    const enclosures: Array<{ url: string | undefined; type: string | undefined }> = [];
    if (rss) {
      page = absoluteHttpUrl(text(entry['link']), feedUrl);
      for (const e of list(entry['enclosure']))
        enclosures.push({ url: text(e['@_url']), type: text(e['@_type']) });
    } else {
      for (const l of list(entry['link'])) {
        const rel = text(l['@_rel']) ?? 'alternate';
        if (rel === 'alternate') page ??= absoluteHttpUrl(text(l['@_href']), feedUrl);
        if (rel === 'enclosure')
          enclosures.push({ url: text(l['@_href']), type: text(l['@_type']) });
      }
    }
    for (const m of [...list(entry['media:content']), ...list(entry['media:thumbnail'])])
      enclosures.push({
        url: text(m['@_url']),
        type: text(m['@_type']) ?? (text(m['@_medium']) === 'video' ? 'video/*' : undefined),
      });
    for (const group of list(entry['media:group']))
      for (const m of list(group['media:content']))
        enclosures.push({ url: text(m['@_url']), type: text(m['@_type']) });
    if (page) links.push(page);
    for (const e of enclosures) {
      const url = absoluteHttpUrl(e.url, feedUrl);
      if (url)
        media.push({
          url,
          kind: mediaKindOf(url, e.type),
          pageUrl: page ?? feedUrl,
          ...(publishedAt ? { publishedAt } : {}),
        });
    }
  }
  return { media: uniqueByUrl(media), links: [...new Set(links)] };
}
