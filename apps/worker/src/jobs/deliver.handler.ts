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
    const delivery = await webhooks.find(deliveryId);
    if (!delivery) return 'gone'; // the analysis was deleted with its messages
    const replay = String(job.id) !== deliveryId;
    if (delivery.status === 'delivered' && !replay) return 'already_delivered';
    const log = logger.child({
      delivery_id: delivery.id,
      analysis_id: delivery.analysis_id,
      attempt: job.attemptsMade + 1,
    });
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    if (!deps.secret) {
      await webhooks.recordAttempt(
        delivery.id,
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
    const sent = await sendWebhook(guard, new URL(delivery.url), delivery.id, delivery.body, {
      secret: deps.secret,
      authTokens: deps.authTokens,
      timeoutMs: deps.timeoutMs,
    });
    const attempt = {
      startedAt,
      statusCode: sent.statusCode,
      latencyMs: sent.latencyMs,
      responseSnippet: sent.responseSnippet,
      error: sent.error,
    };
    const outcome = sent.refused ? 'failed' : sent.ok ? 'delivered' : last ? 'failed' : 'retry';
    deps.attempts?.inc({ outcome });
    if (sent.refused) {
      await webhooks.recordAttempt(delivery.id, attempt, 'failed');
      log.warn('webhook refused: destination not allowed', { host: new URL(delivery.url).host });
      throw new UnrecoverableError(sent.error ?? 'destination not allowed');
    }
    await webhooks.recordAttempt(delivery.id, attempt, outcome);
    if (sent.ok) {
      log.info('webhook delivered', { status: sent.statusCode, ms: Math.round(sent.latencyMs) });
      return { status: sent.statusCode! };
    }
    const { statusCode: status, error } = sent;
    log.warn(last ? 'webhook failed after the last attempt' : 'webhook attempt failed; will retry', { status, error });
    throw new Error(error ?? `receiver answered HTTP ${status}`);
  };
}
