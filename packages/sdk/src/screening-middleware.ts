import type { IncomingMessage, ServerResponse } from 'node:http';
import { HaechiApiError, type HaechiClient, type ScreenResult } from './haechi-client.js';

export interface ScreeningMiddlewareOptions {
  /** Largest upload read into memory (default 50 MiB); larger ones are refused with 413. */
  readonly maxBytes?: number;
  /** The platform's id for the upload (default: none). */
  readonly contentIdOf?: (req: IncomingMessage) => string | undefined;
  /** When Haechi cannot be reached: true publishes anyway, false (default) refuses with 503. */
  readonly failOpen?: boolean;
}

export type ScreenedRequest = IncomingMessage & { haechi?: ScreenResult; body?: Uint8Array };

type Next = (error?: unknown) => void;

/**
 * Connect/Express-style middleware that screens every upload before the route publishes it: the
 * raw body is sent to Haechi; `allow` continues (with `req.haechi` and `req.body` set), any other
 * verdict answers 451 with the verdict and its reasons, and the upload is never stored.
 *
 * @example
 * app.post('/upload', screenUploads(new HaechiClient({ baseUrl, token })), saveUpload);
 */
export function screenUploads(client: HaechiClient, options: ScreeningMiddlewareOptions = {}) {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  return async (req: ScreenedRequest, res: ServerResponse, next: Next): Promise<void> => {
    let bytes: Uint8Array;
    try {
      bytes = await readBody(req, maxBytes);
    } catch {
      sendJson(res, 413, { error: `the upload is over ${maxBytes} bytes` });
      return;
    }
    try {
      const contentId = options.contentIdOf?.(req);
      const result = await client.screenBytes(bytes, {
        contentType: req.headers['content-type'] ?? 'application/octet-stream',
        ...(contentId === undefined ? {} : { contentId }),
      });
      if (result.verdict !== 'allow') {
        sendJson(res, 451, {
          verdict: result.verdict,
          reasons: result.reasons,
          screening: result.id,
        });
        return;
      }
      req.haechi = result;
      req.body = bytes;
      next();
    } catch (error) {
      if (error instanceof HaechiApiError && error.status < 500) {
        sendJson(res, error.status, { error: error.message, code: error.code });
        return;
      }
      if (options.failOpen) {
        req.body = bytes;
        next();
        return;
      }
      sendJson(res, 503, { error: 'the upload could not be screened; try again' });
    }
  };
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.destroy();
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
