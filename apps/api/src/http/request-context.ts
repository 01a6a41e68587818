/** Request ids (accepted from X-Request-Id or generated) and one access-log line per request, without bodies. */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@face/logger';
import type { RequestHandler } from 'express';

const VALID_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      logger.http('request', {
        request_id: requestId,
        method: req.method,
        route: req.route?.path ? `${req.baseUrl}${req.route.path}` : req.path.split('?')[0],
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - start) / 1e6,
      });
    });
    next();
  };
}
