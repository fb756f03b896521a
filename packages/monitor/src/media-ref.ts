/** A picture or video a source links to. */
export interface MediaRef {
  readonly url: string;
  readonly kind: 'image' | 'video';
}

/** What a page, feed or sitemap yields: media (with the page that shows it) and more to read. */
export interface SourceFindings {
  readonly media: ReadonlyArray<
    MediaRef & { readonly pageUrl: string; readonly publishedAt?: string }
  >;
  /** Pages (or feeds, sitemaps) linked from this one, for a crawl to follow within its scope. */
  readonly links: readonly string[];
  /** More documents of the same kind to read at the same depth (a sitemap index's sitemaps). */
  readonly documents?: readonly string[];
}

/**
 * An absolute http(s) URL without its fragment, or null for anything else (data:, javascript:,
 * mailto:, malformed): a monitor fetches only the web.
 */
export function absoluteHttpUrl(raw: string | undefined, base: string): string | null {
  if (raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|webm|mkv|avi)$/i;

/** Image or video, from a MIME type when given, else from the URL's extension. */
export function mediaKindOf(url: string, mimeType?: string): 'image' | 'video' {
  if (mimeType?.startsWith('video/')) return 'video';
  if (mimeType?.startsWith('image/')) return 'image';
  return VIDEO_EXTENSIONS.test(new URL(url).pathname) ? 'video' : 'image';
}

/** Keeps the first of each URL, in order. */
export function uniqueByUrl<T extends { url: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.url) ? false : (seen.add(item.url), true)));
}
