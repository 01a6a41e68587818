/**
 * The queue registry: the only place that constructs BullMQ Queue and Worker
 * objects. Redis when REDIS_URL is set, otherwise BullMQ's PostgreSQL backend
 * in the service database (the embedded default).
 */
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE, type AppConfig } from '@face/config';
import { AppError } from '@face/errors';
import { Queue, Worker, createPostgresBackend, type Processor } from 'bullmq';
import IORedis from 'ioredis';
import type { JobContext, JobDefinition } from './job-definition';
import { jobsOf } from './jobs';
import { QueueName } from './queue-names';

export type QueueBackendKind = 'redis' | 'postgres';

export interface WorkerOptions {
  /** jobs this worker runs at once */
  concurrency: number;
  /** ms a job lock lasts without renewal before the job counts as stalled (BullMQ default 30 000) */
  lockDuration?: number;
  /** ms between stalled-job checks (BullMQ default 30 000) */
  stalledInterval?: number;
  /** times a job may stall (its worker died or blocked) before it fails (BullMQ default 1) */
  maxStalledCount?: number;
}

type RegistryConfig = Pick<
  AppConfig,
  'REDIS_URL' | 'DATABASE_URL' | 'QUEUE_PREFIX' | 'QUEUE_TIMEOUT_MS' | 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'
> &
  Partial<Pick<AppConfig, 'WEBHOOK_RETRY_SCHEDULE'>>;

export class DeploymentMismatchError extends Error {}

export class QueueRegistry {
  readonly backend: QueueBackendKind;
  private readonly producers = new Map<QueueName, Queue>();
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

  /** The producer side of a queue, made on first use (the two backends' constructors differ only in type). */
  queue(name: QueueName): Queue {
    let queue = this.producers.get(name);
    if (!queue) {
      const opts = this.connection('producer');
      queue =
        this.backend === 'redis'
          ? new Queue(name, opts as ConstructorParameters<typeof Queue>[1])
          : (new Queue(name, opts as never, createPostgresBackend) as unknown as Queue);
      queue.on('error', () => undefined);
      this.producers.set(name, queue);
    }
    return queue;
  }

  private get context(): JobContext {
    return {
      config: {
        JOB_ATTEMPTS: this.config.JOB_ATTEMPTS,
        JOB_BACKOFF_MS: this.config.JOB_BACKOFF_MS,
        WEBHOOK_RETRY_SCHEDULE: this.config.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE,
      },
      deployment: this.deployment,
    };
  }

  /**
   * Adds one job: the payload is stamped and checked against the definition's schema (a bad one throws before
   * anything is queued), with the definition's options; `jobId` overrides the definition's id (a webhook replay).
   * Returns the job id. QUEUE_UNAVAILABLE when the queue does not answer within QUEUE_TIMEOUT_MS.
   */
  async enqueue<Name extends string, Payload>(
    job: JobDefinition<Name, Payload>,
    payload: Payload,
    opts: { jobId?: string } = {},
  ): Promise<string> {
    const context = this.context;
    const data = job.payload.parse(job.stamp ? job.stamp(payload, context) : payload);
    const options = { ...job.options(data, context), ...(opts.jobId !== undefined && { jobId: opts.jobId }) };
    await this.producerReady();
    const added = await this.withTimeout(this.queue(job.queue).add(job.name, data, options));
    return added.id!;
  }

  /** Runs a job every `everyMs` (a BullMQ job scheduler: one schedule however many processes upsert it). */
  async schedule<Name extends string, Payload>(
    job: JobDefinition<Name, Payload>,
    everyMs: number,
    payload: Payload,
  ): Promise<void> {
    const data = job.payload.parse(payload);
    await this.withTimeout(
      this.queue(job.queue).upsertJobScheduler(
        job.name,
        { every: everyMs },
        { name: job.name, data, opts: job.options(data, this.context) },
      ),
    );
  }

  /** Removes a waiting job; false when it is active (locked) or already gone. */
  async removeJob(job: JobDefinition, jobId: string): Promise<boolean> {
    const found = await this.withTimeout(this.queue(job.queue).getJob(jobId));
    if (!found) return false;
    try {
      await found.remove();
      return true;
    } catch {
      return false;
    }
  }

  /** A job's BullMQ state (waiting, active, delayed…), null when the queue no longer holds it. */
  async jobState(job: JobDefinition, jobId: string): Promise<string | null> {
    const found = await this.withTimeout(this.queue(job.queue).getJob(jobId));
    return found ? await found.getState() : null;
  }

  /**
   * The consumer of a queue. The custom back-offs of the queue's jobs are registered here, by the type their
   * options name, so a producer and its consumer cannot disagree on a retry schedule.
   */
  createWorker(name: QueueName, processor: Processor, opts: WorkerOptions): Worker {
    const context = this.context;
    const backoffs = new Map(
      jobsOf(name).flatMap((job) => (job.backoff ? [[job.backoff.type, job.backoff.delayMs(context)] as const] : [])),
    );
    const workerOpts = {
      ...this.connection('worker'),
      ...opts,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string) => {
          const delayMs = type ? backoffs.get(type) : undefined;
          if (!delayMs) throw new Error(`no back-off "${type}" among the ${name} queue's jobs`);
          return delayMs(attemptsMade);
        },
      },
    };
    return this.backend === 'redis'
      ? new Worker(name, processor, workerOpts as ConstructorParameters<typeof Worker>[2])
      : (new Worker(name, processor, workerOpts as never, createPostgresBackend) as unknown as Worker);
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

  /** Redis INFO for a section (operations dashboard); null on the Postgres backend. */
  async redisInfo(section: string): Promise<string | null> {
    if (this.backend !== 'redis') return null;
    this.queue(QueueName.Analysis); // makes the producer connection
    return this.withTimeout(this.producerRedis!.info(section));
  }

  async ping(): Promise<void> {
    await this.withTimeout(this.queue(QueueName.Analysis).getJobCounts('waiting'));
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
    for (const queue of this.producers.values()) await queue.close().catch(() => undefined);
    await Promise.all(this.closers.map((c) => c()));
  }
}
