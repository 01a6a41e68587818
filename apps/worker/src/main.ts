/**
 * Worker process: `npm run start:worker [-- --device cpu|gpu --concurrency N]`.
 * Consumes analysis jobs; needs DATABASE_URL, and REDIS_URL unless the queue
 * runs on the Postgres backend.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig, publicBaseUrl, qualityThresholds } from '@face/config';
import {
  AnalysisRepository,
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
import { JobName, QueueName, QueueRegistry } from '@face/queue';
import { createImageStore } from '@face/storage';
import { createRegistry, serveMetrics, workerMetrics } from '@face/telemetry';
import { notifyAnalysisFinished, type NotifierDeps } from '@face/webhooks';
import { ActiveModels } from './active-models';
import { ActiveNorms } from './active-norms';
import { createAnalyzeHandler } from './analyze.handler';
import { createCalibrateHandler } from './calibrate.handler';
import { createDeliverHandler } from './deliver.handler';
import { createRetentionHandler } from './retention.handler';
import { buildProcessor } from './handlers';
import { InferencePool } from './inference-pool';
import { reconcile, sweepWebhooks } from './reconcile';

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

/** How often a worker records that it is alive (the dashboard calls it silent after three missed beats). */
const HEARTBEAT_MS = 5000;

/** How often a worker re-checks that every unfinished analysis has a job (after an outage, say). */
const RECONCILE_EVERY_MS = 60_000;

