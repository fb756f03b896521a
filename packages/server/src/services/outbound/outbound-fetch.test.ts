import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@haechi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPublicUrl, createOutboundFetch } from './outbound-fetch.js';

/** A service on loopback that counts every request it gets: an SSRF target. */
let target: Server;
let port = 0;
let hits = 0;
beforeAll(async () => {
  target = createServer((_req, res) => {
    hits++;
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => target.listen(0, '::', resolve));
  port = (target.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

const refusal = (host: string) =>
  new AppError(
    'invalid_input',
    `url: ${host} is not a public internet address (private, loopback, link-local, multicast and reserved addresses are refused)`,
  );

describe('outbound fetch', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['[::]', '::'],
    ['[0::]', '::'],
    ['[::0]', '::'],
    ['[::1]', '::1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['[::127.0.0.1]', '::7f00:1'],
    ['[64:ff9b::7f00:1]', '64:ff9b::7f00:1'],
    ['0.0.0.0', '0.0.0.0'],
    ['0x7f.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
  ])('never connects to loopback spelled %s', async (spelling, normal) => {
    const before = hits;
    const fetch = createOutboundFetch({ allowPrivate: false });
    await expect(fetch(`http://${spelling}:${port}/`)).rejects.toThrow(refusal(normal));
    expect(hits).toBe(before);
  });

  it('refuses a name that resolves to loopback, or to a private address among public ones', async () => {
    const fetch = createOutboundFetch({
      allowPrivate: false,
      resolve: async (name) => (name === 'mixed.test' ? ['93.184.216.34', '10.0.0.1'] : ['::1']),
    });
    await expect(fetch(`http://localhost.test:${port}/`)).rejects.toThrow(
      refusal('localhost.test'),
    );
    await expect(fetch(`http://mixed.test:${port}/`)).rejects.toThrow(refusal('mixed.test'));
    expect(hits).toBe(0);
  });

  it('checks again when it connects: a DNS answer that turns private after the check (rebinding) reaches nothing', async () => {
    let asked = 0;
    const fetch = createOutboundFetch({
      allowPrivate: false,
      // Public for the first question, loopback for every one after.
      resolve: async () => (asked++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']),
    });
    await expect(fetch(`http://rebind.test:${port}/`)).rejects.toThrow(refusal('rebind.test'));
    expect(asked).toBe(2);
    expect(hits).toBe(0);
  });

  it('connects to the address it checked, and to private ones only when the deployment allows', async () => {
    const fetch = createOutboundFetch({
      allowPrivate: true,
      resolve: async () => ['127.0.0.1'],
    });
    expect((await fetch(`http://haechi.test:${port}/`)).status).toBe(204);
    expect(hits).toBe(1);
    hits = 0;
  });

  it.each([
    ['not a url', 'callbackUrl is not a valid URL'],
    ['ftp://example.com/x', 'callbackUrl must be http or https'],
    ['https://user:pw@example.com/x', 'callbackUrl may not carry credentials'],
    ['http://169.254.169.254/latest/meta-data', 'callbackUrl: 169.254.169.254 is not a public'],
    ['http://[fec0::1]/hook', 'callbackUrl: fec0::1 is not a public'],
    ['http://[ff02::1]/hook', 'callbackUrl: ff02::1 is not a public'],
    ['http://255.255.255.255/hook', 'callbackUrl: 255.255.255.255 is not a public'],
    ['http://198.18.0.1/hook', 'callbackUrl: 198.18.0.1 is not a public'],
    ['http://192.0.0.8/hook', 'callbackUrl: 192.0.0.8 is not a public'],
  ])('names the field when it refuses %s', async (url, message) => {
    await expect(checkPublicUrl(url, { allowPrivate: false }, 'callbackUrl')).rejects.toThrow(
      message,
    );
  });

  it('accepts a public address without connecting to it', async () => {
    expect(
      (await checkPublicUrl('https://93.184.216.34/hook', { allowPrivate: false }, 'url')).host,
    ).toBe('93.184.216.34');
  });
});
