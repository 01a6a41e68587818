/**
 * The one place that reads process.env. Every variable is documented in
 * .env.example with its unit and default; a bad value stops start-up with a
 * message naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);
/** A comma-separated list (empty → none). */
const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  );
/** Optional text: trimmed, and empty counts as unset (compose files and .env copies leave variables empty). */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Seconds before each retry of a failed webhook attempt, unless WEBHOOK_RETRY_SCHEDULE says otherwise (the one place). */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE: readonly number[] = [5, 300, 1800, 7200, 18000, 36000];

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** API port. */
  PORT: int(8080),
  /** API bind address. */
  HOST: z.string().default('0.0.0.0'),
  /** Base URL printed in status_url links; defaults to http://localhost:PORT. */
  PUBLIC_BASE_URL: optionalText,
  /** Postgres URL; unset → embedded Postgres under DATA_DIR (npm start only). */
  DATABASE_URL: optionalText,
  /** Redis URL; unset → BullMQ's PostgreSQL backend in DATABASE_URL's database. */
  REDIS_URL: optionalText,
  /** Namespace for queue keys (Redis prefix, or Postgres schema for the PG backend). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits, _')
    .default('faceq'),
  /** Images (when STORAGE_URL is unset), scratch copies and embedded Postgres data. */
  DATA_DIR: z.string().default('./.data'),
  /** Where photos and overlays live: unset → DATA_DIR/images; `s3://bucket/prefix` → S3-compatible object storage. */
  STORAGE_URL: optionalText.refine(
    (v) => v === undefined || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(v),
    's3://bucket or s3://bucket/prefix',
  ),
  /** S3 endpoint for S3-compatible servers (MinIO…); unset → AWS's endpoint for AWS_REGION. */
  S3_ENDPOINT: optionalText,
  /** Path-style bucket addressing (http://host/bucket/key), as MinIO-style servers need. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Region of the bucket (the standard AWS variable). */
  AWS_REGION: z.string().trim().min(1).default('us-east-1'),
  /** Longest one object-store request may take, ms (connection and response each); past it the store counts as down. */
  S3_TIMEOUT_MS: int(10_000),
  /** Port of the embedded Postgres (only when DATABASE_URL is unset). */
  EMBEDDED_PG_PORT: int(54329),
  /** Jobs one worker process runs at once (each runs in its own inference thread). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Where the networks run: cpu (ONNX Runtime's CPU kernels) or gpu (its CUDA execution provider; refuses to start without it). */
  WORKER_DEVICE: z.enum(['cpu', 'gpu']).default('cpu'),
  /** BullMQ lock duration, ms: a worker that stops renewing for this long is considered dead. */
  WORKER_LOCK_MS: int(30000),
  /** BullMQ stalled-job check interval, ms. */
  WORKER_STALLED_INTERVAL_MS: int(30000),
  /** Longest one photo may spend in the pipeline, ms; past it the inference thread is replaced and the job retried. */
  WORKER_JOB_TIMEOUT_MS: int(120_000),
  /** Times an analysis job may stall (its worker died or its event loop blocked past the lock) before it fails. */
  WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(20).default(2),
  /** Webhook deliveries one worker process sends at once (I/O only; they share the process with analyses). */
  WORKER_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** How often a worker records that it is alive, ms; the dashboard calls a worker silent after three missed beats. */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(500).default(5000),
  /** How often a worker re-checks that every unfinished analysis and pending webhook has a job, ms. */
  WORKER_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How often a running analysis checks whether it was cancelled or deleted, ms (one small query per active job). */
  WORKER_CANCEL_POLL_MS: z.coerce.number().int().min(100).default(1000),
  /** How long a worker keeps the active model versions before reading them again, ms (a refit reaches workers within it). */
  WORKER_MODEL_REFRESH_MS: int(5000),
  /** How long a worker keeps the active population norms before reading them again, ms. */
  WORKER_NORMS_REFRESH_MS: int(60_000),
  /** How often the retention job runs, ms (one schedule for the deployment, however many workers). */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(60_000).default(3600_000),
  /** Graceful-shutdown deadline, ms: active jobs past it are released for another worker. */
  SHUTDOWN_TIMEOUT_MS: int(30000),
  /** Attempts per analysis job for transient errors (input errors are never retried). */
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** First retry delay, ms; doubles each attempt. */
  JOB_BACKOFF_MS: int(2000),
  /** Largest accepted upload or download, bytes. */
  MAX_IMAGE_BYTES: int(20 * 1024 * 1024),
  /** Largest accepted decoded image, pixels (decompression-bomb guard). */
  MAX_IMAGE_PIXELS: int(50_000_000),
  /** Smallest face box side, pixels, that is analysed (FACE_TOO_SMALL below it). */
  MIN_FACE_PX: int(64),
  /** image_url download timeout, ms. */
  IMAGE_URL_TIMEOUT_MS: int(10000),
  /** Longest `wait=` a client may ask for, seconds. */
  WAIT_MAX_SECONDS: z.coerce.number().int().min(0).max(25).default(25),
  /** How long a producer waits for the queue before answering 503 QUEUE_UNAVAILABLE, ms. */
  QUEUE_TIMEOUT_MS: int(3000),
  /** LOW_QUALITY warnings (SPEC §5): variance of the Laplacian on the face below this is blur. */
  QUALITY_MIN_SHARPNESS: z.coerce.number().nonnegative().default(20),
  /** Mean face L* outside this range is under- or over-exposure. */
  QUALITY_MIN_EXPOSURE: z.coerce.number().min(0).max(100).default(25),
  QUALITY_MAX_EXPOSURE: z.coerce.number().min(0).max(100).default(85),
  /** Share (0–1) of face pixels at pure white or black above which the photo counts as clipped. */
  QUALITY_MAX_CLIPPED: z.coerce.number().min(0).max(1).default(0.05),
  /** Head turn beyond these angles (degrees) is a strong turn. */
  QUALITY_MAX_YAW: z.coerce.number().min(0).max(90).default(30),
  QUALITY_MAX_PITCH: z.coerce.number().min(0).max(90).default(25),
  /** Bootstraps one admin API key with this secret at API start-up (operators, automated checks); ≥ 24 characters. */
  ADMIN_API_KEY: optionalText.refine((v) => v === undefined || v.length >= 24, 'at least 24 characters'),
  /** How long a checked API key is trusted before it is looked up again, ms: a revocation takes effect within this. */
  API_KEY_CACHE_MS: int(10_000),
  /** Requests per minute per API key unless the key sets its own limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Browser origins allowed by CORS, comma-separated (empty: none; server-to-server callers such as Bubble need none). */
  CORS_ORIGINS: commaList,
  /**
   * Host names or CIDR ranges that image_url downloads and webhooks may reach
   * although they are not public addresses (local development only), comma-separated.
   */
  OUTBOUND_ALLOWLIST: commaList,
  /** Secret that signs webhooks (Standard Webhooks: `whsec_` + base64 of ≥ 24 random bytes). */
  WEBHOOK_SECRET: optionalText.refine(
    (v) => v === undefined || /^whsec_[A-Za-z0-9+/=]{32,}$/.test(v),
    'whsec_ followed by base64 (at least 24 bytes)',
  ),
  /**
   * Secret that signs expiring links to pictures (overlay_url), so a Bubble Image element can show them without an
   * API key; ≥ 32 characters, shared by the API and the workers. Unset: overlay_url needs the API key.
   */
  URL_SIGNING_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'at least 32 characters'),
  /** How long a signed picture link (overlay_url) works, seconds; reading the analysis again gives a fresh one. */
  OVERLAY_URL_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(86400),
  /** How long a report link (report_url) works, seconds; reading the analysis again gives a fresh one. */
  REPORT_URL_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 86400)
    .default(7 * 86400),
  /** Where webhooks go when an analysis has no callback_url (empty: nowhere). */
  WEBHOOK_DEFAULT_URL: optionalText,
  /**
   * Static bearer tokens per destination (Bubble's workflow API token), as JSON:
   * {"https://myapp.bubbleapps.io": "token"} — keyed by origin (scheme://host[:port]).
   */
  WEBHOOK_AUTH_TOKENS: z
    .string()
    .default('{}')
    .transform((v, ctx) => {
      try {
        const parsed = JSON.parse(v || '{}') as unknown;
        if (
          parsed &&
          typeof parsed === 'object' &&
          !Array.isArray(parsed) &&
          Object.values(parsed).every((t) => typeof t === 'string')
        ) {
          return Object.fromEntries(
            Object.entries(parsed as Record<string, string>).map(([k, t]) => [new URL(k).origin, t]),
          );
        }
      } catch {
        /* reported below */
      }
      ctx.addIssue({ code: 'custom', message: 'a JSON object of origin → token strings' });
      return z.NEVER;
    }),
  /** Seconds to wait before each retry after a failed webhook attempt, comma-separated. */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_WEBHOOK_RETRY_SCHEDULE.join(','))
    .transform((v, ctx) => {
      const xs = v.split(',').map((x) => Number(x.trim()));
      if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x < 0)) {
        ctx.addIssue({ code: 'custom', message: 'comma-separated non-negative seconds' });
        return z.NEVER;
      }
      return xs;
    }),
  /** A webhook attempt succeeds on a 2xx within this many ms. */
  WEBHOOK_TIMEOUT_MS: int(15_000),
  /** Photos (and overlay pictures) of finished analyses older than this many days are deleted; metrics stay. 0 keeps them. */
  IMAGE_RETENTION_DAYS: int(30),
  /** Directory of pg_dump/pg_restore for npm run backup/restore (a client matching the server's major version); unset: PATH. */
  PG_BIN_DIR: optionalText,
  /** Port of a worker's Prometheus /metrics (0: not served). */
  WORKER_METRICS_PORT: int(9464),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
});

export type AppConfig = z.infer<typeof configSchema> & { dataDir: string; imageDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return { ...parsed.data, dataDir, imageDir: path.join(dataDir, 'images') };
}

export function publicBaseUrl(config: AppConfig): string {
  return (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}

/** The LOW_QUALITY thresholds (pipeline QualityThresholds) from the configuration. */
export function qualityThresholds(
  config: Pick<
    AppConfig,
    | 'QUALITY_MIN_SHARPNESS'
    | 'QUALITY_MIN_EXPOSURE'
    | 'QUALITY_MAX_EXPOSURE'
    | 'QUALITY_MAX_CLIPPED'
    | 'QUALITY_MAX_YAW'
    | 'QUALITY_MAX_PITCH'
  >,
) {
  return {
    minSharpness: config.QUALITY_MIN_SHARPNESS,
    minExposure: config.QUALITY_MIN_EXPOSURE,
    maxExposure: config.QUALITY_MAX_EXPOSURE,
    maxClippedShare: config.QUALITY_MAX_CLIPPED,
    maxYawDeg: config.QUALITY_MAX_YAW,
    maxPitchDeg: config.QUALITY_MAX_PITCH,
  };
}
