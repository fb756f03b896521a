import { describe, expect, it } from 'vitest';
import { checkCallbackUrl } from './callback-url.js';

describe('checkCallbackUrl', () => {
  it.each([
    ['not a url', 'callbackUrl is not a valid URL'],
    ['ftp://example.com/x', 'callbackUrl must be http or https'],
    ['https://user:pw@example.com/x', 'callbackUrl may not carry credentials'],
    ['http://127.0.0.1:8080/hook', 'callbackUrl points into a private network'],
    ['http://10.1.2.3/hook', 'callbackUrl points into a private network'],
    ['http://192.168.0.10/hook', 'callbackUrl points into a private network'],
    ['http://172.20.0.1/hook', 'callbackUrl points into a private network'],
    ['http://169.254.169.254/latest/meta-data', 'callbackUrl points into a private network'],
    ['http://[::1]/hook', 'callbackUrl points into a private network'],
  ])('refuses %s', async (url, message) => {
    await expect(checkCallbackUrl(url, false)).rejects.toThrow(message);
  });

  it('accepts a public address, and private ones when a closed deployment allows them', async () => {
    expect((await checkCallbackUrl('https://93.184.216.34/hook', false)).host).toBe(
      '93.184.216.34',
    );
    expect((await checkCallbackUrl('http://127.0.0.1:9/hook', true)).port).toBe('9');
  });
});
