/**
 * One queue's processor: it finds the handler of each job by name, and checks the job's payload against its
 * definition first (a payload that does not match can never succeed, so it fails at once, unretried). The
 * handler map must name every job of the queue — the compiler checks it, and so does this at start-up.
 */
import { jobsOf, type JobOf, type JobsOf, type QueueName } from '@face/queue';
import { UnrecoverableError, type Job, type Processor } from 'bullmq';

export type HandlersOf<Q extends QueueName> = {
  [D in JobsOf<Q> as D['name']]: (job: JobOf<D>, token?: string) => Promise<unknown>;
};

export function processorFor<Q extends QueueName>(queue: Q, handlers: HandlersOf<Q>): Processor {
  const byName = new Map<string, { definition: JobsOf<Q>; handle: (job: Job, token?: string) => Promise<unknown> }>();
  for (const definition of jobsOf(queue)) {
    const handle = (handlers as unknown as Record<string, (job: Job, token?: string) => Promise<unknown>>)[
      definition.name
    ];
    if (!handle) throw new Error(`no handler for job "${definition.name}" of the ${queue} queue`);
    byName.set(definition.name, { definition, handle });
  }
  return async (job, token) => {
    const entry = byName.get(job.name);
    if (!entry) throw new UnrecoverableError(`no handler for job "${job.name}" of the ${queue} queue`);
    const payload = entry.definition.payload.safeParse(job.data ?? {});
    if (!payload.success)
      throw new UnrecoverableError(
        `malformed ${job.name} payload: ${payload.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
      );
    job.data = payload.data;
    return entry.handle(job, token);
  };
}
