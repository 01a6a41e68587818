/**
 * Webhook delivery log and replays (SPEC §6). A client key sees the messages
 * of its own analyses; an admin key sees all.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookDeliveryRow, WebhookRepository } from '@face/db';
import { AppError } from '@face/errors';
import type { OutboundGuard } from '@face/outbound';
import { sampleFlat, type Links } from '@face/presenters';
import { deliverJob, replayJobId, type QueueRegistry } from '@face/queue';
import { sendWebhook, type SendOptions, type WebhookEvent } from '@face/webhooks';
import { Router } from 'express';
import { z } from 'zod';
import { callerOf } from '../http/authenticate';
import type { Caller } from '../services/caller';

export const deliveriesQuery = z.object({
  analysis_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

function visible(caller: Caller, delivery: WebhookDeliveryRow | null): delivery is WebhookDeliveryRow {
  return delivery !== null && (caller.scope === 'admin' || delivery.api_key_id === caller.keyId);
}

const present = (delivery: WebhookDeliveryRow) => ({
  id: delivery.id,
  analysis_id: delivery.analysis_id,
  event: delivery.event,
  url: delivery.url,
  status: delivery.status,
  attempts: delivery.attempts,
  last_status_code: delivery.last_status_code,
  last_error: delivery.last_error,
  created_at: delivery.created_at,
  delivered_at: delivery.delivered_at,
});

export const testBody = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
  /** also send to the URL itself, not only to <url>/initialize */
  send_to_url: z.boolean().default(false),
});

/**
 * A Bubble workflow URL and its "detect data" twin: `/initialize` goes at the end of the path (query kept), and a URL
 * given with `/initialize` already is the same pair.
 */
export function bubbleTargets(raw: string): { live: string; initialize: string } {
  const url = new URL(raw);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/initialize$/, '');
  url.pathname = path;
  const live = url.toString();
  url.pathname = `${path}/initialize`;
  return { live, initialize: url.toString() };
}

export interface WebhooksRouteDeps {
  webhooks: WebhookRepository;
  queue: QueueRegistry;
  outbound: OutboundGuard;
  links: Links;
  /** undefined when WEBHOOK_SECRET is not set */
  webhookSend?: SendOptions;
}

export function webhooksRouter(deps: WebhooksRouteDeps): Router {
  const router = Router();

  /**
   * Bubble's "detect data": a complete sample message (every key, typed,
   * non-null) signed like a real one, to <url>/initialize and on request to <url>.
   */
  router.post('/test', async (req, res) => {
    const parsed = testBody.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new AppError('VALIDATION_ERROR', 'Send {"url": "https://…"} (and optionally "send_to_url": true).', {
        issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      });
    if (!deps.webhookSend)
      throw new AppError(
        'WEBHOOKS_NOT_CONFIGURED',
        'WEBHOOK_SECRET is not set on the server: messages are never sent unsigned.',
      );
    const { live, initialize } = bubbleTargets(parsed.data.url);
    const targets = [initialize, ...(parsed.data.send_to_url ? [live] : [])];
    // the keys and types of a real message; the event says it is a test, so a live workflow can ignore it
    const body = JSON.stringify({ ...sampleFlat(deps.links), event: 'analysis.test' satisfies WebhookEvent });
    const results = [];
    for (const target of targets) {
      const url = new URL(target);
      await deps.outbound.check(url, 'url');
      const sent = await sendWebhook(deps.outbound, url, `msg_test_${randomUUID()}`, body, deps.webhookSend);
      results.push({
        url: target,
        ok: sent.ok,
        status_code: sent.statusCode,
        latency_ms: Math.round(sent.latencyMs),
        response_snippet: sent.responseSnippet,
        error: sent.error,
      });
    }
    res.status(results.every((r) => r.ok) ? 200 : 502).json({ sent: results });
  });

  router.get('/deliveries', async (req, res) => {
    const query = deliveriesQuery.safeParse(req.query);
    if (!query.success)
      throw new AppError('VALIDATION_ERROR', 'Invalid query.', {
        issues: query.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      });
    const caller = callerOf(res);
    const rows = await deps.webhooks.list({
      analysisId: query.data.analysis_id,
      apiKeyId: caller.scope === 'admin' ? undefined : caller.keyId,
      limit: query.data.limit,
    });
    res.json({ data: rows.map(present) });
  });

  router.get('/deliveries/:id', async (req, res) => {
    const delivery = await deps.webhooks.find(String(req.params.id));
    if (!visible(callerOf(res), delivery)) throw new AppError('NOT_FOUND', 'No such webhook delivery.');
    const attempts = await deps.webhooks.attempts(delivery.id);
    res.json({
      ...present(delivery),
      attempts_log: attempts.map((a) => ({
        attempt: a.attempt,
        started_at: a.started_at,
        status_code: a.status_code,
        latency_ms: a.latency_ms,
        response_snippet: a.response_snippet,
        error: a.error,
      })),
    });
  });

  // the same message (same webhook-id and body, freshly signed) goes out again, with a full retry schedule
  router.post('/deliveries/:id/replay', async (req, res) => {
    const delivery = await deps.webhooks.find(String(req.params.id));
    if (!visible(callerOf(res), delivery)) throw new AppError('NOT_FOUND', 'No such webhook delivery.');
    await deps.webhooks.reopen(delivery.id);
    await deps.queue.enqueue(deliverJob, { deliveryId: delivery.id }, { jobId: replayJobId(delivery.id, Date.now()) });
    res.status(202).json({ id: delivery.id, status: 'pending', replayed: true });
  });
  return router;
}
