/** The Express application: thin HTTP over the analysis service (no image analysis here). */
import type { AnalysisRepository, ApiKeyRepository, ModelVersionRepository, WebhookRepository } from '@face/db';
import type { Logger } from '@face/logger';
import type { QueueRegistry } from '@face/queue';
import type { OutboundGuard } from '@face/outbound';
import type { ImageStore } from '@face/storage';
import type { SendOptions } from '@face/webhooks';
import cors from 'cors';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { authenticate } from './http/authenticate';
import { errorHandler, notFound } from './http/errors';
import { requestContext } from './http/request-context';
import { analysesRouter } from './routes/analyses.routes';
import { calibrationRouter } from './routes/calibration.routes';
import { catalogRouter } from './routes/catalog.routes';
import { healthRouter } from './routes/health.routes';
import { webhooksRouter } from './routes/webhooks.routes';
import type { AnalysisService } from './services/analysis.service';

export interface AppDeps {
  service: AnalysisService;
  repo: AnalysisRepository;
  queue: QueueRegistry;
  store: ImageStore;
  keys: ApiKeyRepository;
  outbound: OutboundGuard;
  /** signing settings for POST /v1/webhooks/test; undefined without WEBHOOK_SECRET */
  webhookSend?: SendOptions;
  versions: ModelVersionRepository;
  webhooks: WebhookRepository;
  /** per-key rate limiting (http/rate-limit.ts) */
  rateLimit: RequestHandler;
  apiKeyCacheMs: number;
  corsOrigins: string[];
  logger: Logger;
  baseUrl: string;
  maxImageBytes: number;
  waitMaxSeconds: number;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(deps.logger));
  // an API, not a site: helmet's defaults (no sniffing, no framing, HSTS, a locked-down CSP) fit
  app.use(helmet());
  // browsers only from the configured origins; Bubble's servers send no Origin and are unaffected
  app.use(cors({ origin: deps.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'X-API-Key'], exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] }));
  app.use(healthRouter(deps));
  // every /v1 route: a key, then that key's rate limit, then the JSON body
  app.use('/v1', authenticate(deps.keys, deps.logger, deps.apiKeyCacheMs), deps.rateLimit, express.json({ limit: '64kb' }));
  app.use('/v1/analyses', analysesRouter(deps.service, deps));
  app.use('/v1/metrics', catalogRouter());
  app.use('/v1/webhooks', webhooksRouter(deps));
  app.use('/v1', calibrationRouter(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
