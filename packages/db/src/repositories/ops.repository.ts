/**
 * What the operations dashboard reads from Postgres (the system of record):
 * live workers, throughput, stage latency, recent failures, webhook outcomes.
 */
import type { DataSource } from 'typeorm';

export interface WorkerHeartbeat {
  worker_id: string;
  host: string;
  pid: number;
  device: string;
  backend: string;
  concurrency: number;
  current_jobs: string[];
  started_at: Date;
  heartbeat_at: Date;
}

export class OpsRepository {
  constructor(private readonly ds: DataSource) {}

  async beat(w: Omit<WorkerHeartbeat, 'heartbeat_at'>): Promise<void> {
    await this.ds.query(
      `INSERT INTO worker_heartbeats (worker_id, host, pid, device, backend, concurrency, current_jobs, started_at, heartbeat_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (worker_id) DO UPDATE SET current_jobs = EXCLUDED.current_jobs, heartbeat_at = now()`,
      [w.worker_id, w.host, w.pid, w.device, w.backend, w.concurrency, w.current_jobs, w.started_at],
    );
  }

  async leave(workerId: string): Promise<void> {
    await this.ds.query(`DELETE FROM worker_heartbeats WHERE worker_id = $1`, [workerId]);
  }

  /** Workers heard from within the last hour (the dashboard marks the silent ones), with heartbeat age in seconds. */
  async workers(): Promise<Array<WorkerHeartbeat & { age_s: number }>> {
    return this.ds.query(
      `SELECT *, extract(epoch FROM now() - heartbeat_at)::float AS age_s FROM worker_heartbeats WHERE heartbeat_at > now() - interval '1 hour' ORDER BY started_at`,
    );
  }

  /** Completed and failed analyses per `bucketMin`-minute bucket over the last `hours`. */
  async throughput(
    hours: number,
    bucketMin: number,
  ): Promise<Array<{ bucket: Date; completed: number; failed: number }>> {
    return this.ds.query(
      `SELECT to_timestamp(floor(extract(epoch FROM completed_at) / ($2 * 60)) * $2 * 60) AS bucket,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM analyses WHERE completed_at > now() - make_interval(hours => $1) AND status IN ('completed', 'failed')
        GROUP BY 1 ORDER BY 1`,
      [hours, bucketMin],
    );
  }

  /** p50 / p95 of each stage over analyses completed in the last `hours`. */
  async stageLatency(hours: number): Promise<Array<{ stage: string; p50: number; p95: number; n: number }>> {
    return this.ds.query(
      `SELECT t.key AS stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY t.value::float) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY t.value::float) AS p95, count(*)::int AS n
         FROM analyses a, jsonb_each_text(a.timings_ms) t
        WHERE a.status = 'completed' AND a.completed_at > now() - make_interval(hours => $1)
        GROUP BY t.key ORDER BY p50 DESC`,
      [hours],
    );
  }

  /** Analyses created in the last `hours`, by status. */
  statusCounts(hours: number): Promise<Record<string, number>> {
    return this.countByStatus('analyses', hours);
  }

  /** Webhook messages created in the last `hours`, by status. */
  deliveryStatusCounts(hours: number): Promise<Record<string, number>> {
    return this.countByStatus('webhook_deliveries', hours);
  }

  private async countByStatus(table: 'analyses' | 'webhook_deliveries', hours: number) {
    const rows: Array<{ status: string; n: number }> = await this.ds.query(
      `SELECT status, count(*)::int AS n FROM ${table} WHERE created_at > now() - make_interval(hours => $1) GROUP BY status`,
      [hours],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Finished analyses of the last `hours` by outcome: completed, rejected (the photo itself: `inputCodes`, such as
   * NO_FACE) and failed (everything else: a fault of the service or a dependency).
   */
  async outcomes(
    hours: number,
    inputCodes: readonly string[],
  ): Promise<{ completed: number; rejected: number; failed: number }> {
    const [row]: Array<{ completed: number; rejected: number; failed: number }> = await this.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'failed' AND error_code = ANY($2))::int AS rejected,
              count(*) FILTER (WHERE status = 'failed' AND (error_code IS NULL OR NOT error_code = ANY($2)))::int AS failed
         FROM analyses WHERE completed_at > now() - make_interval(hours => $1) AND status IN ('completed', 'failed')`,
      [hours, inputCodes],
    );
    return row;
  }

  recentFailures(
    limit: number,
  ): Promise<
    Array<{ id: string; error_code: string; error_message: string; error_stage: string | null; completed_at: Date }>
  > {
    return this.ds.query(
      `SELECT id, error_code, error_message, error_stage, completed_at FROM analyses WHERE status = 'failed' AND deleted_at IS NULL ORDER BY completed_at DESC NULLS LAST LIMIT $1`,
      [limit],
    );
  }

  async webhooks(hours: number): Promise<{ delivered: number; failed: number; pending: number }> {
    const [row] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'delivered' AND created_at > now() - make_interval(hours => $1))::int AS delivered,
              count(*) FILTER (WHERE status = 'failed' AND created_at > now() - make_interval(hours => $1))::int AS failed,
              count(*) FILTER (WHERE status = 'pending')::int AS pending
         FROM webhook_deliveries`,
      [hours],
    );
    return row;
  }
}
