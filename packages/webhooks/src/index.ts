/**
 * Webhook messages (SPEC §6): what is sent for an analysis, and how it is
 * signed. Delivery itself (HTTP, retries, the attempt log) is the worker's
 * deliver handler; this module is shared by the worker (on completion) and
 * the API (replays).
 */
import { randomUUID } from 'node:crypto';
import type { AnalysisRepository, AnalysisResultRepository, WebhookDeliveryRow, WebhookRepository } from '@face/db';
import { AppError } from '@face/errors';
import { isRefusedAtConnect, type OutboundGuard } from '@face/outbound';
import { presentFlat, type Links } from '@face/presenters';
import { deliverJob, type QueueRegistry } from '@face/queue';
import { Webhook } from 'standardwebhooks';

/** analysis.test: a sample message from POST /v1/webhooks/test, with the keys of analysis.completed and external_id "sample". */
export const WEBHOOK_EVENTS = ['analysis.completed', 'analysis.failed', 'analysis.test'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

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
  results: AnalysisResultRepository;
  webhooks: WebhookRepository;
  queue: QueueRegistry;
  links: Links;
  defaultUrl?: string;
}

/**
 * Creates (once) and queues the message for a finished analysis: the flat
 * result (every key, like `?format=flat`) plus `event`, to the analysis's
 * callback_url or the configured default. Returns null when there is nowhere to send.
 */
export async function notifyAnalysisFinished(
  deps: NotifierDeps,
  analysisId: string,
): Promise<WebhookDeliveryRow | null> {
  // one light read decides; the full record (metrics, profile) is loaded only when there is somewhere to send it
  const row = await deps.analyses.findById(analysisId);
  const url = row?.callback_url ?? deps.defaultUrl;
  if (!row || !url || (row.status !== 'completed' && row.status !== 'failed')) return null;
  const record = await deps.results.findRecord(analysisId);
  if (!record) return null;
  const { analysis } = record;
  const event: WebhookEvent = analysis.status === 'completed' ? 'analysis.completed' : 'analysis.failed';
  const body = JSON.stringify({ event, ...presentFlat(record, deps.links) });
  const { delivery } = await deps.webhooks.create({
    id: `msg_${randomUUID()}`,
    analysis_id: analysis.id,
    api_key_id: analysis.api_key_id,
    event,
    url,
    body,
  });
  // (re)queue while it is pending: a job that died between the insert and the enqueue is completed here
  if (delivery.status === 'pending') await deps.queue.enqueue(deliverJob, { deliveryId: delivery.id });
  return delivery;
}

export interface SendOptions {
  /** whsec_… signing secret */
  secret: string;
  /** origin → static bearer token (Bubble's workflow API token) */
  authTokens: Record<string, string>;
  timeoutMs: number;
}

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  responseSnippet: string | null;
  error: string | null;
  /** the destination is not a public address: retrying cannot help */
  refused: boolean;
}

/** Response text kept per attempt (enough to see a receiver's error message). */
const SNIPPET_CHARS = 500;

/**
 * One signed POST: success is a 2xx within the time limit; redirects are not
 * followed; the destination must pass the outbound guard. Never throws.
 */
export async function sendWebhook(
  guard: OutboundGuard,
  url: URL,
  id: string,
  body: string,
  opts: SendOptions,
): Promise<SendOutcome> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'face-analysis-webhooks/1',
    ...signedHeaders(opts.secret, id, body),
  };
  const token = opts.authTokens[url.origin];
  if (token) headers.authorization = `Bearer ${token}`;
  const t0 = performance.now();
  const done = (o: Omit<SendOutcome, 'latencyMs'>): SendOutcome => ({ ...o, latencyMs: performance.now() - t0 });
  try {
    const res = await guard.fetch(
      url,
      { method: 'POST', headers, body, signal: AbortSignal.timeout(opts.timeoutMs), maxRedirects: 0 },
      'callback_url',
    );
    const snippet = (await res.text().catch(() => '')).slice(0, SNIPPET_CHARS);
    const redirect =
      res.status >= 300 && res.status < 400 ? `redirect to ${res.headers.get('location') ?? '?'} not followed` : null;
    return done({
      ok: res.status >= 200 && res.status < 300,
      statusCode: res.status,
      responseSnippet: snippet,
      error: redirect,
      refused: false,
    });
  } catch (e) {
    if ((e instanceof AppError && e.code === 'DESTINATION_NOT_ALLOWED') || isRefusedAtConnect(e)) {
      const reason = e instanceof AppError ? e.message : 'callback_url must point to a public internet address';
      return done({ ok: false, statusCode: null, responseSnippet: null, error: reason, refused: true });
    }
    const error =
      (e as Error).name === 'TimeoutError'
        ? `no answer within ${opts.timeoutMs} ms`
        : `request failed: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`;
    return done({ ok: false, statusCode: null, responseSnippet: null, error, refused: false });
  }
}
