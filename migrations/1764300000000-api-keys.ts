import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (SPEC §4): stored as SHA-256 of the secret (the secret is 32 random
 * bytes, so a fast hash is safe; only its first characters are kept in clear to
 * recognise it in lists). Each analysis belongs to the key that created it, and
 * an Idempotency-Key is unique per key, not across clients.
 */
export class ApiKeys1764300000000 implements MigrationInterface {
  name = 'ApiKeys1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('client', 'admin')),
        key_prefix text NOT NULL,
        key_hash char(64) NOT NULL UNIQUE,
        rate_limit_per_minute integer CHECK (rate_limit_per_minute > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    // a name identifies one live key; a revoked key's name may be reused
    await q.query(`CREATE UNIQUE INDEX api_keys_live_name_uq ON api_keys (name) WHERE revoked_at IS NULL`);
    await q.query(`ALTER TABLE analyses ADD COLUMN api_key_id uuid REFERENCES api_keys (id)`);
    await q.query(`CREATE INDEX analyses_api_key_created_idx ON analyses (api_key_id, created_at DESC, id DESC)`);
    await q.query(`DROP INDEX analyses_idempotency_key_uq`);
    await q.query(
      `CREATE UNIQUE INDEX analyses_idempotency_key_uq ON analyses (COALESCE(api_key_id, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX analyses_idempotency_key_uq`);
    await q.query(
      `CREATE UNIQUE INDEX analyses_idempotency_key_uq ON analyses (idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`DROP INDEX analyses_api_key_created_idx`);
    await q.query(`ALTER TABLE analyses DROP COLUMN api_key_id`);
    await q.query(`DROP TABLE api_keys`);
  }
}
