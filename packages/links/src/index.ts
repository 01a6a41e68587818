/**
 * Expiring signed links to what an API key protects (the overlay picture): usable where no header can be sent, such
 * as a Bubble Image element or an <img> tag. The signature is an HMAC-SHA256 over the path and the expiry time, so a
 * link cannot be moved to another analysis or kept alive longer; deleting the analysis revokes it (the picture and
 * the row are gone, the route answers 404).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck = 'valid' | 'expired' | 'invalid';

export class SignedLinks {
  constructor(
    private readonly secret: string,
    /** how long a link is good for, seconds */
    readonly ttlSeconds: number,
  ) {}

  /** `path` (from the API's base, starting with /) with `expires` (Unix seconds) and `signature` query parameters. */
  sign(path: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return `${path}?expires=${expires}&signature=${this.signature(path, expires)}`;
  }

  /** Whether a link's query parameters are this service's signature for `path`, and still in time. */
  check(path: string, expires: unknown, signature: unknown, now = Date.now()): LinkCheck {
    if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof signature !== 'string') return 'invalid';
    const expected = Buffer.from(this.signature(path, Number(expires)));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 <= now ? 'expired' : 'valid';
  }

  /** One path segment that carries its subject, expiry and signature (`<id>.<expires>.<signature>`): for /r/<token>. */
  token(subject: string, purpose: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return `${subject}.${expires}.${this.signature(`${purpose}:${subject}`, expires)}`;
  }

  /** The subject of a token made by `token` with the same purpose, and whether it is still in time. */
  readToken(token: string, purpose: string, now = Date.now()): { subject: string; check: LinkCheck } {
    const [subject = '', expires, signature, ...rest] = token.split('.');
    if (rest.length > 0 || !/^[\w-]{1,100}$/.test(subject)) return { subject: '', check: 'invalid' };
    return { subject, check: this.check(`${purpose}:${subject}`, expires, signature, now) };
  }

  private signature(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('base64url');
  }
}

/** The signer of picture links from the configuration (URL_SIGNING_SECRET, OVERLAY_URL_TTL); null when no secret is set. */
export function pictureLinks(config: { URL_SIGNING_SECRET?: string; OVERLAY_URL_TTL: number }): SignedLinks | null {
  return config.URL_SIGNING_SECRET ? new SignedLinks(config.URL_SIGNING_SECRET, config.OVERLAY_URL_TTL) : null;
}

/** The signer of report links (report_url): the same secret, REPORT_URL_TTL; null when no secret is set. */
export function reportLinks(config: { URL_SIGNING_SECRET?: string; REPORT_URL_TTL: number }): SignedLinks | null {
  return config.URL_SIGNING_SECRET ? new SignedLinks(config.URL_SIGNING_SECRET, config.REPORT_URL_TTL) : null;
}
