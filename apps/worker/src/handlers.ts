/**
 * Job handlers, registered in one place. The worker refuses to start when a
 * job name of its queue has no handler (jobs would wait forever).
 */
import { JOBS_OF, type JobName, type QueueName } from '@face/queue';
import type { Processor } from 'bullmq';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler narrows its own job type
type Handler = (job: any, token?: string) => Promise<unknown>;

export function buildProcessor(queue: QueueName, handlers: Partial<Record<JobName, Handler>>): Processor {
  const missing = JOBS_OF[queue].filter((name) => !handlers[name]);
  if (missing.length > 0) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  return async (job, token) => {
    const handler = handlers[job.name as JobName];
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    return handler(job, token);
  };
}
