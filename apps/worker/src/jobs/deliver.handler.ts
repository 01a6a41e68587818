/**
 * Sends one webhook message (SPEC §6): POST the stored body, signed for this
 * attempt (Standard Webhooks), plus the destination's static bearer token if
 * one is configured. A 2xx within WEBHOOK_TIMEOUT_MS is success; anything else
 * is logged and retried on the schedule (BullMQ back-off) until the last
 * attempt, which marks the message failed. Redirects are not followed, and the
 * destination must be a public address (the outbound guard).
 */
import type { WebhookRepository } from '@face/db';
import type { Logger } from '@face/logger';
import type { OutboundGuard } from '@face/outbound';
import type { deliverJob, JobOf } from '@face/queue';
import { sendWebhook } from '@face/webhooks';
import { UnrecoverableError } from 'bullmq';

export interface DeliverDeps {
  webhooks: WebhookRepository;
  guard: OutboundGuard;
  logger: Logger;
  /** whsec_… ; without it nothing is sent (a message is never sent unsigned) */
  secret?: string;
  /** origin → bearer token */
  authTokens: Record<string, string>;
  timeoutMs: number;
  /** Prometheus: attempts by outcome */
  attempts?: { inc(labels: { outcome: string }): void };
}

export function createDeliverHandler(deps: DeliverDeps) {
  const { webhooks, guard, logger } = deps;
  return async function deliver(
    job: JobOf<typeof deliverJob>,
  ): Promise<{ status: number } | 'gone' | 'already_delivered'> {
    const { deliveryId } = job.data;
    const d = await webhooks.find(deliveryId);
    if (!d) return 'gone'; // the analysis was deleted with its messages
    const replay = String(job.id) !== deliveryId;
    if (d.status === 'delivered' && !replay) return 'already_delivered';
    const log = logger.child({ delivery_id: d.id, analysis_id: d.analysis_id, attempt: job.attemptsMade + 1 });
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    if (!deps.secret) {
      await webhooks.recordAttempt(
        d.id,
        {
          startedAt: new Date(),
          statusCode: null,
          latencyMs: 0,
          responseSnippet: null,
          error: 'WEBHOOK_SECRET is not configured: messages are never sent unsigned',
        },
        'failed',
      );
      throw new UnrecoverableError('WEBHOOK_SECRET is not configured');
    }
    const startedAt = new Date();
    const o = await sendWebhook(guard, new URL(d.url), d.id, d.body, {
      secret: deps.secret,
      authTokens: deps.authTokens,
      timeoutMs: deps.timeoutMs,
    });
    const attempt = {
      startedAt,
      statusCode: o.statusCode,
      latencyMs: o.latencyMs,
      responseSnippet: o.responseSnippet,
      error: o.error,
    };
    const outcome = o.refused ? 'failed' : o.ok ? 'delivered' : last ? 'failed' : 'retry';
    deps.attempts?.inc({ outcome });
    if (o.refused) {
      await webhooks.recordAttempt(d.id, attempt, 'failed');
      log.warn('webhook refused: destination not allowed', { host: new URL(d.url).host });
      throw new UnrecoverableError(o.error ?? 'destination not allowed');
    }
    await webhooks.recordAttempt(d.id, attempt, outcome);
    if (o.ok) {
      log.info('webhook delivered', { status: o.statusCode, ms: Math.round(o.latencyMs) });
      return { status: o.statusCode! };
    }
    const { statusCode: status, error } = o;
    log.warn(last ? 'webhook failed after the last attempt' : 'webhook attempt failed; will retry', { status, error });
    throw new Error(error ?? `receiver answered HTTP ${status}`);
  };
}
