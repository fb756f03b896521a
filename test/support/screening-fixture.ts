import { request } from 'node:http';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { jsonLines, runCli, type CliResult } from './run-cli.js';
import { startServerProcess, type ServerProcess } from './run-server.js';
import { SHARED_TESTDATA, hasSharedTestdata } from '@haechi/testkit/shared-testdata';
import { syntheticPhoto } from '@haechi/testkit/synthetic-images';

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Benign photos from ../shared/testdata when present, else smooth generated scenes. */
async function loadPhotos(): Promise<Uint8Array[]> {
  if (hasSharedTestdata) {
    const folder = join(SHARED_TESTDATA, 'photos');
    const names = (await readdir(folder))
      .filter((n) => n.endsWith('.jpg'))
      .sort()
      .slice(0, 5);
    return Promise.all(names.map(async (n) => new Uint8Array(await readFile(join(folder, n)))));
  }
  return Promise.all(
    [1, 2, 3, 4, 5].map(async (seed) => {
      const image = syntheticPhoto(480, 320, seed);
      return new Uint8Array(
        await sharp(image.data, { raw: { width: 480, height: 320, channels: 3 } })
          .jpeg({ quality: 90 })
          .toBuffer(),
      );
    }),
  );
}

/**
 * A real server on a temporary data folder, with a `confirmed` bank and a platform ("webtoon", KR)
 * whose API key was made with the CLI, and helpers that screen through HTTP as a platform would.
 */
export class ScreeningFixture {
  dir = '';
  key = '';
  photos: Uint8Array[] = [];
  private server: ServerProcess | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv = {}) {}

  get url(): string {
    return (this.server as ServerProcess).url;
  }

  get logs(): string[] {
    return (this.server as ServerProcess).logs;
  }

  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'haechi-server-'));
    this.photos = await loadPhotos();
    await this.expectOk(this.cli('bank', 'create', 'confirmed'));
    await this.expectOk(
      this.cli('admin', 'create-org', 'webtoon', '--kind', 'platform', '--jurisdiction', 'KR'),
    );
    this.key = (
      await this.expectOk(this.cli('admin', 'create-key', '--org', 'webtoon'))
    ).stdout.trim();
    this.server = await startServerProcess(this.dir, this.env);
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  cli(...args: string[]): Promise<CliResult> {
    return runCli(args, { HAECHI_DATA: this.dir });
  }

  /** Hashes photo `index` with `haechi hash` and imports its PDQ and MD5 into `confirmed`. */
  async bankPhoto(index: number): Promise<Record<string, unknown>> {
    await writeFile(join(this.dir, 'known.jpg'), this.photos[index]);
    const hashed = jsonLines((await this.cli('hash', join(this.dir, 'known.jpg'))).stdout)[0];
    await writeFile(
      join(this.dir, 'known.csv'),
      `signal_type,signal,category\npdq,${String(hashed['pdq'])},test\nmd5,${String(hashed['md5'])},test\n`,
    );
    await this.expectOk(this.cli('bank', 'import', 'confirmed', join(this.dir, 'known.csv')));
    return hashed;
  }

  async screenRaw(
    bytes: Uint8Array,
    type = 'application/octet-stream',
    token = this.key,
  ): Promise<Answer> {
    const response = await fetch(`${this.url}/v1/screen?contentId=c-1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: Buffer.from(bytes),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async screenMultipart(bytes: Uint8Array, name: string): Promise<Answer> {
    const form = new FormData();
    form.set('media', new Blob([Buffer.from(bytes)]), name);
    form.set('contentId', 'upload-77');
    const response = await fetch(`${this.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.key}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async screenJson(body: unknown, token = this.key): Promise<Answer> {
    const response = await fetch(`${this.url}/v1/screen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** The verdict for these bytes; throws on anything but a 200. */
  async verdictOf(bytes: Uint8Array): Promise<unknown> {
    const { status, body } = await this.screenRaw(bytes);
    if (status !== 200) throw new Error(`screening answered ${status}: ${JSON.stringify(body)}`);
    return body['verdict'];
  }

  /**
   * POSTs with node:http, which (unlike fetch) reports an answer that comes before the upload is
   * finished, as the server's 413 from the declared length does.
   */
  postEarlyAnswer(path: string, body: Uint8Array): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.key}`,
          'content-type': 'image/jpeg',
          'content-length': body.length,
        },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      req.end(Buffer.from(body));
    });
  }

  private async expectOk(result: Promise<CliResult>): Promise<CliResult> {
    const done = await result;
    if (done.code !== 0) throw new Error(`the CLI failed (${done.code}): ${done.stderr}`);
    return done;
  }
}
