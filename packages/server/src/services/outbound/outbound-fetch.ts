import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '@haechi/core';
import {
  Agent,
  buildConnector,
  fetch as undiciFetch,
  type RequestInit,
  type Response,
} from 'undici';
import { isPublicAddress } from './public-address.js';

/** Resolves a host name to its addresses (injectable so a test can play a rebinding DNS server). */
export type HostResolver = (hostname: string) => Promise<string[]>;

const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface OutboundOptions {
  /** Closed deployments and tests only: allow private and loopback targets. */
  readonly allowPrivate: boolean;
  readonly resolve?: HostResolver;
}

/**
 * The address to connect to for `hostname`: an IP literal as it is, a name resolved once. Every
 * address it resolves to must be public (a name with one private address among public ones is a
 * rebinding attempt); the first is returned, and the caller connects to exactly that address.
 */
export async function resolvePublicHost(
  hostname: string,
  options: OutboundOptions,
  field = 'url',
): Promise<string> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await (options.resolve ?? systemResolver)(host).catch(() => [] as string[]);
  if (addresses.length === 0)
    throw new AppError('invalid_input', `${field}: the host ${host} does not resolve`);
  if (!options.allowPrivate && addresses.some((a) => !isPublicAddress(a)))
    throw new AppError(
      'invalid_input',
      `${field}: ${host} is not a public internet address (private, loopback, link-local, multicast and reserved addresses are refused)`,
    );
  return addresses[0];
}

/**
 * A connection agent whose every connection, the first and each redirect's, goes to an address
 * checked at that moment: the name is resolved once, judged, and the socket opened to that very
 * address (TLS still verifies the certificate for the name). A DNS answer that changes between a
 * check and the connection (rebinding) therefore changes nothing.
 */
function guardedAgent(options: OutboundOptions): Agent {
  const connectTo = buildConnector({ timeout: 10_000 });
  return new Agent({
    connect: (target, callback) => {
      resolvePublicHost(target.hostname, options).then(
        (address) => {
          const name = target.hostname.replace(/^\[|\]$/g, '');
          const servername = target.servername ?? (isIP(name) ? undefined : name);
          connectTo(
            { ...target, hostname: address, ...(servername ? { servername } : {}) },
            callback,
          );
        },
        (error: unknown) => callback(error as Error, null),
      );
    },
  });
}

export type OutboundFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * `fetch` for every request Haechi makes to an address a user gave (webhooks, callbacks, removal
 * checks, monitors): http(s) only, no credentials in the URL, and connections only to public
 * addresses (see `guardedAgent`). A refused target answers AppError `invalid_input` before any
 * byte is sent.
 */
export function createOutboundFetch(options: OutboundOptions): OutboundFetch {
  const agent = guardedAgent(options);
  return async (url, init = {}) => {
    const target = checkOutboundUrl(url, 'url');
    await resolvePublicHost(target.hostname, options);
    try {
      return await undiciFetch(target, { ...init, dispatcher: agent });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof AppError) throw cause;
      throw error;
    }
  };
}

/** The URL checks that need no network: http(s), no user name or password in it. */
export function checkOutboundUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid_input', `${field} is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('invalid_input', `${field} must be http or https`);
  if (url.username || url.password)
    throw new AppError('invalid_input', `${field} may not carry credentials`);
  return url;
}

/** Checks a URL someone gives for later calls (a webhook, a callback, a monitor's start page). */
export async function checkPublicUrl(
  value: string,
  options: OutboundOptions,
  field: string,
): Promise<URL> {
  const url = checkOutboundUrl(value, field);
  await resolvePublicHost(url.hostname, options, field);
  return url;
}
