/**
 * Webhook messages (SPEC §6): what is sent for an analysis, and how it is
 * signed. Delivery itself (HTTP, retries, the attempt log) is the worker's
 * deliver handler; this module is shared by the worker (on completion) and
 * the API (replays).
 */
import { randomUUID } from 'node:crypto';
import type { AnalysisRepository, WebhookDeliveryRow, WebhookRepository } from '@face/db';
import { presentFlat } from '@face/presenters';
import type { QueueRegistry } from '@face/queue';
import { Webhook } from 'standardwebhooks';

export type WebhookEvent = 'analysis.completed' | 'analysis.failed';

/** Standard Webhooks headers for one attempt: the id is the message's, the timestamp the attempt's. */
export function signedHeaders(secret: string, id: string, body: string, at = new Date()): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
  };
}

export interface NotifierDeps {
  analyses: AnalysisRepository;
  webhooks: WebhookRepository;
  queue: QueueRegistry;
  baseUrl: string;
  defaultUrl?: string;
}

/**
 * Creates (once) and queues the message for a finished analysis: the flat
 * result (every key, like `?format=flat`) plus `event`, to the analysis's
 * callback_url or the configured default. Returns null when there is nowhere to send.
 */
export async function notifyAnalysisFinished(deps: NotifierDeps, analysisId: string): Promise<WebhookDeliveryRow | null> {
  const record = await deps.analyses.findRecord(analysisId);
  if (!record) return null;
  const { analysis } = record;
  const url = analysis.callback_url ?? deps.defaultUrl;
  if (!url || (analysis.status !== 'completed' && analysis.status !== 'failed')) return null;
  const event: WebhookEvent = analysis.status === 'completed' ? 'analysis.completed' : 'analysis.failed';
  const body = JSON.stringify({ event, ...presentFlat(record, deps.baseUrl) });
  const { delivery } = await deps.webhooks.create({ id: `msg_${randomUUID()}`, analysis_id: analysis.id, api_key_id: analysis.api_key_id, event, url, body });
  // (re)queue while it is pending: a job that died between the insert and the enqueue is completed here
  if (delivery.status === 'pending') await deps.queue.enqueueDelivery({ deliveryId: delivery.id });
  return delivery;
}
