/**
 * Job outcomes for the log and for Prometheus (`face_jobs_total{job, outcome}` and the job's duration). A
 * failure counts as `retry` while attempts remain and as `failed` on the last one (or when it is unrecoverable).
 */
import type { Logger } from '@face/logger';
import type { Worker } from 'bullmq';

interface JobMetrics {
  jobs: { inc(labels: { job: string; outcome: string }): void };
  jobSeconds: { observe(labels: { job: string; outcome: string }, seconds: number): void };
}

/** Logs every failed attempt and every worker error; `what` names the worker in the messages. */
export function logFailures(worker: Worker, logger: Logger, what: string): void {
  worker.on('failed', (job, err) =>
    logger.warn(`${what} job failed`, {
      job_id: job?.id,
      attempts_made: job?.attemptsMade,
      reason: err.message.slice(0, 200),
    }),
  );
  worker.on('error', (err) => logger.error(`${what} worker error`, { err: err.message }));
}

export function countOutcomes(worker: Worker, metrics: JobMetrics): void {
  worker.on('failed', (job, err) => {
    const final = !job || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    const labels = { job: job?.name ?? 'unknown', outcome: final ? 'failed' : 'retry' };
    metrics.jobs.inc(labels);
    if (job?.processedOn) metrics.jobSeconds.observe(labels, (Date.now() - job.processedOn) / 1000);
  });
  worker.on('completed', (job, result) => {
    // analyze returns completed | skipped | cancelled | discarded; the other jobs return a summary
    const labels = { job: job.name, outcome: typeof result === 'string' ? result : 'completed' };
    metrics.jobs.inc(labels);
    if (job.processedOn) metrics.jobSeconds.observe(labels, (Date.now() - job.processedOn) / 1000);
  });
}
