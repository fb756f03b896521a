import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HaechiApiError, HaechiClient, screenUploads, type ScreenedRequest } from '@haechi/sdk';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './support/run-cli.js';
import { startServerProcess, type ServerProcess } from './support/run-server.js';
import { syntheticImage } from '@haechi/testkit/synthetic-images';

let dir: string;
let server: ServerProcess;
let client: HaechiClient;
let known: Uint8Array;
let other: Uint8Array;
let knownPdq: string;

const jpeg = async (seed: number) => {
  const image = syntheticImage(400, 300, seed);
  return new Uint8Array(
    await sharp(image.data, { raw: { width: 400, height: 300, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haechi-sdk-'));
  const cli = (...args: string[]) => runCli(args, { HAECHI_DATA: dir });
  known = await jpeg(2);
  other = await jpeg(3);
  await writeFile(join(dir, 'known.jpg'), known);
  knownPdq = String(jsonLines((await cli('hash', join(dir, 'known.jpg'))).stdout)[0]['pdq']);
  await writeFile(join(dir, 'list.txt'), `${knownPdq}\n`);
  await cli('bank', 'create', 'confirmed');
  await cli('bank', 'import', 'confirmed', join(dir, 'list.txt'));
  await cli('admin', 'create-org', 'shop', '--kind', 'platform', '--jurisdiction', 'US');
  const token = (await cli('admin', 'create-key', '--org', 'shop')).stdout.trim();
  server = await startServerProcess(dir);
  client = new HaechiClient({ baseUrl: server.url, token });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the SDK against the real server', () => {
  it("is generated from the server's own OpenAPI document", async () => {
    const served = await (await fetch(`${server.url}/openapi.json`)).json();
    const committed = JSON.parse(
      await readFile(
        fileURLToPath(new URL('../packages/sdk/openapi.json', import.meta.url)),
        'utf8',
      ),
    ) as unknown;
    // If this fails, the API changed: run `npm run openapi` and commit the result.
    expect(committed).toEqual(served);
  });

  it('screens bytes, hashes and batches', async () => {
    const blocked = await client.screenBytes(known, { contentType: 'image/jpeg', contentId: 'p1' });
    expect(blocked.verdict).toBe('block');
    expect(await client.getScreening(blocked.id ?? '')).toMatchObject({
      id: blocked.id,
      verdict: 'block',
      status: 'final',
      contentId: 'p1',
      reasons: [expect.objectContaining({ rule: 'confirmed-match' })],
    });
    // Asked to run the detectors later, the hashes decide at once (this server runs none).
    expect(await client.screenBytes(known, { contentId: 'p1b', detectors: 'async' })).toMatchObject(
      { verdict: 'block', detectors: 'skipped' },
    );
    expect((await client.screenBytes(other)).verdict).toBe('allow');
    const byHash = await client.screenHashes({ hashes: { pdq: [knownPdq] }, contentId: 'p2' });
    expect([byHash.verdict, byHash.reasons[0]?.rule]).toEqual(['block', 'confirmed-match']);
    const batch = await client.screenBatch([
      { hashes: { pdq: [knownPdq] } },
      { mediaBase64: Buffer.from(other).toString('base64') },
    ]);
    expect(batch.results.map((r) => ('result' in r ? r.result.verdict : r.error.code))).toEqual([
      'block',
      'allow',
    ]);
  });

  it('turns API refusals into HaechiApiError with the stable code', async () => {
    const error = await client.screenHashes({ hashes: { md5: 'xyz' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaechiApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_hash',
      message: 'md5: MD5 must be 32 hex digits, got 3',
    });
  });

  it('reads the delta feed and manages keys', async () => {
    const page = await client.bankFeed({ since: 0 });
    expect(page.changes.map((c) => [c.op, c.bank, c.signal])).toEqual([
      ['add', 'confirmed', knownPdq],
    ]);
    const { key, record } = await client.createKey('second key');
    expect(key).toMatch(/^hk_/);
    expect((await client.listKeys()).map((k) => k.label)).toEqual([
      'upload screening',
      'second key',
    ]);
    expect((await client.revokeKey(record.id)).revokedAt).not.toBeNull();
    const revoked = new HaechiClient({ baseUrl: server.url, token: key });
    await expect(revoked.listKeys()).rejects.toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
  });
});

describe('the upload-screening middleware', () => {
  let web: Server;
  let stored: number;
  beforeAll(async () => {
    stored = 0;
    const screen = screenUploads(client, { contentIdOf: (req) => req.url });
    web = createServer((req, res) => {
      void screen(req, res, () => {
        stored++;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ stored: (req as ScreenedRequest).body?.length }));
      });
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => web.close(() => resolve())));

  const upload = async (bytes: Uint8Array) => {
    const { port } = web.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/uploads/1`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg' },
      body: Buffer.from(bytes),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('passes an allowed upload to the route and refuses a banked one before it is stored', async () => {
    expect(await upload(other)).toEqual({ status: 201, body: { stored: other.length } });
    const refused = await upload(known);
    expect(refused.status).toBe(451);
    expect(refused.body).toMatchObject({
      verdict: 'block',
      reasons: [{ rule: 'confirmed-match' }],
    });
    expect(stored).toBe(1);
  });
});
