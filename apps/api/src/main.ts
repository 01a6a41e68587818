/** API process: `npm run start:api`. Needs DATABASE_URL (or the `npm start` launcher, which provides one). */
import { loadConfig, publicBaseUrl } from '@face/config';
import {
  AnalysisRepository,
  AnalysisResultRepository,
  ApiKeyRepository,
  DeploymentRepository,
  ModelVersionRepository,
  OpsRepository,
  WebhookRepository,
  openDatabase,
  streamAnalysesCsv,
} from '@face/db';
import { pictureLinks, reportLinks } from '@face/links';
import { createLogger } from '@face/logger';
import { OutboundGuard } from '@face/outbound';
import { QueueName, QueueRegistry } from '@face/queue';
import { createImageStore } from '@face/storage';
import { createRegistry, httpMetrics, scrapedGauge } from '@face/telemetry';
import { createApp } from './app';
import { perKeyRateLimit } from './http/rate-limit';
import { AnalysisService } from './services/analysis.service';
import { OpsService } from './services/ops.service';

async function main() {
  const config = loadConfig();
  const logger = createLogger('api', config.LOG_LEVEL);
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: run `npm start` for the embedded default, or set DATABASE_URL.');
  const ds = await openDatabase({ url: config.DATABASE_URL, applicationName: 'face-api' });
  const repo = new AnalysisRepository(ds);
  const results = new AnalysisResultRepository(ds);
  const queue = new QueueRegistry(config);
  // Redis down at start: the API still serves reads (uploads answer 503 QUEUE_UNAVAILABLE until the namespace is
  // bound); a namespace bound to another deployment stops it, at start or whenever Redis comes back
  const binding = queue.bindDeployment(await new DeploymentRepository(ds).identity(), (err) =>
    logger.warn('waiting for Redis to bind QUEUE_PREFIX to this deployment', { err }),
  );
  binding.catch((e: Error) => {
    console.error(`api failed to start: ${e.message}`);
    process.exit(1);
  });
  await Promise.race([binding, new Promise((resolve) => setTimeout(resolve, config.QUEUE_TIMEOUT_MS).unref())]);
  const store = createImageStore(config);
  await store.checkWritable();
  const limits = {
    maxBytes: config.MAX_IMAGE_BYTES,
    maxPixels: config.MAX_IMAGE_PIXELS,
    downloadTimeoutMs: config.IMAGE_URL_TIMEOUT_MS,
  };
  const outbound = new OutboundGuard({ allow: config.OUTBOUND_ALLOWLIST });
  const service = new AnalysisService(repo, results, queue, store, limits, logger, outbound);
  const keys = new ApiKeyRepository(ds);
  if (config.ADMIN_API_KEY) {
    const admin = await keys.ensure(config.ADMIN_API_KEY, 'admin-bootstrap', 'admin');
    logger.info('admin key from ADMIN_API_KEY is live', { key_prefix: admin.key_prefix, scope: admin.scope });
  }
  const limiter = perKeyRateLimit({
    defaultPerMinute: config.RATE_LIMIT_PER_MINUTE,
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    logger,
  });
  const baseUrl = publicBaseUrl(config);
  const pictures = pictureLinks(config);
  if (!pictures)
    logger.warn(
      'URL_SIGNING_SECRET is not set: overlay_url needs the API key, so a Bubble Image element cannot show it',
    );
  if (!config.PUBLIC_BASE_URL)
    logger.warn(
      `PUBLIC_BASE_URL is not set: status_url and overlay_url point at ${baseUrl}, which only this machine can reach`,
    );
  const registry = createRegistry('api');
  const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
  scrapedGauge(registry, 'face_queue_jobs', 'Jobs in each queue by state', ['queue', 'state'], async () => {
    const out = [];
    for (const q of Object.values(QueueName).map((name) => queue.queue(name))) {
      const counts = await q.getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) out.push({ labels: { queue: q.name, state }, value: counts[state] ?? 0 });
    }
    return out;
  });
  const ops = new OpsRepository(ds);
  const byStatus = (counts: Record<string, number>) =>
    Object.entries(counts).map(([status, value]) => ({ labels: { status }, value }));
  scrapedGauge(
    registry,
    'face_analyses_last_24h',
    'Analyses created in the last 24 hours by status (Postgres)',
    ['status'],
    async () => byStatus(await ops.statusCounts(24)),
  );
  scrapedGauge(
    registry,
    'face_webhook_deliveries_last_24h',
    'Webhook messages of the last 24 hours by status (Postgres)',
    ['status'],
    async () => byStatus(await ops.deliveryStatusCounts(24)),
  );
  const app = createApp({
    metrics: { registry, http: httpMetrics(registry) },
    service,
    repo,
    results,
    queue,
    store,
    keys,
    versions: new ModelVersionRepository(ds),
    webhooks: new WebhookRepository(ds),
    outbound,
    exportCsv: (filter, lang) => streamAnalysesCsv(ds, filter, lang),
    opsService: new OpsService(ops, queue, config.WORKER_HEARTBEAT_MS),
    webhookSend: config.WEBHOOK_SECRET
      ? { secret: config.WEBHOOK_SECRET, authTokens: config.WEBHOOK_AUTH_TOKENS, timeoutMs: config.WEBHOOK_TIMEOUT_MS }
      : undefined,
    rateLimit: limiter.middleware,
    apiKeyCacheMs: config.API_KEY_CACHE_MS,
    corsOrigins: config.CORS_ORIGINS,
    logger,
    baseUrl,
    links: { baseUrl, pictures, reports: reportLinks(config) },
    maxImageBytes: config.MAX_IMAGE_BYTES,
    waitMaxSeconds: config.WAIT_MAX_SECONDS,
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info('api listening', { url: baseUrl, queue_backend: queue.backend });
  });
  // Bubble's connector keeps connections alive; wait= responses can take up to 25 s
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 60_000;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('api stopping', { signal });
    const force = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS).unref();
    server.close();
    server.closeIdleConnections();
    await queue.close();
    await limiter.close();
    await outbound.close();
    await ds.destroy().catch(() => undefined);
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  console.error(`api failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
