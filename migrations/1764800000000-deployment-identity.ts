import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One random identity per deployment, kept in its own database (so it
 * survives backup and restore). Processes bind the Redis queue prefix to it at
 * start, so two deployments sharing one Redis and QUEUE_PREFIX refuse to start
 * instead of taking each other's jobs.
 */
export class DeploymentIdentity1764800000000 implements MigrationInterface {
  name = 'DeploymentIdentity1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE deployment (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO deployment DEFAULT VALUES`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deployment`);
  }
}
