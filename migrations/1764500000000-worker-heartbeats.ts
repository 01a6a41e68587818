import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Live workers for the operations dashboard: each worker upserts its row every few seconds and deletes it on a clean stop. */
export class WorkerHeartbeats1764500000000 implements MigrationInterface {
  name = 'WorkerHeartbeats1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE worker_heartbeats (
        worker_id text PRIMARY KEY,
        host text NOT NULL,
        pid integer NOT NULL,
        device text NOT NULL,
        backend text NOT NULL,
        concurrency integer NOT NULL,
        current_jobs text[] NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL,
        heartbeat_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE worker_heartbeats`);
  }
}
