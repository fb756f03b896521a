import { describe, expect, it } from 'vitest';
import { readFeed, SourceFormatError } from './feed.js';
import { backoffMs, HostPacer, inScope } from './host-pacer.js';
import { readHtmlPage } from './html-page.js';
import { readRobots } from './robots.js';
import { readSitemap } from './sitemap.js';

const PAGE = 'https://site.example/gallery/index.html';

describe('readHtmlPage', () => {
  it('finds pictures, videos and links, resolved against the page or its <base>', () => {
    const found = readHtmlPage(
      `<html><head><title>x</title></head><body>
        <IMG SRC="a.jpg" srcset="a-2x.jpg 2x, /abs/a-3x.jpg 3x">
        <picture><source srcset="b.webp" type="image/webp"><img src="b.jpg"></picture>
        <video poster="poster.png" src="clip.mp4"><source src="clip.webm" type="video/webm"></video>
        <img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)"><img src="">
        <a href="page2.html#top">next</a><a href="mailto:x@y.z">mail</a><a href="//other.example/p">other</a>
        <img src="a.jpg"><p><img src="unclosed.jpg"
      </body></html>`,
      PAGE,
    );
    expect(found.media.map((m) => [m.url.replace('https://site.example', ''), m.kind])).toEqual([
      ['/gallery/a.jpg', 'image'],
      ['/gallery/a-2x.jpg', 'image'],
      ['/abs/a-3x.jpg', 'image'],
      ['/gallery/b.webp', 'image'],
      ['/gallery/b.jpg', 'image'],
      ['/gallery/clip.mp4', 'video'],
      ['/gallery/poster.png', 'image'],
      ['/gallery/clip.webm', 'video'],
      ['/gallery/unclosed.jpg', 'image'],
    ]);
    expect(found.media.every((m) => m.pageUrl === PAGE)).toBe(true);
    expect(found.links).toEqual([
      'https://site.example/gallery/page2.html',
      'https://other.example/p',
    ]);
    const based = readHtmlPage('<base href="https://cdn.example/x/"><img src="c.jpg">', PAGE);
    expect(based.media.map((m) => m.url)).toEqual(['https://cdn.example/x/c.jpg']);
  });
});

describe('readFeed', () => {
  it('reads RSS enclosures and Media RSS with the entry as page and its date', () => {
    const found = readFeed(
      `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
        <item><link>https://site.example/post/1</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
          <enclosure url="https://site.example/m/1.jpg" type="image/jpeg" length="1"/></item>
        <item><link>/post/2</link><media:content url="/m/2.mp4" medium="video"/></item>
      </channel></rss>`,
      'https://site.example/feed.xml',
    );
    expect(found.media).toEqual([
      {
        url: 'https://site.example/m/1.jpg',
        kind: 'image',
        pageUrl: 'https://site.example/post/1',
        publishedAt: '2026-12-01T10:00:00.000Z',
      },
      {
        url: 'https://site.example/m/2.mp4',
        kind: 'video',
        pageUrl: 'https://site.example/post/2',
      },
    ]);
    expect(found.links).toEqual(['https://site.example/post/1', 'https://site.example/post/2']);
  });

  it('reads Atom enclosure links and JSON Feed attachments', () => {
    const atom = readFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><published>2026-12-02T08:00:00Z</published>
        <link href="https://site.example/a/1"/><link rel="enclosure" href="https://site.example/a/1.png" type="image/png"/>
      </entry></feed>`,
      'https://site.example/atom.xml',
    );
    expect(atom.media).toEqual([
      {
        url: 'https://site.example/a/1.png',
        kind: 'image',
        pageUrl: 'https://site.example/a/1',
        publishedAt: '2026-12-02T08:00:00.000Z',
      },
    ]);
    const json = readFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        items: [
          {
            url: 'https://site.example/j/1',
            date_published: '2026-12-03T01:02:03Z',
            image: '/j/1.jpg',
            attachments: [{ url: '/j/1.webm', mime_type: 'video/webm' }],
          },
        ],
      }),
      'https://site.example/feed.json',
    );
    expect(json.media.map((m) => [m.url, m.kind, m.publishedAt])).toEqual([
      ['https://site.example/j/1.jpg', 'image', '2026-12-03T01:02:03.000Z'],
      ['https://site.example/j/1.webm', 'video', '2026-12-03T01:02:03.000Z'],
    ]);
  });

  it('refuses what is not a feed, and never expands entities', () => {
    expect(() => readFeed('<html><body>hi</body></html>', PAGE)).toThrow(
      new SourceFormatError('not a feed: no RSS channel or Atom feed'),
    );
    expect(() => readFeed('{"no": "items"}', PAGE)).toThrow('not a JSON feed: no items');
    expect(() => readFeed('{broken', PAGE)).toThrow('not a JSON feed: the JSON does not parse');
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
      <rss><channel><item><link>&lol2;</link><enclosure url="https://site.example/&lol2;.jpg"/></item></channel></rss>`;
    const found = readFeed(bomb, PAGE);
    expect(found.media.map((m) => m.url)).toEqual(['https://site.example/&lol2;.jpg']);
  });
});

