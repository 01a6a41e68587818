/** The Express application: thin HTTP over the analysis service (no image analysis here). */
import type {
  AnalysisRepository,
  AnalysisResultRepository,
  ApiKeyRepository,
  ExportFilter,
  HeaderLanguage,
  ModelVersionRepository,
  WebhookRepository,
} from '@face/db';
import type { Logger } from '@face/logger';
import type { QueueRegistry } from '@face/queue';
import type { OutboundGuard } from '@face/outbound';
import type { ImageStore } from '@face/storage';
import type { Links } from '@face/presenters';
import type { Registry } from '@face/telemetry';
import type { SendOptions } from '@face/webhooks';
import type { Readable } from 'node:stream';
import cors from 'cors';
import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './openapi';
import { authenticate } from './http/authenticate';
import { errorHandler, notFound } from './http/errors';
import { requestContext, type HttpMetrics } from './http/request-context';
import { analysesRouter } from './routes/analyses.routes';
import { calibrationRouter } from './routes/calibration.routes';
import { catalogRouter } from './routes/catalog.routes';
import { exportsRouter } from './routes/exports.routes';
import { healthRouter } from './routes/health.routes';
import { opsRouter } from './routes/ops.routes';
import { picturesRouter } from './routes/pictures.routes';
import { subjectsRouter } from './routes/subjects.routes';
import { reportsRouter } from './routes/reports.routes';
import type { OpsService } from './services/ops.service';
import { webhooksRouter } from './routes/webhooks.routes';
import type { AnalysisService } from './services/analysis.service';

export interface AppDeps {
  service: AnalysisService;
  repo: AnalysisRepository;
  results: AnalysisResultRepository;
  queue: QueueRegistry;
  store: ImageStore;
  keys: ApiKeyRepository;
  /** the operations dashboard's snapshot (absent: /ops is not served) */
  opsService?: OpsService;
  outbound: OutboundGuard;
  /** the analyses CSV, streamed from the database */
  exportCsv: (filter: ExportFilter, lang: HeaderLanguage) => Promise<Readable>;
  /** signing settings for POST /v1/webhooks/test; undefined without WEBHOOK_SECRET */
  webhookSend?: SendOptions;
  versions: ModelVersionRepository;
  webhooks: WebhookRepository;
  /** per-key rate limiting (http/rate-limit.ts) */
  rateLimit: RequestHandler;
  apiKeyCacheMs: number;
  corsOrigins: string[];
  logger: Logger;
  /** Prometheus registry served at /metrics, and the HTTP metrics recorded per request */
  metrics?: { registry: Registry; http: HttpMetrics };
  baseUrl: string;
  /** where links point and the signer of picture links */
  links: Links;
  maxImageBytes: number;
  waitMaxSeconds: number;
}

/** A router and where it is mounted (for the OpenAPI route check). */
export interface MountedRouter {
  prefix: string;
  router: Router;
}

/** Every (METHOD, /path/{param}) the app serves through its routers. */
export function routeTable(app: express.Express): string[] {
  const out: string[] = [];
  for (const { prefix, router } of app.locals.mounts as MountedRouter[]) {
    for (const layer of router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>) {
      if (!layer.route) continue;
      const path = `${prefix}${layer.route.path}`.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}') || '/';
      for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out.sort();
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // filled once every router is mounted (below): the templates of the routes, for logs and metrics labels
  const routes: Array<{ method: string; template: string; pattern: RegExp }> = [];
  const routeOf = (method: string, path: string) =>
    routes.find((r) => r.method === method && r.pattern.test(path))?.template ?? null;
  app.use(requestContext(deps.logger, deps.metrics?.http, routeOf));
  // an API, not a site: helmet's defaults (no sniffing, no framing, HSTS, a locked-down CSP) fit
  app.use(helmet());
  // browsers only from the configured origins; Bubble's servers send no Origin and are unaffected
  app.use(
    cors({
      origin: deps.corsOrigins,
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'X-API-Key'],
      exposedHeaders: [
        'X-Request-Id',
        'Location',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
      ],
    }),
  );
  const mounts: MountedRouter[] = [];
  app.locals.mounts = mounts;
  const mount = (prefix: string, router: Router) => {
    app.use(prefix, router);
    mounts.push({ prefix, router });
  };
  mount('', healthRouter(deps));
  // Prometheus scrapes without a key (no personal data in metrics); keep /metrics off the public network
  app.get('/metrics', async (_req, res) => {
    if (!deps.metrics) return void res.status(404).end();
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  if (deps.opsService) app.use(opsRouter({ ...deps, opsService: deps.opsService }));
  // the API description: public like the health checks (it holds no data)
  const doc = openApiDocument(deps.baseUrl);
  app.get('/openapi.json', (_req, res) => void res.json(doc));
  // Swagger UI needs inline scripts and styles: a relaxed CSP for /docs only
  app.use(
    '/docs',
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"] },
      },
    }),
    swaggerUi.serve,
    swaggerUi.setup(doc as never),
  );
  // signed links need no key: the signature is the permission (a Bubble Image element sends no header)
  mount('/pictures', picturesRouter(deps));
  mount('/r', reportsRouter(deps));
  // every /v1 route: a key, then that key's rate limit, then the JSON body
  app.use(
    '/v1',
    authenticate(deps.keys, deps.logger, deps.apiKeyCacheMs),
    deps.rateLimit,
    express.json({ limit: '64kb' }),
  );
  mount('/v1/analyses', analysesRouter(deps.service, deps));
  mount('/v1/subjects', subjectsRouter(deps.service));
  mount('/v1/metrics', catalogRouter());
  mount('/v1/webhooks', webhooksRouter(deps));
  mount('/v1/exports', exportsRouter(deps));
  mount('/v1', calibrationRouter(deps));
  for (const line of routeTable(app)) {
    const [method, template] = line.split(' ');
    routes.push({
      method,
      template,
      pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    });
  }
  // literal paths before templated ones (/v1/analyses/sample is not /v1/analyses/{id})
  routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
