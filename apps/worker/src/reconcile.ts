/**
 * Reconciliation (SPEC §3), at start-up and then periodically: every analysis
 * Postgres holds as queued or active must have a live job. A missing job is re-added (same id, so this
 * is safe to run from every worker); a job the queue already failed or
 * finished without a result fails the row, so nothing hangs.
 */
import type { AnalysisRepository } from '@face/db';
import type { Logger } from '@face/logger';
import { analyzeJob, deliverJob, type QueueRegistry } from '@face/queue';
import { notifyAnalysisFinished, type NotifierDeps } from '@face/webhooks';

export interface ReconcileReport {
  checked: number;
  requeued: number;
  failed: number;
}

/** `quietForMs`: look only at rows unchanged for that long (0 at start-up: all of them). */
export async function reconcile(
  repo: AnalysisRepository,
  queue: QueueRegistry,
  logger: Logger,
  quietForMs = 0,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, requeued: 0, failed: 0 };
  for (const row of await repo.unfinished(1000, quietForMs)) {
    report.checked++;
    const state = await queue.jobState(analyzeJob, row.id);
    if (state === null || state === 'unknown') {
      if (!row.image_sha256) {
        await repo.markFailed(row.id, 'INTERNAL', 'The job was lost and the photo is gone.', null);
        report.failed++;
        continue;
      }
      await queue.enqueue(analyzeJob, { analysisId: row.id, imageKey: row.image_sha256 });
      report.requeued++;
    } else if (state === 'failed' || state === 'completed') {
      await repo.markFailed(row.id, 'INTERNAL', `The queue ${state} the job without recording a result.`, row.stage);
      report.failed++;
    }
  }
  if (report.requeued > 0 || report.failed > 0) logger.info('reconciled analyses with the queue', { ...report });
  return report;
}

/**
 * Webhooks a stopped worker owed (SPEC §6, nothing is lost): finished analyses
 * of the last week without a message get one; pending messages are queued
 * again (same job id, so a live job is not doubled).
 */
export async function sweepWebhooks(
  deps: NotifierDeps,
  logger: Logger,
): Promise<{ created: number; requeued: number }> {
  const { analysisIds, pendingIds } = await deps.webhooks.unsent(7, Boolean(deps.defaultUrl));
  let created = 0;
  for (const id of analysisIds) if (await notifyAnalysisFinished(deps, id)) created++;
  for (const deliveryId of pendingIds) await deps.queue.enqueue(deliverJob, { deliveryId });
  if (created > 0 || pendingIds.length > 0) logger.info('webhook sweep', { created, requeued: pendingIds.length });
  return { created, requeued: pendingIds.length };
}

/** Runs `reconcile` every `everyMs` on rows unchanged for as long, one pass at a time; returns the stop function. */
export function reconcilePeriodically(
  repo: AnalysisRepository,
  queue: QueueRegistry,
  logger: Logger,
  everyMs: number,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcile(repo, queue, logger, everyMs)
      .catch((err) => logger.warn('periodic reconciliation failed', { err: (err as Error).message }))
      .finally(() => (running = false));
  }, everyMs).unref();
  return () => clearInterval(timer);
}
