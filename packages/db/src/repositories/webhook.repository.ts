/** Webhook deliveries and their attempts (SPEC §6): the log operators and replays read. */
import type { DataSource, EntityManager } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRow {
  id: string;
  analysis_id: string | null;
  api_key_id: string | null;
  event: string;
  url: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

export interface WebhookAttemptRow {
  id: string;
  delivery_id: string;
  attempt: number;
  started_at: Date;
  status_code: number | null;
  latency_ms: number;
  response_snippet: string | null;
  error: string | null;
}

export interface NewAttempt {
  /** when the request was sent (the row is written after the answer) */
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  responseSnippet: string | null;
  error: string | null;
}

export class WebhookRepository {
  constructor(private readonly ds: DataSource) {}

  /** Removes an analysis's messages (their bodies carry its metrics and profile) and so their attempts, inside the caller's transaction. */
  static async purge(em: EntityManager, analysisId: string): Promise<void> {
    await em.query(`DELETE FROM webhook_deliveries WHERE analysis_id = $1`, [analysisId]);
  }

  /**
   * Records a message to send; for an analysis event an existing message is
   * returned instead (created: false), so a retried job never sends twice.
   */
  async create(
    d: Pick<WebhookDeliveryRow, 'id' | 'analysis_id' | 'api_key_id' | 'event' | 'url' | 'body'>,
  ): Promise<{ delivery: WebhookDeliveryRow; created: boolean }> {
    const inserted: WebhookDeliveryRow[] = await this.ds.query(
      `INSERT INTO webhook_deliveries (id, analysis_id, api_key_id, event, url, body) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (analysis_id, event) WHERE analysis_id IS NOT NULL DO NOTHING RETURNING *`,
      [d.id, d.analysis_id, d.api_key_id, d.event, d.url, d.body],
    );
    if (inserted[0]) return { delivery: inserted[0], created: true };
    const [existing]: WebhookDeliveryRow[] = await this.ds.query(
      `SELECT * FROM webhook_deliveries WHERE analysis_id = $1 AND event = $2`,
      [d.analysis_id, d.event],
    );
    return { delivery: existing, created: false };
  }

  /**
   * Finished analyses of the last `days` that should have a message but have
   * none (the worker stopped between the result and the webhook), and
   * pending messages (their job may be gone): the start-up sweep's work.
   */
  async unsent(days: number, withDefaultUrl: boolean): Promise<{ analysisIds: string[]; pendingIds: string[] }> {
    const missing: Array<{ id: string }> = await this.ds.query(
      `SELECT a.id FROM analyses a
        WHERE a.status IN ('completed', 'failed') AND a.completed_at > now() - make_interval(days => $1) AND a.deleted_at IS NULL
          AND (a.callback_url IS NOT NULL OR $2)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.analysis_id = a.id)`,
      [days, withDefaultUrl],
    );
    const pending: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND created_at > now() - make_interval(days => $1)`,
      [days],
    );
    return { analysisIds: missing.map((r) => r.id), pendingIds: pending.map((r) => r.id) };
  }

  async find(id: string): Promise<WebhookDeliveryRow | null> {
    const rows: WebhookDeliveryRow[] = await this.ds.query(`SELECT * FROM webhook_deliveries WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Logs one attempt and moves the delivery on (delivered on success; failed when it was the last try). */
  async recordAttempt(id: string, a: NewAttempt, outcome: 'delivered' | 'retry' | 'failed'): Promise<number> {
    return this.ds.transaction(async (em) => {
      // (an UPDATE through TypeORM's query() answers [rows, count])
      const [[row]]: [Array<{ attempts: number }>, number] = await em.query(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $2, last_error = $3, updated_at = now(),
           status = CASE WHEN $4 = 'delivered' THEN 'delivered' WHEN $4 = 'failed' THEN 'failed' ELSE status END,
           delivered_at = CASE WHEN $4 = 'delivered' THEN now() ELSE delivered_at END
         WHERE id = $1 RETURNING attempts`,
        [id, a.statusCode, a.error, outcome],
      );
      if (!row) return 0;
      await em.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, started_at, status_code, latency_ms, response_snippet, error) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, row.attempts, a.startedAt, a.statusCode, Math.round(a.latencyMs), a.responseSnippet, a.error],
      );
      return row.attempts;
    });
  }

  /** A replay sends the same message again (same id and body): back to pending. */
  async reopen(id: string): Promise<void> {
    await this.ds.query(`UPDATE webhook_deliveries SET status = 'pending', updated_at = now() WHERE id = $1`, [id]);
  }

  attempts(id: string): Promise<WebhookAttemptRow[]> {
    return this.ds.query(`SELECT * FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id`, [id]);
  }

  list(q: { analysisId?: string; apiKeyId?: string; limit: number }): Promise<WebhookDeliveryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.analysisId) where.push(`analysis_id = $${params.push(q.analysisId)}`);
    if (q.apiKeyId) where.push(`api_key_id = $${params.push(q.apiKeyId)}`);
    return this.ds.query(
      `SELECT * FROM webhook_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC LIMIT $${params.push(q.limit)}`,
      params,
    );
  }
}
