/**
 * What a job is, in one value: its name, the queue that carries it, the zod schema of its payload (checked
 * when it is enqueued and again when a worker takes it), and the BullMQ options of one job of its kind.
 * A job's definition lives in `jobs/<name>.definition.ts`; its handler in the worker's `jobs/<name>.handler.ts`.
 */
import type { AppConfig } from '@face/config';
import type { Job, JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { QueueName } from './queue-names';

/** What a definition may read when it builds a job's options: the retry settings and the deployment. */
export interface JobContext {
  config: Pick<AppConfig, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'> & { WEBHOOK_RETRY_SCHEDULE: readonly number[] };
  /** the enqueuing deployment's identity (QueueRegistry.bindDeployment), when it is bound */
  deployment?: string;
}

export interface JobDefinition<Name extends string = string, Payload = unknown, Queue extends QueueName = QueueName> {
  readonly name: Name;
  readonly queue: Queue;
  readonly payload: z.ZodType<Payload>;
  /** Adds what the producer knows and the caller does not (analyze: the deployment), before validation. */
  stamp?(payload: Payload, context: JobContext): Payload;
  /** BullMQ options for one job (id, attempts, back-off, how long finished entries are kept). */
  options(payload: Payload, context: JobContext): JobsOptions;
  /**
   * A custom back-off (BullMQ `backoff: { type: name }`): the delay before retry `attemptsMade`, ms. The worker
   * of the definition's queue registers it.
   */
  backoff?: { type: string; delayMs(context: JobContext): (attemptsMade: number) => number };
}

export const defineJob = <Name extends string, Payload, Queue extends QueueName>(
  definition: JobDefinition<Name, Payload, Queue>,
) => definition;

/** The BullMQ job a worker hands the definition's handler (its data already checked against the schema). */
export type JobOf<D> = D extends JobDefinition<infer N, infer P, QueueName> ? Job<P, unknown, N> : never;
