/**
 * API-key authentication for every /v1 route (SPEC §4): `Authorization: Bearer <key>`
 * (or `X-API-Key`, which some HTTP tools find easier). A live key is cached for
 * a few seconds so a polling client does not cost a query per request; a
 * revocation therefore takes effect within API_KEY_CACHE_MS.
 */
import { AppError } from '@face/errors';
import { hashApiKey, type ApiKeyRepository, type ApiKeyRow, type ApiKeyScope } from '@face/db';
import type { Logger } from '@face/logger';
import { parse as parseCookies } from 'cookie';
import type { RequestHandler, Response } from 'express';
import type { Caller } from '../services/caller';

export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('route mounted without authenticate()');
  return caller;
}

function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  if (authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return m?.[1];
  }
  return apiKeyHeader?.trim() || undefined;
}

/** The cookie the operations pages (/ops, /admin/queues) carry the admin key in, set by POST /ops/login. */
export const OPS_COOKIE = 'face_ops_key';

export function authenticate(
  keys: ApiKeyRepository,
  logger: Logger,
  cacheMs: number,
  { cookie }: { cookie?: string } = {},
): RequestHandler {
  const cache = new Map<string, { row: ApiKeyRow; until: number }>();
  return async (req, res, next) => {
    try {
      const secret =
        presentedKey(req.header('authorization'), req.header('x-api-key')) ??
        (cookie ? parseCookies(req.header('cookie') ?? '')[cookie] : undefined);
      if (!secret) throw new AppError('UNAUTHORIZED', 'An API key is required: send Authorization: Bearer <key>.');
      const hash = hashApiKey(secret);
      let row = cache.get(hash);
      if (!row || row.until < Date.now()) {
        const found = await keys.findBySecret(secret);
        if (!found) {
          cache.delete(hash);
          throw new AppError('UNAUTHORIZED', 'The API key is not valid or has been revoked.');
        }
        row = { row: found, until: Date.now() + cacheMs };
        if (cacheMs > 0) cache.set(hash, row);
        keys.touch(found.id).catch((err) => logger.warn('api key last_used_at not updated', { err }));
      }
      const caller: Caller = {
        keyId: row.row.id,
        name: row.row.name,
        scope: row.row.scope,
        rateLimitPerMinute: row.row.rate_limit_per_minute,
      };
      res.locals.caller = caller;
      next();
    } catch (e) {
      next(e);
    }
  };
}

export function requireScope(scope: ApiKeyScope): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (scope === 'admin' && caller.scope !== 'admin')
      next(new AppError('FORBIDDEN', 'This route needs an admin key.'));
    else next();
  };
}