/** How often retention runs. */
const RETENTION_EVERY_MS = 3600_000;

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
  const store = createImageStore(config);
  const queue = new QueueRegistry(config);
  const deployment = await new DeploymentRepository(ds).identity();
  await queue.bindDeployment(deployment, (err) =>
    logger.warn('waiting for Redis to bind QUEUE_PREFIX to this deployment', { err }),
  );
  const versions = new ModelVersionRepository(ds);
  const models = new ActiveModels(versions);
  const seeded = await models.seed();
  if (seeded.length > 0) logger.info('model versions seeded', { versions: seeded });
  const norms = new ActiveNorms(new NormsRepository(ds));
  const seededNorms = await norms.seed();
  if (seededNorms) logger.info('population norms seeded', seededNorms);
  await models.current(); // fail at start, not per job, when no version is active

  const registry = createRegistry('worker');
  const metrics = workerMetrics(registry);
  const webhooks = new WebhookRepository(ds);
  const notifier: NotifierDeps = {
    analyses: repo,
    webhooks,
    queue,
    links: { baseUrl: publicBaseUrl(config), pictures: pictureLinks(config), reports: reportLinks(config) },
    defaultUrl: config.WEBHOOK_DEFAULT_URL,
  };
  const guard = new OutboundGuard({ allow: config.OUTBOUND_ALLOWLIST });
  if (!config.WEBHOOK_SECRET)
    logger.warn('WEBHOOK_SECRET is not set: webhook messages are recorded but not sent (never unsigned)');

  const processor = buildProcessor(QueueName.Analysis, {
    [JobName.Analyze]: createAnalyzeHandler({
      repo,
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
      onFinished: (id) => notifyAnalysisFinished(notifier, id),
      stageSeconds: metrics.stageSeconds,
      inferenceMemory: (m) => {
        const thread = String(m.threadId);
        metrics.inferenceTensors.set({ thread }, m.tensors);
        metrics.inferenceMemory.set({ thread, kind: 'tensors' }, m.tensorBytes);
        metrics.inferenceMemory.set({ thread, kind: 'thread_heap' }, m.heapUsedBytes);
        if (m.wasmHeapBytes !== null) metrics.inferenceMemory.set({ thread, kind: 'wasm_heap' }, m.wasmHeapBytes);
      },
      dependencyRetryMs: Math.max(1000, config.JOB_BACKOFF_MS),
    }),
    [JobName.Calibrate]: createCalibrateHandler({ versions, norms: new NormsRepository(ds), logger }),
    [JobName.Retention]: createRetentionHandler({ repo, store, logger, days: config.IMAGE_RETENTION_DAYS }),
  });
  await reconcile(repo, queue, logger);
  let reconciling = false;
  const reconcileTimer = setInterval(() => {
    if (reconciling) return;
    reconciling = true;
    reconcile(repo, queue, logger, RECONCILE_EVERY_MS)
      .catch((err) => logger.warn('periodic reconciliation failed', { err: (err as Error).message }))
      .finally(() => (reconciling = false));
  }, RECONCILE_EVERY_MS).unref();
  await queue
    .scheduleRetention(RETENTION_EVERY_MS)
    .catch((err) => logger.warn('retention schedule not set', { err: (err as Error).message }));
  await sweepWebhooks(notifier, logger).catch((err) =>
    logger.warn('webhook sweep failed', { err: (err as Error).message }),
  );
  // webhook deliveries: I/O only, so they share the process (inference runs in its own threads)
  const deliverer = queue.createWebhookWorker(
    buildProcessor(QueueName.Webhooks, {
      [JobName.Deliver]: createDeliverHandler({
        webhooks,
        guard,
        logger,
        secret: config.WEBHOOK_SECRET,
        authTokens: config.WEBHOOK_AUTH_TOKENS,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        attempts: metrics.webhookAttempts,
      }),
    }),
    { concurrency: 8 },
  );
  deliverer.on('error', (err) => logger.error('webhook worker error', { err: err.message }));
  deliverer.on('failed', (job, err) =>
    logger.warn('webhook job failed', {
      job_id: job?.id,
      attempts_made: job?.attemptsMade,
      reason: err.message.slice(0, 200),
    }),
  );
  const worker = queue.createAnalysisWorker(processor, {
    // one job more than threads: it waits in the process for a free thread (InferencePool.whenThreadFree),
    // so a thread goes from one photo to the next without waiting for the queue round trip
    concurrency: config.WORKER_CONCURRENCY + 1,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
  });
  worker.on('failed', (job, err) => {
    logger.warn('job failed', { job_id: job?.id, attempts_made: job?.attemptsMade, reason: err.message.slice(0, 200) });
    const final = !job || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    const labels = { job: job?.name ?? 'unknown', outcome: final ? 'failed' : 'retry' };
    metrics.jobs.inc(labels);
    if (job?.processedOn) metrics.jobSeconds.observe(labels, (Date.now() - job.processedOn) / 1000);
  });
  worker.on('completed', (job, result) => {
    // analyze returns completed | skipped | cancelled | discarded; calibrate and retention return a summary
    const labels = { job: job.name, outcome: typeof result === 'string' ? result : 'completed' };
    metrics.jobs.inc(labels);
    if (job.processedOn) metrics.jobSeconds.observe(labels, (Date.now() - job.processedOn) / 1000);
  });
  // the heartbeat stalls when the event loop does (the pipeline itself runs in inference threads);
  // Prometheus gets a timestamp, the operations dashboard a row with the jobs in hand
  const ops = new OpsRepository(ds);
  const active = new Set<string>();
  worker.on('active', (job) => active.add(String(job.id)));
  worker.on('completed', (job) => active.delete(String(job.id)));
  worker.on('failed', (job) => job && active.delete(String(job.id)));
  const self = {
    worker_id: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    host: os.hostname(),
    pid: process.pid,
    device: config.WORKER_DEVICE,
    backend,
    concurrency: config.WORKER_CONCURRENCY,
    started_at: new Date(),
  };
  const beat = () => {
    metrics.heartbeat.setToCurrentTime();
    ops
      .beat({ ...self, current_jobs: [...active] })
      .catch((err) => logger.debug('heartbeat not recorded', { err: (err as Error).message }));
  };
  beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS).unref();
  const metricsServer =
    config.WORKER_METRICS_PORT > 0
      ? await serveMetrics(registry, config.WORKER_METRICS_PORT, '0.0.0.0').catch((err) => {
          logger.warn('worker /metrics not served', { port: config.WORKER_METRICS_PORT, err: (err as Error).message });
          return null;
        })
      : null;
  worker.on('error', (err) => logger.error('worker error', { err: err.message }));
  worker.on('stalled', (jobId) => logger.warn('job stalled; it will be retried', { job_id: jobId }));
  await worker.waitUntilReady();
  logger.info('worker ready', {
    backend,
    device: config.WORKER_DEVICE,
    concurrency: config.WORKER_CONCURRENCY,
    queue_backend: queue.backend,
    metrics_port: metricsServer ? config.WORKER_METRICS_PORT : null,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('worker stopping: finishing active jobs', { signal, deadline_ms: config.SHUTDOWN_TIMEOUT_MS });
    const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), config.SHUTDOWN_TIMEOUT_MS).unref());
    const closed = await Promise.race([worker.close().then(() => 'closed' as const), deadline]);
    if (closed === 'timeout') {
      // Jobs still running are left to lock expiry: another worker retries them.
      logger.warn('shutdown deadline passed; releasing active jobs');
      await worker.close(true).catch(() => undefined);
    }
    clearInterval(heartbeat);
    clearInterval(reconcileTimer);
    await ops.leave(self.worker_id).catch(() => undefined);
    metricsServer?.close();
    await deliverer.close().catch(() => undefined);
    await pool.destroy().catch(() => undefined);
    await guard.close().catch(() => undefined);
    await queue.close();
    await ds.destroy().catch(() => undefined);
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  console.error(`worker failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
