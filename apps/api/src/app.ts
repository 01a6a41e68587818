/** The Express application: thin HTTP over the analysis service (no image analysis here). */
import type { AnalysisRepository } from '@face/db';
import type { Logger } from '@face/logger';
import type { QueueRegistry } from '@face/queue';
import type { ImageStore } from '@face/storage';
import express from 'express';
import { errorHandler, notFound } from './http/errors';
import { requestContext } from './http/request-context';
import { analysesRouter } from './routes/analyses.routes';
import { catalogRouter } from './routes/catalog.routes';
import { healthRouter } from './routes/health.routes';
import type { AnalysisService } from './services/analysis.service';

export interface AppDeps {
  service: AnalysisService;
  repo: AnalysisRepository;
  queue: QueueRegistry;
  store: ImageStore;
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
  app.use(express.json({ limit: '64kb' }));
  app.use(healthRouter(deps));
  app.use('/v1/analyses', analysesRouter(deps.service, deps));
  app.use('/v1/metrics', catalogRouter());
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
