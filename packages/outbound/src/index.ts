/**
 * Outbound HTTP that cannot be turned against our own network (server-side
 * request forgery, SPEC §6): `image_url` downloads and webhook deliveries may
 * only reach public addresses. A destination is checked twice — before the
 * request (literal IPs, and every address the name resolves to) and again at
 * connect time inside the socket's own DNS lookup, so a name that re-resolves
 * to a private address between the two (DNS rebinding) is still refused.
 * Redirects are never followed blindly: each hop is checked like the first.
 *
 * Refused: loopback, private (RFC 1918), link-local (incl. 169.254.169.254
 * cloud metadata), carrier-grade NAT, unique-local and site-local IPv6,
 * multicast, broadcast, unspecified and reserved ranges, and IPv4-mapped
 * forms of them. `allow` (configuration, for local development) lists host
 * names or CIDR ranges that may be reached anyway.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { AppError } from '@face/errors';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch, type Response } from 'undici';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (injectable so tests can make a name resolve anywhere). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })) as ResolvedAddress[];

export interface OutboundPolicy {
  /** host names or CIDR ranges (e.g. `localhost`, `127.0.0.1/32`, `10.0.0.0/8`) that may be reached though not public */
  allow?: readonly string[];
  resolver?: Resolver;
}

/** Why an address is not public (ipaddr.js range names), or null when it is. */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  return range === 'unicast' ? null : range;
}

export class OutboundGuard {
  private readonly hosts: Set<string>;
  private readonly cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  private readonly resolver: Resolver;
  private readonly agent: Agent;

  constructor(policy: OutboundPolicy = {}) {
    const allow = policy.allow ?? [];
    this.hosts = new Set(allow.filter((a) => !a.includes('/') && !ipaddr.isValid(a)).map((h) => h.toLowerCase()));
    this.cidrs = allow
      .filter((a) => a.includes('/') || ipaddr.isValid(a))
      .map((a) =>
        a.includes('/') ? ipaddr.parseCIDR(a) : [ipaddr.parse(a), ipaddr.parse(a).kind() === 'ipv4' ? 32 : 128],
      );
    this.resolver = policy.resolver ?? systemResolver;
    this.agent = new Agent({ connect: { lookup: this.connectLookup() }, connections: 64 });
  }

  /** Refuses a URL whose host is, or resolves to, a non-public address (AppError DESTINATION_NOT_ALLOWED). */
  async check(url: URL, what: string): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw refused(what, url, `${url.protocol} is not http(s)`);
    const host = hostOf(url);
    if (this.hosts.has(host)) return;
    const addresses = ipaddr.isValid(host) ? [host] : (await this.resolve(host, what, url)).map((a) => a.address);
    for (const address of addresses) this.assertAllowed(address, what, url);
  }

  /**
   * fetch with the checks above on every hop; redirects are followed only
   * when `maxRedirects` > 0 (webhooks: never), each target checked anew.
   */
  async fetch(
    url: URL,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      signal?: AbortSignal;
      maxRedirects?: number;
    },
    what: string,
  ): Promise<Response> {
    let target = url;
    for (let hop = 0; ; hop++) {
      await this.check(target, what);
      const res = await undiciFetch(target, {
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: init.signal,
        redirect: 'manual',
        dispatcher: this.agent,
      });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location || hop >= (init.maxRedirects ?? 0)) return res;
      await res.body?.cancel().catch(() => undefined);
      target = new URL(location, target);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async resolve(host: string, what: string, url: URL): Promise<ResolvedAddress[]> {
    try {
      const all = await this.resolver(host);
      if (all.length === 0) throw new Error('no addresses');
      return all;
    } catch {
      throw new AppError('DESTINATION_NOT_ALLOWED', `${what}: the host ${host} does not resolve.`, {
        field: what,
        host: url.host,
        reason: 'unresolvable',
      });
    }
  }

  private allowedAddress(address: string): boolean {
    if (nonPublicRange(address) === null) return true;
    const ip = ipaddr.parse(address);
    return this.cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net as never, bits));
  }

  private assertAllowed(address: string, what: string, url: URL): void {
    if (!this.allowedAddress(address)) throw refused(what, url, `${address} is a ${nonPublicRange(address)} address`);
  }

  /** The socket's DNS lookup: resolves with the same resolver and refuses non-public answers at connect time. */
  private connectLookup(): LookupFunction {
    return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      const host = hostname.toLowerCase();
      this.resolver(host).then(
        (all) => {
          const usable = this.hosts.has(host) ? all : all.filter((a) => this.allowedAddress(a.address));
          if (usable.length === 0) {
            const err = Object.assign(new Error(`${host} resolves only to non-public addresses`), {
              code: 'EDESTINATIONNOTALLOWED',
            });
            return callback(err);
          }
          if (options?.all) callback(null, usable);
          else callback(null, usable[0].address, usable[0].family);
        },
        (err) => callback(err),
      );
    }) as LookupFunction;
  }
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function refused(what: string, url: URL, reason: string): AppError {
  return new AppError('DESTINATION_NOT_ALLOWED', `${what} must point to a public internet address (${reason}).`, {
    field: what,
    host: url.host,
    reason,
  });
}

/** Whether an error (from fetch) is the connect-time refusal. */
export function isRefusedAtConnect(e: unknown): boolean {
  let cur = e as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; cur && i < 5; i++, cur = cur.cause as typeof cur)
    if (cur.code === 'EDESTINATIONNOTALLOWED') return true;
  return false;
}
