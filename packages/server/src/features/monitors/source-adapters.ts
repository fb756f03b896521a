import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Monitor, MonitorStore } from '@haechi/core';
import { inScope, readFeed, readHtmlPage, readSitemap, type SourceFindings } from '@haechi/monitor';

/** A media item a source found: a URL to fetch, or (folders) the bytes already at hand. */
export interface FoundItem {
  /** The item's identity for de-duplication: its URL, or `file:` and its path in the folder. */
  readonly url: string;
  readonly kind: 'image' | 'video';
  readonly pageUrl: string | null;
  readonly publishedAt: string | null;
  /** Folders: the file's bytes (the path is inside the monitored folder). */
  readonly read?: () => Promise<Uint8Array>;
  /** Folders: size and modification time, so an unchanged file is not read again. */
  readonly version?: string;
  /** Webhook: done with this event once the item is handled. */
  readonly done?: () => Promise<void>;
}

/** What adapters may ask of the monitor's runtime: polite, conditional fetches of documents. */
export interface DiscoverContext {
  readonly monitor: Monitor;
  readonly store: MonitorStore;
  /**
   * A document (page, feed, sitemap) read with `read`: fetched conditionally, so an unchanged one
   * gives what it gave last time without being downloaded; null when it cannot be read now.
   */
  readDocument(
    url: string,
    read: (body: string, url: string) => SourceFindings,
  ): Promise<SourceFindings | null>;
  readonly now: () => Date;
}

/**
 * A source of media to screen. Adapters for messenger channels (which need credentials: a bot
 * token, a session) implement the same contract: yield each new public item once, with its page
 * and publication time, and keep their own position in the monitor's seen URLs.
 */
export interface SourceAdapter {
  discover(context: DiscoverContext): AsyncIterable<FoundItem>;
}

type DocumentKind = 'page' | 'feed' | 'sitemap';
const READERS: Record<DocumentKind, (body: string, url: string) => SourceFindings> = {
  page: readHtmlPage,
  feed: readFeed,
  sitemap: readSitemap,
};

/**
 * Pages, feeds and sitemaps: read breadth-first from the start URLs; links are followed within the
 * start URLs' hosts, up to the monitor's depth and page budget. A sitemap index's entries are
 * sitemaps; a feed's or a sitemap's entries are pages.
 */
export class WebSourceAdapter implements SourceAdapter {
  async *discover(context: DiscoverContext): AsyncIterable<FoundItem> {
    const { config, kind } = context.monitor;
    const startKind: DocumentKind =
      kind === 'feed' ? 'feed' : kind === 'sitemap' ? 'sitemap' : 'page';
    const hosts = new Set(config.startUrls.map((u) => new URL(u).host));
    const queue: Array<{ url: string; kind: DocumentKind; depth: number }> = config.startUrls.map(
      (url) => ({ url, kind: startKind, depth: 0 }),
    );
    const visited = new Set<string>();
    let pages = 0;
    while (queue.length > 0 && pages < config.maxPages) {
      const next = queue.shift() as (typeof queue)[number];
      if (visited.has(next.url)) continue;
      visited.add(next.url);
      pages++;
      const findings = await context.readDocument(next.url, READERS[next.kind]);
      if (findings === null) continue;
      for (const media of findings.media)
        yield {
          url: media.url,
          kind: media.kind,
          pageUrl: media.pageUrl,
          publishedAt: media.publishedAt ?? null,
        };
      for (const document of findings.documents ?? [])
        if (inScope(document, hosts))
          queue.push({ url: document, kind: next.kind, depth: next.depth });
      if (next.depth >= config.maxDepth) continue;
      for (const link of findings.links)
        if (inScope(link, hosts) && !visited.has(link))
          queue.push({ url: link, kind: 'page', depth: next.depth + 1 });
    }
  }
}

const MEDIA_FILE = /\.(jpe?g|png|gif|webp|bmp|tiff?|avif|heic|mp4|m4v|mov|webm|mkv|avi)$/i;
const VIDEO_FILE = /\.(mp4|m4v|mov|webm|mkv|avi)$/i;

/**
 * A local or mounted folder (a seized device's dump, an exported chat): every picture and video
 * under it. Symbolic links are not followed, so nothing outside the folder is read.
 */
export class FolderSourceAdapter implements SourceAdapter {
  async *discover(context: DiscoverContext): AsyncIterable<FoundItem> {
    const root = context.monitor.config.folder as string;
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    for (const entry of entries.sort((a, b) =>
      join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
    )) {
      if (!entry.isFile() || !MEDIA_FILE.test(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path);
      const name = relative(root, path).split(sep).join('/');
      yield {
        url: `file:${name}`,
        kind: VIDEO_FILE.test(entry.name) ? 'video' : 'image',
        pageUrl: null,
        publishedAt: info.mtime.toISOString(),
        version: `${info.size}:${info.mtimeMs}`,
        read: async () => new Uint8Array(await readFile(path)),
      };
    }
  }
}

/** A platform's event stream: the uploads it posted to POST /v1/monitor-events. */
export class WebhookSourceAdapter implements SourceAdapter {
  async *discover(context: DiscoverContext): AsyncIterable<FoundItem> {
    const events = await context.store.pendingEvents(
      context.monitor.id,
      context.monitor.config.maxItems,
    );
    for (const event of events)
      yield {
        url: event.url,
        kind: /\.(mp4|m4v|mov|webm|mkv|avi)(\?|$)/i.test(event.url) ? 'video' : 'image',
        pageUrl: null,
        publishedAt: event.publishedAt,
        done: () => context.store.markEventProcessed(event.id, context.now().toISOString()),
      };
  }
}

export function adapterFor(monitor: Monitor): SourceAdapter {
  switch (monitor.kind) {
    case 'folder':
      return new FolderSourceAdapter();
    case 'webhook':
      return new WebhookSourceAdapter();
    default:
      return new WebSourceAdapter();
  }
}
