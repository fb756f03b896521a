import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

if (!hasChromium) {
  console.warn(
    `\n[haechi tests] no Chromium at ${CHROMIUM_PATH}: browser tests are SKIPPED ` +
      '(apt-get install chromium, or set CHROMIUM_PATH).\n',
  );
}

/** Headless Chromium with the flags this sandboxed, offline machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A file a test page is served. */
export interface PageFile {
  readonly type: string;
  readonly body: Buffer;
}

/** Serves the files on 127.0.0.1 (everything else answers 404); returns the server and its origin. */
export async function servePageFiles(
  files: ReadonlyMap<string, PageFile>,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    res
      .writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' })
      .end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
