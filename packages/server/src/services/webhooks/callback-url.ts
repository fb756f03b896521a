import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '@haechi/core';

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];

function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 6) {
    const a = address.toLowerCase();
    return (
      a === '::1' ||
      a.startsWith('fc') ||
      a.startsWith('fd') ||
      a.startsWith('fe80') ||
      a.startsWith('::ffff:')
    );
  }
  return PRIVATE_V4.some((range) => range.test(address));
}

/**
 * Checks a platform's callback URL: http(s) only, and (unless private targets are allowed for a
 * closed deployment or tests) not an address inside our own network, so a callback cannot be used
 * to make Haechi call its own internal services.
 */
export async function checkCallbackUrl(value: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid_input', 'callbackUrl is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('invalid_input', 'callbackUrl must be http or https');
  if (url.username || url.password)
    throw new AppError('invalid_input', 'callbackUrl may not carry credentials');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0)
    throw new AppError('invalid_input', `callbackUrl host ${host} does not resolve`);
  if (addresses.some(isPrivateAddress))
    throw new AppError('invalid_input', 'callbackUrl points into a private network');
  return url;
}