describe('readSitemap', () => {
  it('gives pages with their images, and an index its sitemaps', () => {
    const found = readSitemap(
      `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
        <url><loc>https://site.example/p/1</loc><lastmod>2026-11-30</lastmod>
          <image:image><image:loc>https://site.example/i/1.jpg</image:loc></image:image>
          <image:image><image:loc>https://site.example/i/2.jpg</image:loc></image:image></url>
        <url><loc>https://site.example/p/2</loc></url>
      </urlset>`,
      'https://site.example/sitemap.xml',
    );
    expect(found.links).toEqual(['https://site.example/p/1', 'https://site.example/p/2']);
    expect(found.media.map((m) => [m.url, m.pageUrl, m.publishedAt])).toEqual([
      ['https://site.example/i/1.jpg', 'https://site.example/p/1', '2026-11-30T00:00:00.000Z'],
      ['https://site.example/i/2.jpg', 'https://site.example/p/1', '2026-11-30T00:00:00.000Z'],
    ]);
    const index = readSitemap(
      '<sitemapindex><sitemap><loc>https://site.example/s1.xml</loc></sitemap></sitemapindex>',
      'https://site.example/sitemap.xml',
    );
    expect(index).toEqual({ media: [], links: [], documents: ['https://site.example/s1.xml'] });
    expect(() => readSitemap('<rss/>', PAGE)).toThrow('not a sitemap: no urlset or sitemapindex');
  });
});

describe('robots, pacing, backoff and scope', () => {
  it('follows the group for our agent, or *, and its crawl delay', () => {
    const rules = readRobots(
      'https://site.example/robots.txt',
      'User-agent: *\nDisallow: /private/\n\nUser-agent: HaechiMonitor\nDisallow: /secret/\nCrawl-delay: 2\n',
    );
    expect(rules.isAllowed('https://site.example/secret/x.jpg')).toBe(false);
    expect(rules.isAllowed('https://site.example/private/x.jpg')).toBe(true); // our group wins
    expect(rules.crawlDelayMs).toBe(2000);
    const general = readRobots(
      'https://site.example/robots.txt',
      'User-agent: *\nDisallow: /private/\n',
    );
    expect(general.isAllowed('https://site.example/private/x.jpg')).toBe(false);
    expect(general.isAllowed('https://site.example/public/x.jpg')).toBe(true);
  });

  it('spaces requests to one host, not to different hosts', () => {
    const pacer = new HostPacer(500);
    expect([
      pacer.reserve('a.example', 1000),
      pacer.reserve('a.example', 1000),
      pacer.reserve('b.example', 1000),
      pacer.reserve('a.example', 1000, 2000),
      pacer.reserve('a.example', 9000),
    ]).toEqual([1000, 1500, 1000, 2000, 9000]);
  });

  it('backs off exponentially up to a ceiling, and keeps a crawl on its hosts', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffMs(n, 1000, 60_000))).toEqual([
      0, 1000, 2000, 4000, 60_000,
    ]);
    const hosts = new Set(['site.example:8080']);
    expect([
      inScope('http://site.example:8080/x', hosts),
      inScope('http://site.example/x', hosts),
      inScope('http://evil.example:8080/x', hosts),
    ]).toEqual([true, false, false]);
  });
});
