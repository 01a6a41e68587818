/**
 * Worker process: `npm run start:worker [-- --device cpu|gpu --concurrency N]`.
 * Consumes analysis jobs; needs DATABASE_URL, and REDIS_URL unless the queue
 * runs on the Postgres backend.
 */
import { parseArgs } from 'node:util';
import { loadConfig, publicBaseUrl, qualityThresholds } from '@face/config';
import {
  AnalysisRepository,
  AnalysisResultRepository,
  PictureRepository,
  DeploymentRepository,
  ModelVersionRepository,
  NormsRepository,
  OpsRepository,
  WebhookRepository,
  openDatabase,
} from '@face/db';
import { pictureLinks, reportLinks } from '@face/links';
import { createLogger } from '@face/logger';
import { OutboundGuard } from '@face/outbound';
import { QueueName, QueueRegistry, retentionJob } from '@face/queue';
import { createImageStore } from '@face/storage';
import { createRegistry, serveMetrics, workerMetrics } from '@face/telemetry';
import { notifyAnalysisFinished, type NotifierDeps } from '@face/webhooks';
import { ActiveModels } from './active-models';
import { ActiveNorms } from './active-norms';
import { startHeartbeat } from './heartbeat';
import { InferencePool } from './inference-pool';
import { countOutcomes, logFailures } from './job-metrics';
import { createAnalyzeHandler } from './jobs/analyze.handler';
import { createCalibrateHandler } from './jobs/calibrate.handler';
import { createDeliverHandler } from './jobs/deliver.handler';
import { processorFor } from './jobs/processor';
import { createRetentionHandler } from './jobs/retention.handler';
import { reconcile, reconcilePeriodically, sweepWebhooks } from './reconcile';
import { stopOnSignals } from './shutdown';

/** `--device cpu|gpu` and `--concurrency N` override WORKER_DEVICE and WORKER_CONCURRENCY. */
function configFromArgs() {
  const { values } = parseArgs({
    options: { device: { type: 'string' }, concurrency: { type: 'string' } },
    allowPositionals: false,
  });
  return loadConfig({
    ...process.env,
    ...(values.device ? { WORKER_DEVICE: values.device } : {}),
    ...(values.concurrency ? { WORKER_CONCURRENCY: values.concurrency } : {}),
  });
}

