import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomBytes, seededRandom } from '@haechi/testkit/seeded-random';
import { InvalidHashError } from '../errors.js';
import { ExactDigestIndex } from './exact-digest-index.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('ExactDigestIndex', () => {
  it('finds exactly the ids stored under a digest, in hex or bytes', () => {
    const index = new ExactDigestIndex(32, 'SHA-256');
    index.add(1, sha('a'));
    index.add(2, sha('b'));
    index.add(3, Buffer.from(sha('a'), 'hex'));
    expect(index.lookup(sha('a'))).toEqual([1, 3]);
    expect(index.lookup(sha('a').toUpperCase())).toEqual([1, 3]);
    expect(index.lookup(sha('b'))).toEqual([2]);
    expect(index.lookup(sha('c'))).toEqual([]);
  });

  it('agrees with a Map on thousands of random adds and removals across rehashes', () => {
    const random = seededRandom(11);
    const index = new ExactDigestIndex(16, 'MD5');
    const oracle = new Map<number, string>();
    const pool = Array.from({ length: 800 }, () =>
      Buffer.from(randomBytes(random, 16)).toString('hex'),
    );
    for (let id = 0; id < 5000; id++) {
      const digest = pool[Math.floor(random() * pool.length)];
      index.add(id, digest);
      oracle.set(id, digest);
      if (random() < 0.3) {
        const victim = Math.floor(random() * id);
        expect(index.remove(victim)).toBe(oracle.delete(victim));
      }
    }
    expect(index.count).toBe(oracle.size);
    for (const digest of pool) {
      const expected = [...oracle].filter(([, d]) => d === digest).map(([id]) => id);
      expect(index.lookup(digest)).toEqual(expected);
    }
  });

  it('rejects malformed digests with a typed error naming the kind', () => {
    const index = new ExactDigestIndex(16, 'MD5');
    expect(() => index.lookup('abc')).toThrow(
      new InvalidHashError('hash_wrong_length', 'MD5 must be 32 hex digits, got 3'),
    );
    expect(() => index.add(1, 'z'.repeat(32))).toThrow(
      'MD5 has a character that is not a hex digit at position 0',
    );
    expect(() => index.add(1, new Uint8Array(32))).toThrow('MD5 must be 16 bytes');
    index.add(1, '0'.repeat(32));
    expect(() => index.add(1, '1'.repeat(32))).toThrow('id 1 is already in the index');
  });
});
