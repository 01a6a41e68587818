/**
 * One error type with a code enum, shared by API and worker (SPEC §5).
 * The API maps codes to HTTP status here, in one place.
 */
export const ErrorCode = {
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  INVALID_IMAGE: 'INVALID_IMAGE',
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
  IMAGE_TOO_SMALL: 'IMAGE_TOO_SMALL',
  IMAGE_DOWNLOAD_FAILED: 'IMAGE_DOWNLOAD_FAILED',
  NO_FACE: 'NO_FACE',
  MULTIPLE_FACES: 'MULTIPLE_FACES',
  FACE_TOO_SMALL: 'FACE_TOO_SMALL',
  LOW_QUALITY: 'LOW_QUALITY',
  COLOR_CAST: 'COLOR_CAST',
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  DESTINATION_NOT_ALLOWED: 'DESTINATION_NOT_ALLOWED',
  WEBHOOKS_NOT_CONFIGURED: 'WEBHOOKS_NOT_CONFIGURED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  QUEUE_UNAVAILABLE: 'QUEUE_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  NOT_FOUND: 'NOT_FOUND',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  LINK_EXPIRED: 'LINK_EXPIRED',
  MODEL_UNAVAILABLE: 'MODEL_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_IMAGE: 422,
  IMAGE_TOO_LARGE: 413,
  IMAGE_TOO_SMALL: 422,
  IMAGE_DOWNLOAD_FAILED: 422,
  NO_FACE: 422,
  MULTIPLE_FACES: 422,
  FACE_TOO_SMALL: 422,
  LOW_QUALITY: 422,
  COLOR_CAST: 422,
  VALIDATION_ERROR: 400,
  DESTINATION_NOT_ALLOWED: 400,
  WEBHOOKS_NOT_CONFIGURED: 503,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  QUEUE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
  NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  LINK_EXPIRED: 410,
  MODEL_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Codes that describe the input itself: retrying the same photo cannot help. */
const PERMANENT = new Set<ErrorCode>([
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_IMAGE',
  'IMAGE_TOO_LARGE',
  'IMAGE_TOO_SMALL',
  'NO_FACE',
  'MULTIPLE_FACES',
  'FACE_TOO_SMALL',
  'LOW_QUALITY',
  'COLOR_CAST',
  'VALIDATION_ERROR',
  'DESTINATION_NOT_ALLOWED',
]);

/** Codes that reject a photo or request for what it is (no face, too small, …), as opposed to a failure of ours. */
export const INPUT_ERROR_CODES: readonly ErrorCode[] = [...PERMANENT];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  get permanent(): boolean {
    return PERMANENT.has(this.code);
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details ?? null } };
  }
}

/** Codes of a dependency that is down (database, queue, image store): the work waits for it, nothing is judged. */
const DEPENDENCY_DOWN = new Set<ErrorCode>(['QUEUE_UNAVAILABLE', 'DATABASE_UNAVAILABLE', 'STORAGE_UNAVAILABLE']);

/** Postgres/driver codes of a connection that is gone or refused (not of a bad query). */
const DATABASE_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * The dependency that is down, when `err` says one is: an AppError with such a
 * code, or a database driver error of a lost or refused connection.
 */
export function unavailableDependency(err: unknown): ErrorCode | null {
  if (err instanceof AppError) return DEPENDENCY_DOWN.has(err.code) ? err.code : null;
  const e = err as { code?: string; message?: string; driverError?: { code?: string } } | null;
  const code = e?.code ?? e?.driverError?.code;
  if (
    (code && DATABASE_CONNECTION_CODES.has(code)) ||
    /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(
      e?.message ?? '',
    )
  ) {
    return 'DATABASE_UNAVAILABLE';
  }
  return null;
}

/** A non-blocking observation attached to a result (e.g. MULTIPLE_FACES). */
export interface Warning {
  code: ErrorCode;
  message: string;
  /** what was measured and the threshold it crossed (LOW_QUALITY) */
  details?: Record<string, string | number>;
}