async function main() {
  const config = configFromArgs();
  const logger = createLogger('worker', config.LOG_LEVEL);
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: run `npm start` for the embedded default, or set DATABASE_URL.');

  const pool = new InferencePool(config.WORKER_CONCURRENCY, config.WORKER_DEVICE, config.WORKER_JOB_TIMEOUT_MS);
  const backend = await pool.warmup().catch(async (e) => {
    await pool.destroy();
    throw new Error(`models could not be loaded for WORKER_DEVICE=${config.WORKER_DEVICE}: ${(e as Error).message}`);
  });
  const ds = await openDatabase({
    url: config.DATABASE_URL,
    applicationName: 'face-worker',
    poolSize: config.WORKER_CONCURRENCY + 4,
  });
  const repo = new AnalysisRepository(ds);
  const results = new AnalysisResultRepository(ds);
  const pictures = new PictureRepository(ds);
  const store = createImageStore(config);
  const queue = new QueueRegistry(config);
  const deployment = await new DeploymentRepository(ds).identity();
  await queue.bindDeployment(deployment, (err) =>
    logger.warn('waiting for Redis to bind QUEUE_PREFIX to this deployment', { err }),
  );
  const versions = new ModelVersionRepository(ds);
  const models = new ActiveModels(versions, config.WORKER_MODEL_REFRESH_MS);
  const seeded = await models.seed();
  if (seeded.length > 0) logger.info('model versions seeded', { versions: seeded });
  const norms = new ActiveNorms(new NormsRepository(ds), config.WORKER_NORMS_REFRESH_MS);
  const seededNorms = await norms.seed();
  if (seededNorms) logger.info('population norms seeded', seededNorms);
  await models.current(); // fail at start, not per job, when no version is active

  const registry = createRegistry('worker');
  const metrics = workerMetrics(registry);
  const webhooks = new WebhookRepository(ds);
  const notifier: NotifierDeps = {
    analyses: repo,
    results,
    webhooks,
    queue,
    links: { baseUrl: publicBaseUrl(config), pictures: pictureLinks(config), reports: reportLinks(config) },
    defaultUrl: config.WEBHOOK_DEFAULT_URL,
  };
  const guard = new OutboundGuard({ allow: config.OUTBOUND_ALLOWLIST });
  if (!config.WEBHOOK_SECRET)
    logger.warn('WEBHOOK_SECRET is not set: webhook messages are recorded but not sent (never unsigned)');

  const processor = processorFor(QueueName.Analysis, {
    analyze: createAnalyzeHandler({
      repo,
      results,
      pictures,
      store,
      pool,
      logger,
      models,
      norms,
      deployment,
      params: {
        minFacePx: config.MIN_FACE_PX,
        maxPixels: config.MAX_IMAGE_PIXELS,
        quality: qualityThresholds(config),
      },
      queueWebhook: (id) => notifyAnalysisFinished(notifier, id),
      stageSeconds: metrics.stageSeconds,
      inferenceMemory: (m) => {
        const thread = String(m.threadId);
        metrics.inferenceTensors.set({ thread }, m.tensors);
        metrics.inferenceMemory.set({ thread, kind: 'tensors' }, m.tensorBytes);
        metrics.inferenceMemory.set({ thread, kind: 'thread_heap' }, m.heapUsedBytes);
        if (m.wasmHeapBytes !== null) metrics.inferenceMemory.set({ thread, kind: 'wasm_heap' }, m.wasmHeapBytes);
      },
      dependencyRetryMs: Math.max(1000, config.JOB_BACKOFF_MS),
      cancelPollMs: config.WORKER_CANCEL_POLL_MS,
    }),
    calibrate: createCalibrateHandler({ versions, norms: new NormsRepository(ds), logger }),
    retention: createRetentionHandler({ pictures, store, logger, days: config.IMAGE_RETENTION_DAYS }),
  });
  await reconcile(repo, queue, logger);
  const stopReconciling = reconcilePeriodically(repo, queue, logger, config.WORKER_RECONCILE_INTERVAL_MS);
  await queue
    .schedule(retentionJob, config.RETENTION_INTERVAL_MS, {})
    .catch((err) => logger.warn('retention schedule not set', { err: (err as Error).message }));
  await sweepWebhooks(notifier, logger).catch((err) =>
    logger.warn('webhook sweep failed', { err: (err as Error).message }),
  );
  // webhook deliveries: I/O only, so they share the process (inference runs in its own threads)
  const deliverer = queue.createWorker(
    QueueName.Webhooks,
    processorFor(QueueName.Webhooks, {
      deliver: createDeliverHandler({
        webhooks,
        guard,
        logger,
        secret: config.WEBHOOK_SECRET,
        authTokens: config.WEBHOOK_AUTH_TOKENS,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        attempts: metrics.webhookAttempts,
      }),
    }),
    { concurrency: config.WORKER_WEBHOOK_CONCURRENCY },
  );
  logFailures(deliverer, logger, 'webhook');
  const worker = queue.createWorker(QueueName.Analysis, processor, {
    // one job more than threads: it waits in the process for a free thread (InferencePool.whenThreadFree),
    // so a thread goes from one photo to the next without waiting for the queue round trip
    concurrency: config.WORKER_CONCURRENCY + 1,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
  });
  logFailures(worker, logger, 'analysis');
  countOutcomes(worker, metrics);
  worker.on('stalled', (jobId) => logger.warn('job stalled; it will be retried', { job_id: jobId }));
  const heartbeat = startHeartbeat(
    worker,
    new OpsRepository(ds),
    { device: config.WORKER_DEVICE, backend, concurrency: config.WORKER_CONCURRENCY },
    { everyMs: config.WORKER_HEARTBEAT_MS, logger, onBeat: () => metrics.heartbeat.setToCurrentTime() },
  );
  const metricsServer =
    config.WORKER_METRICS_PORT > 0
      ? await serveMetrics(registry, config.WORKER_METRICS_PORT, '0.0.0.0').catch((err) => {
          logger.warn('worker /metrics not served', { port: config.WORKER_METRICS_PORT, err: (err as Error).message });
          return null;
        })
      : null;
  await worker.waitUntilReady();
  logger.info('worker ready', {
    backend,
    device: config.WORKER_DEVICE,
    concurrency: config.WORKER_CONCURRENCY,
    queue_backend: queue.backend,
    metrics_port: metricsServer ? config.WORKER_METRICS_PORT : null,
  });

  stopOnSignals(worker, {
    deadlineMs: config.SHUTDOWN_TIMEOUT_MS,
    logger,
    thenClose: [
      heartbeat.stop,
      stopReconciling,
      () => metricsServer?.close(),
      () => deliverer.close(),
      () => pool.destroy(),
      () => guard.close(),
      () => queue.close(),
      () => ds.destroy(),
    ],
  });
}

main().catch((e) => {
  console.error(`worker failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
