/**
 * The queue registry: the only place that constructs BullMQ Queue and Worker
 * objects. Redis when REDIS_URL is set, otherwise BullMQ's PostgreSQL backend
 * in the service database (the embedded default).
 */
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE, type AppConfig } from '@face/config';
import { AppError } from '@face/errors';
import { Queue, Worker, createPostgresBackend, type Job, type Processor } from 'bullmq';
import IORedis from 'ioredis';
import { JobName, QueueName } from './names';
import {
  analyzePayloadSchema,
  calibratePayloadSchema,
  deliverPayloadSchema,
  type AnalyzePayload,
  type CalibratePayload,
  type DeliverPayload,
} from './payloads';
import { analyzeJobOptions, calibrateJobOptions, deliverJobOptions, webhookBackoff } from './policies';

export type QueueBackendKind = 'redis' | 'postgres';
export type AnalyzeJob = Job<AnalyzePayload, void, typeof JobName.Analyze>;
export type CalibrateJob = Job<CalibratePayload, unknown, typeof JobName.Calibrate>;
/** Any job of the analysis queue (handlers narrow by name). */
export type DeliverJob = Job<DeliverPayload, unknown, typeof JobName.Deliver>;

export interface AnalysisWorkerOptions {
  concurrency: number;
  /** ms a job lock lasts without renewal before the job counts as stalled */
  lockDuration: number;
  /** ms between stalled-job checks */
  stalledInterval: number;
}

type RegistryConfig = Pick<
  AppConfig,
  'REDIS_URL' | 'DATABASE_URL' | 'QUEUE_PREFIX' | 'QUEUE_TIMEOUT_MS' | 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'
> &
  Partial<Pick<AppConfig, 'WEBHOOK_RETRY_SCHEDULE'>>;

export class DeploymentMismatchError extends Error {}

export class QueueRegistry {
  readonly backend: QueueBackendKind;
  private queue?: Queue<AnalyzePayload>;
  private webhooks?: Queue<DeliverPayload>;
  private producerRedis?: IORedis;
  /** set by bindDeployment; stamped on every analysis job */
  private deployment?: string;
  /** producers wait for the binding (within QUEUE_TIMEOUT_MS) so nothing is enqueued into another deployment's namespace */
  private binding?: Promise<void>;
  private readonly closers: Array<() => Promise<unknown>> = [];

  constructor(private readonly config: RegistryConfig) {
    if (!config.REDIS_URL && !config.DATABASE_URL) throw new Error('QueueRegistry needs REDIS_URL or DATABASE_URL');
    this.backend = config.REDIS_URL ? 'redis' : 'postgres';
  }

  /** Connection options; producers fail fast, workers keep retrying (BullMQ's production advice). */
  private connection(role: 'producer' | 'worker') {
    if (this.backend === 'redis') {
      const redis = new IORedis(this.config.REDIS_URL!, {
        maxRetriesPerRequest: role === 'producer' ? 1 : null,
        enableOfflineQueue: role !== 'producer',
        connectTimeout: this.config.QUEUE_TIMEOUT_MS,
        retryStrategy: (times) => Math.min(1000 * 2 ** times, 20_000),
      });
      redis.on('error', () => undefined); // surfaced through command failures and readiness
      this.closers.push(() => redis.quit().catch(() => redis.disconnect()));
      if (role === 'producer') this.producerRedis ??= redis;
      return { connection: redis, prefix: this.config.QUEUE_PREFIX };
    }
    return {
      connection: {
        connectionString: this.config.DATABASE_URL!,
        schema: `bullmq_${this.config.QUEUE_PREFIX}`,
        migrate: true,
        connectionTimeoutMillis: this.config.QUEUE_TIMEOUT_MS,
        max: role === 'producer' ? 5 : 4,
      },
    };
  }

  /** A producer queue on the configured backend (the overloads differ by backend; both take the same options at run time). */
  private producerQueue<T>(name: QueueName): Queue<T> {
    const opts = this.connection('producer');
    const queue =
      this.backend === 'redis'
        ? new Queue<T>(name, opts as ConstructorParameters<typeof Queue>[1])
        : (new Queue(name, opts as never, createPostgresBackend) as unknown as Queue<T>);
    queue.on('error', () => undefined);
    return queue;
  }

  analysisQueue(): Queue<AnalyzePayload> {
    this.queue ??= this.producerQueue<AnalyzePayload>(QueueName.Analysis);
    return this.queue;
  }

  webhookQueue(): Queue<DeliverPayload> {
    this.webhooks ??= this.producerQueue<DeliverPayload>(QueueName.Webhooks);
    return this.webhooks;
  }

  private get webhookSchedule(): readonly number[] {
    return this.config.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE;
  }

  /** Adds the delivery job of a webhook message (id = message id; `replayAt` makes a new job for a replay). */
  async enqueueDelivery(payload: DeliverPayload, replayAt?: number): Promise<void> {
    const data = deliverPayloadSchema.parse(payload);
    await this.producerReady();
    await this.withTimeout(
      this.webhookQueue().add(
        JobName.Deliver,
        data,
        deliverJobOptions(this.webhookSchedule, data.deliveryId, replayAt),
      ),
    );
  }

  createWebhookWorker(processor: Processor, opts: { concurrency: number }): Worker<DeliverPayload> {
    const conn = this.connection('worker');
    const workerOpts = {
      ...conn,
      concurrency: opts.concurrency,
      settings: { backoffStrategy: webhookBackoff(this.webhookSchedule) },
    };
    return this.backend === 'redis'
      ? new Worker<DeliverPayload>(QueueName.Webhooks, processor, workerOpts as ConstructorParameters<typeof Worker>[2])
      : (new Worker(
          QueueName.Webhooks,
          processor,
          workerOpts as never,
          createPostgresBackend,
        ) as unknown as Worker<DeliverPayload>);
  }

