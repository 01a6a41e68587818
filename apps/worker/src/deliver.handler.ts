/**
 * Sends one webhook message (SPEC §6): POST the stored body, signed for this
 * attempt (Standard Webhooks), plus the destination's static bearer token if
 * one is configured. A 2xx within WEBHOOK_TIMEOUT_MS is success; anything else
 * is logged and retried on the schedule (BullMQ back-off) until the last
 * attempt, which marks the message failed. Redirects are not followed, and the
 * destination must be a public address (the outbound guard).
 */
import type { WebhookRepository } from '@face/db';
import { AppError } from '@face/errors';
import type { Logger } from '@face/logger';
import { isRefusedAtConnect, type OutboundGuard } from '@face/outbound';
import { deliverPayloadSchema, type DeliverJob } from '@face/queue';
import { signedHeaders } from '@face/webhooks';
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
}

/** Response text kept per attempt (enough to see a receiver's error message). */
const SNIPPET_CHARS = 500;

export function createDeliverHandler(deps: DeliverDeps) {
  const { webhooks, guard, logger } = deps;
  return async function deliver(job: DeliverJob): Promise<{ status: number } | 'gone' | 'already_delivered'> {
    const { deliveryId } = deliverPayloadSchema.parse(job.data);
    const d = await webhooks.find(deliveryId);
    if (!d) return 'gone'; // the analysis was deleted with its messages
    const replay = String(job.id) !== deliveryId;
    if (d.status === 'delivered' && !replay) return 'already_delivered';
    const log = logger.child({ delivery_id: d.id, analysis_id: d.analysis_id, attempt: job.attemptsMade + 1 });
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    if (!deps.secret) {
      await webhooks.recordAttempt(d.id, { statusCode: null, latencyMs: 0, responseSnippet: null, error: 'WEBHOOK_SECRET is not configured: messages are never sent unsigned' }, 'failed');
      throw new UnrecoverableError('WEBHOOK_SECRET is not configured');
    }
    const url = new URL(d.url);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'face-analysis-webhooks/1',
      ...signedHeaders(deps.secret, d.id, d.body),
    };
    const token = deps.authTokens[url.origin];
    if (token) headers.authorization = `Bearer ${token}`;

    const t0 = performance.now();
    let status: number | null = null;
    let snippet: string | null = null;
    let error: string | null = null;
    try {
      const res = await guard.fetch(url, { method: 'POST', headers, body: d.body, signal: AbortSignal.timeout(deps.timeoutMs), maxRedirects: 0 }, 'callback_url');
      status = res.status;
      snippet = (await res.text().catch(() => '')).slice(0, SNIPPET_CHARS);
      if (status >= 300 && status < 400) error = `redirect to ${res.headers.get('location') ?? '?'} not followed`;
    } catch (e) {
      if ((e instanceof AppError && e.code === 'DESTINATION_NOT_ALLOWED') || isRefusedAtConnect(e)) {
        const reason = e instanceof AppError ? e.message : 'callback_url must point to a public internet address';
        await webhooks.recordAttempt(d.id, { statusCode: null, latencyMs: performance.now() - t0, responseSnippet: null, error: reason }, 'failed');
        log.warn('webhook refused: destination not allowed', { host: url.host });
        throw new UnrecoverableError(reason);
      }
      error = (e as Error).name === 'TimeoutError' ? `no answer within ${deps.timeoutMs} ms` : `request failed: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`;
    }
    const latencyMs = performance.now() - t0;
    const ok = status !== null && status >= 200 && status < 300;
    await webhooks.recordAttempt(d.id, { statusCode: status, latencyMs, responseSnippet: snippet, error }, ok ? 'delivered' : last ? 'failed' : 'retry');
    if (ok) {
      log.info('webhook delivered', { status, ms: Math.round(latencyMs) });
      return { status: status! };
    }
    log.warn(last ? 'webhook failed after the last attempt' : 'webhook attempt failed; will retry', { status, error });
    throw new Error(error ?? `receiver answered HTTP ${status}`);
  };
}
