import { Parser } from 'htmlparser2';
import {
  absoluteHttpUrl,
  mediaKindOf,
  uniqueByUrl,
  type MediaRef,
  type SourceFindings,
} from './media-ref.js';

/** The URLs of a srcset ("a.jpg 1x, b.jpg 2x"): every candidate, since any may be a copy. */
function srcsetUrls(srcset: string): string[] {
  return srcset
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter((url) => url !== '');
}

/**
 * The pictures and videos an HTML page shows (img, picture/source, video and its sources and
 * poster) and the pages it links to (a, area), resolved against the page's URL or its <base>.
 * Tolerant of broken markup, as browsers are.
 */
export function readHtmlPage(html: string, pageUrl: string): SourceFindings {
  let base = pageUrl;
  const media: MediaRef[] = [];
  const links: string[] = [];
  const open: string[] = [];
  const add = (raw: string | undefined, kind?: 'image' | 'video', type?: string) => {
    const url = absoluteHttpUrl(raw, base);
    if (url) media.push({ url, kind: kind ?? mediaKindOf(url, type) });
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        switch (name) {
          case 'base': {
            const href = absoluteHttpUrl(attrs['href'], pageUrl);
            if (href) base = href;
            break;
          }
          case 'img':
            add(attrs['src'], 'image');
            for (const url of srcsetUrls(attrs['srcset'] ?? '')) add(url, 'image');
            break;
          case 'video':
            add(attrs['src'], 'video');
            add(attrs['poster'], 'image');
            break;
          case 'source': {
            const inVideo = open.includes('video');
            add(attrs['src'], inVideo ? 'video' : undefined, attrs['type']);
            for (const url of srcsetUrls(attrs['srcset'] ?? ''))
              add(url, inVideo ? 'video' : 'image');
            break;
          }
          case 'a':
          case 'area': {
            const href = absoluteHttpUrl(attrs['href'], base);
            if (href) links.push(href);
            break;
          }
        }
        open.push(name);
      },
      onclosetag(name) {
        const at = open.lastIndexOf(name);
        if (at >= 0) open.length = at;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return {
    media: uniqueByUrl(media).map((m) => ({ ...m, pageUrl })),
    links: [...new Set(links)],
  };
}