  /**
   * Binds this queue namespace to the deployment (its database's identity) before anything is enqueued or consumed.
   * On Redis, the first process to start writes `<QUEUE_PREFIX>:deployment`; a process of another deployment with
   * the same Redis database and QUEUE_PREFIX is refused, since both would take each other's jobs. On the Postgres
   * backend the queue lives in the deployment's own database, so it is bound already.
   */
  bindDeployment(deployment: string, onWait: (error: string) => void = () => {}): Promise<void> {
    this.deployment = deployment;
    if (this.backend !== 'redis') return Promise.resolve();
    this.binding = this.claimPrefix(deployment, onWait);
    this.binding.catch(() => undefined); // the caller handles it; producers see it through producerReady
    return this.binding;
  }

  private async claimPrefix(deployment: string, onWait: (error: string) => void): Promise<void> {
    const key = `${this.config.QUEUE_PREFIX}:deployment`;
    // a client of its own that waits for Redis (start-up during an outage waits, as BullMQ's workers do)
    const redis = new IORedis(this.config.REDIS_URL!, {
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(500 * times, 5000),
    });
    let warned = 0; // every reconnect attempt errors: report one every 10 s
    redis.on('error', (e: Error) => {
      if (Date.now() - warned < 10_000) return;
      warned = Date.now();
      onWait(e.message);
    });
    let owner: string | null;
    try {
      await redis.set(key, deployment, 'NX');
      owner = await redis.get(key);
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
    if (owner !== deployment) {
      throw new DeploymentMismatchError(
        `QUEUE_PREFIX "${this.config.QUEUE_PREFIX}" on this Redis database belongs to another deployment (database identity ${owner}, this one's ${deployment}): ` +
          `give each deployment its own QUEUE_PREFIX (or Redis database), or point this process at that deployment's DATABASE_URL`,
      );
    }
  }

  /** Adds the analysis job (id = analysis id, so adding twice is a no-op). QUEUE_UNAVAILABLE when the queue does not answer in time. */
  async enqueueAnalysis(payload: AnalyzePayload): Promise<void> {
    const data = analyzePayloadSchema.parse({ ...payload, deployment: payload.deployment ?? this.deployment });
    await this.producerReady();
    await this.withTimeout(
      this.analysisQueue().add(JobName.Analyze, data, analyzeJobOptions(this.config, data.analysisId)),
    );
  }

  /** Adds a calibration job (it runs on the analysis workers); returns the job id. */
  async enqueueCalibration(payload: CalibratePayload): Promise<string> {
    const data = calibratePayloadSchema.parse(payload);
    await this.producerReady();
    const job = await this.withTimeout(
      this.analysisQueue().add(JobName.Calibrate as never, data as never, calibrateJobOptions()),
    );
    return job.id!;
  }

  /** Redis INFO for a section (operations dashboard); null on the Postgres backend. */
  async redisInfo(section: string): Promise<string | null> {
    if (this.backend !== 'redis') return null;
    this.analysisQueue();
    return this.withTimeout(this.producerRedis!.info(section));
  }

  /** Runs the retention job every `everyMs` (a BullMQ job scheduler: one schedule however many workers upsert it). */
  async scheduleRetention(everyMs: number): Promise<void> {
    await this.withTimeout(
      this.analysisQueue().upsertJobScheduler(
        JobName.Retention,
        { every: everyMs },
        {
          name: JobName.Retention as never,
          data: {} as never,
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        },
      ),
    );
  }

  /** Removes a waiting job; false when it is active (locked) or already gone. */
  async removeAnalysisJob(analysisId: string): Promise<boolean> {
    const job = await this.withTimeout(this.analysisQueue().getJob(analysisId));
    if (!job) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false;
    }
  }

  async analysisJobState(analysisId: string): Promise<string | null> {
    const job = await this.withTimeout(this.analysisQueue().getJob(analysisId));
    return job ? await job.getState() : null;
  }

  async ping(): Promise<void> {
    await this.withTimeout(this.analysisQueue().getJobCounts('waiting'));
  }

  createAnalysisWorker(processor: Processor, opts: AnalysisWorkerOptions): Worker<AnalyzePayload, void> {
    const conn = this.connection('worker');
    const workerOpts = {
      ...conn,
      concurrency: opts.concurrency,
      lockDuration: opts.lockDuration,
      stalledInterval: opts.stalledInterval,
      maxStalledCount: 2,
    };
    const worker =
      this.backend === 'redis'
        ? new Worker<AnalyzePayload, void>(
            QueueName.Analysis,
            processor as Processor,
            workerOpts as ConstructorParameters<typeof Worker>[2],
          )
        : (new Worker(
            QueueName.Analysis,
            processor as Processor,
            workerOpts as never,
            createPostgresBackend,
          ) as unknown as Worker<AnalyzePayload, void>);
    return worker;
  }

  /** Resolves once the namespace is bound to this deployment (at once where bindDeployment was never asked for). */
  private async producerReady(): Promise<void> {
    if (this.binding) await this.withTimeout(this.binding);
  }

  private async withTimeout<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('QUEUE_UNAVAILABLE', 'The job queue is not reachable; try again shortly.')),
        this.config.QUEUE_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([p, timeout]);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('QUEUE_UNAVAILABLE', 'The job queue is not reachable; try again shortly.', {
        reason: (e as Error).message.slice(0, 200),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.queue?.close().catch(() => undefined);
    await this.webhooks?.close().catch(() => undefined);
    await Promise.all(this.closers.map((c) => c()));
  }
}
