/**
 * Job handlers, registered in one place. The worker refuses to start when a
 * job name of its queue has no handler (jobs would wait forever).
 */
import { JobName, type AnalysisQueueJob } from '@face/queue';
import type { Processor } from 'bullmq';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler narrows its own job type
type Handler = (job: any) => Promise<unknown>;

export function buildProcessor(handlers: Partial<Record<JobName, Handler>>): Processor {
  const missing = Object.values(JobName).filter((name) => !handlers[name]);
  if (missing.length > 0) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  return async (job) => {
    const handler = handlers[job.name as JobName];
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    return handler(job as AnalysisQueueJob);
  };
}
