import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_HOSTS } from './demo-cast.js';

/**
 * The public web of the demo: the platforms' sites and an unhosted forum, served on this machine.
 * A page holds a picture until its platform removes it, so Haechi's removal checks and monitors
 * fetch real HTTP answers. Also the platforms' webhook receiver, which accepts every event.
 */
export class DemoSites {
  private readonly pages = new Map<string, Uint8Array>();
  private readonly feeds = new Map<string, Array<{ path: string; at: Date }>>();
  private server: Server | null = null;
  /** Webhook events received, by platform (shown in the demo's summary). */
  readonly received = new Map<string, number>();

  /**
   * Publishes a picture at a path of a host (e.g. webtoon.example, /v/12.jpg); with `feedAt`, also
   * as an entry of the host's RSS feed, published then.
   */
  publish(host: string, path: string, jpeg: Uint8Array, feedAt?: Date): string {
    this.pages.set(`${host}${path}`, jpeg);
    if (feedAt) this.feeds.set(host, [...(this.feeds.get(host) ?? []), { path, at: feedAt }]);
    return this.url(host, path);
  }

  /** Takes a picture down: its page answers 404 from now on. */
  remove(url: string): void {
    const { hostname, pathname } = new URL(url);
    this.pages.delete(`${hostname}${pathname}`);
  }

  url(host: string, path: string): string {
    return `http://${host}:${this.port}${path}`;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** The demo's host names resolve to this machine; anything else is not the demo's to answer. */
  resolveHost = async (hostname: string): Promise<string[]> =>
    DEMO_HOSTS.includes(hostname) ? ['127.0.0.1'] : [];

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const hook = /^\/hooks\/([a-z]+)$/.exec(path);
      if (req.method === 'POST' && hook) {
        req.resume();
        this.received.set(hook[1], (this.received.get(hook[1]) ?? 0) + 1);
        res.writeHead(204).end();
        return;
      }
      if (path === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
        return;
      }
      if (path === '/feed.xml') {
        const items = (this.feeds.get(host) ?? [])
          .filter(({ path: p }) => this.pages.has(`${host}${p}`))
          .map(
            ({ path: p, at }) =>
              `<item><title>${p}</title><link>${this.url(host, p)}</link><pubDate>${at.toUTCString()}</pubDate>` +
              `<enclosure url="${this.url(host, p)}" type="image/jpeg" length="0"/></item>`,
          )
          .join('');
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>${host}</title>${items}</channel></rss>`,
          );
        return;
      }
      const picture = this.pages.get(`${host}${path}`);
      if (picture) res.writeHead(200, { 'content-type': 'image/jpeg' }).end(picture);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('removed');
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', resolve);
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
