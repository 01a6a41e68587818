/**
 * analyze — runs the face pipeline on one stored photo and writes the result (SPEC §4).
 *
 * Idempotent: the job id is the analysis id, so adding it twice is a no-op, and the result is written once by a
 * conditional update. Transient failures are retried JOB_ATTEMPTS times with exponential back-off from
 * JOB_BACKOFF_MS; input errors fail at once (UnrecoverableError in the handler). The payload carries ids only,
 * never image bytes.
 */
import { z } from 'zod';
import { defineJob } from '../job-definition';
import { QueueName } from '../queue-names';

export const analyzeJob = defineJob({
  name: 'analyze',
  queue: QueueName.Analysis,
  payload: z.object({
    analysisId: z.uuid(),
    imageKey: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex'),
    /** the enqueuing deployment's identity; absent on jobs queued before it existed */
    deployment: z.uuid().optional(),
  }),
  stamp: (payload, { deployment }) => ({ ...payload, deployment: payload.deployment ?? deployment }),
  options: (payload, { config }) => ({
    jobId: payload.analysisId,
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    // Postgres is the record; queue entries are kept a while for operators, then trimmed
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  }),
});
