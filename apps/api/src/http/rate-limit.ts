/**
 * Per-key rate limits (Bubble calls come from shared servers, so the key, not
 * the IP, is the client). express-rate-limit sends `RateLimit-Limit`,
 * `RateLimit-Remaining`, `RateLimit-Reset` and, on 429, `Retry-After`. Counters
 * live in Redis when there is one (shared by every API process), in memory
 * otherwise (the embedded default runs one API process). If the counter store
 * fails, requests pass: rate limiting must not take the API down.
 */
import { AppError } from '@face/errors';
import type { Logger } from '@face/logger';
import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import IORedis from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import { callerOf } from './authenticate';

export interface RateLimitOptions {
  defaultPerMinute: number;
  redisUrl?: string;
  prefix: string;
  logger: Logger;
}

export function perKeyRateLimit(opts: RateLimitOptions): { middleware: RequestHandler; close: () => Promise<void> } {
  let redis: IORedis | undefined;
  let store: Store | undefined;
  if (opts.redisUrl) {
    // while Redis is away a counter call gives up after a second (and the request passes) instead of hanging
    redis = new IORedis(opts.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
    redis.on('error', (err) => opts.logger.debug('rate-limit redis error', { err: err.message }));
    const client = redis;
    store = new RedisStore({
      prefix: `${opts.prefix}:ratelimit:`,
      sendCommand: (command: string, ...args: string[]) => client.call(command, ...args) as never,
    });
  }
  const middleware = rateLimit({
    windowMs: 60_000,
    limit: (_req, res) => callerOf(res).rateLimitPerMinute ?? opts.defaultPerMinute,
    keyGenerator: (_req, res) => callerOf(res).keyId,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    passOnStoreError: true,
    store,
    handler: (_req, res, next) => {
      const limit = Number(res.getHeader('RateLimit-Limit'));
      const retryAfter = Number(res.getHeader('Retry-After') ?? 60);
      next(
        new AppError(
          'RATE_LIMITED',
          `Too many requests for this API key (limit ${limit} per minute); retry in ${retryAfter} s.`,
          { limit_per_minute: limit, retry_after_seconds: retryAfter },
        ),
      );
    },
  });
  return { middleware, close: async () => void (await redis?.quit().catch(() => undefined)) };
}
