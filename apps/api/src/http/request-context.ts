/** Request ids (accepted from X-Request-Id or generated) and one access-log line per request, without bodies. */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@face/logger';
import type { RequestHandler } from 'express';

const VALID_ID = /^[A-Za-z0-9._-]{8,128}$/;

export interface HttpMetrics {
  requests: { inc(labels: Record<string, string>): void };
  duration: { observe(labels: Record<string, string>, seconds: number): void };
}

/**
 * The route template of a request ("/v1/analyses/{id}"), from the routes the app mounts: also for requests that a
 * middleware answered before routing (401, 429), which Express's req.route does not know.
 */
export type RouteOf = (method: string, path: string) => string | null;

export function requestContext(logger: Logger, metrics?: HttpMetrics, routeOf: RouteOf = () => null): RequestHandler {
  return (req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // (inside a mounted router req.path is relative to it; originalUrl is what the client asked for)
      const route =
        routeOf(req.method, req.originalUrl.split('?')[0]) ??
        (req.route?.path ? `${req.baseUrl}${req.route.path}` : null);
      logger.http('request', {
        request_id: requestId,
        method: req.method,
        route: route ?? req.path.split('?')[0],
        status: res.statusCode,
        ms,
      });
      // unmatched paths share one label: raw paths would make a series per probe
      const labels = { method: req.method, route: route ?? 'unmatched', status: String(res.statusCode) };
      metrics?.requests.inc(labels);
      metrics?.duration.observe(labels, ms / 1000);
    });
    next();
  };
}
