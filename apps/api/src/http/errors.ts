/** Maps every failure to the JSON error shape `{error:{code,message,details}}` (SPEC §4). No stack traces leave the server. */
import { AppError, unavailableDependency } from '@face/errors';
import type { Logger } from '@face/logger';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import multer from 'multer';

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE')
      return new AppError('IMAGE_TOO_LARGE', 'The uploaded image is larger than the limit.');
    return new AppError(
      'VALIDATION_ERROR',
      `Upload rejected: ${err.message}${err.field ? ` (field "${err.field}")` : ''}. Send the photo in field "image" or "file".`,
    );
  }
  const e = err as { type?: string };
  if (e?.type === 'entity.parse.failed') return new AppError('VALIDATION_ERROR', 'The request body is not valid JSON.');
  if (e?.type === 'entity.too.large')
    return new AppError('VALIDATION_ERROR', 'The JSON body is too large; upload photos as multipart form data.');
  if (unavailableDependency(err) === 'DATABASE_UNAVAILABLE')
    return new AppError('DATABASE_UNAVAILABLE', 'The database is not reachable; try again shortly.');
  return null;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    const requestId = res.locals.requestId as string | undefined;
    if (!appError) {
      logger.error('unhandled request error', {
        request_id: requestId,
        method: req.method,
        path: req.route?.path ?? req.path,
        err,
      });
      res
        .status(500)
        .json({ error: { code: 'INTERNAL', message: 'Internal error.', details: { request_id: requestId ?? null } } });
      return;
    }
    if (appError.httpStatus >= 500) logger.warn('request failed', { request_id: requestId, code: appError.code });
    if (unavailableDependency(appError)) res.setHeader('Retry-After', '5');
    res.status(appError.httpStatus).json(appError.toJSON());
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}.`));
};
