import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries (SPEC §6): one row per message (its id is the
 * `webhook-id` header, stable across retries and replays; the body is kept
 * byte for byte so every attempt signs the same bytes), and one row per attempt.
 */
export class WebhookDeliveries1764400000000 implements MigrationInterface {
  name = 'WebhookDeliveries1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id text PRIMARY KEY,
        analysis_id uuid REFERENCES analyses (id) ON DELETE SET NULL,
        api_key_id uuid REFERENCES api_keys (id),
        event text NOT NULL,
        url text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    // one message per analysis and event: a retried job or a reconciliation never sends twice
    await q.query(
      `CREATE UNIQUE INDEX webhook_deliveries_analysis_event_uq ON webhook_deliveries (analysis_id, event) WHERE analysis_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX webhook_deliveries_status_idx ON webhook_deliveries (status, created_at)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        latency_ms integer NOT NULL,
        response_snippet text,
        error text
      )`);
    await q.query(`CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
  }
}
