import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomBytes, seededRandom } from '@haechi/testkit/seeded-random';
import { bytesToHex } from '../hex.js';
import { Md5, md5Hex } from './md5.js';
import { Sha256, sha256Hex } from './sha256.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('MD5', () => {
  it('matches the RFC 1321 test suite', () => {
    const suite: Array<[string, string]> = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      [
        '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
        '57edf4a22be3c955ac49da2e2107b67a',
      ],
    ];
    for (const [input, expected] of suite) expect(md5Hex(text(input))).toBe(expected);
  });
});

describe('SHA-256', () => {
  it('matches the FIPS 180 examples', () => {
    expect(sha256Hex(text(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256Hex(text('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
});

describe.each([
  ['md5', () => new Md5()],
  ['sha256', () => new Sha256()],
] as const)('%s against node:crypto', (algorithm, create) => {
  const random = seededRandom(algorithm.length);

  it('agrees on every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const data = randomBytes(random, length);
      const expected = createHash(algorithm).update(data).digest('hex');
      expect(bytesToHex(create().update(data).digest()), `length ${length}`).toBe(expected);
    }
  });

  it('gives the same digest however the input is split', () => {
    const data = randomBytes(random, 5000);
    const expected = createHash(algorithm).update(data).digest('hex');
    for (const chunk of [1, 3, 63, 64, 65, 1000]) {
      const digest = create();
      for (let i = 0; i < data.length; i += chunk) digest.update(data.subarray(i, i + chunk));
      expect(bytesToHex(digest.digest()), `chunks of ${chunk}`).toBe(expected);
    }
  });

  it('hashes a view into a larger buffer by its own bytes only', () => {
    const buffer = randomBytes(random, 300);
    const view = buffer.subarray(17, 250);
    expect(bytesToHex(create().update(view).digest())).toBe(
      createHash(algorithm).update(view).digest('hex'),
    );
  });

  it('refuses use after digest', () => {
    const digest = create();
    digest.digest();
    expect(() => digest.update(new Uint8Array(1))).toThrow(
      'digest already finished; create a new one',
    );
  });
});
