/**
 * API keys (SPEC §4). The secret is shown once, at creation; the table keeps
 * its SHA-256 (32 random bytes need no slow hash: there is nothing to guess)
 * and a short prefix so operators can tell keys apart.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export type ApiKeyScope = 'client' | 'admin';

export interface ApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyScope;
  key_prefix: string;
  rate_limit_per_minute: number | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** Secrets look like `fa_<43 base64url characters>`; the prefix kept in clear is the first 10 characters. */
const SECRET_PREFIX = 'fa_';
const SHOWN_CHARS = 10;

export const hashApiKey = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export function mintApiKey(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

const COLUMNS = 'id, name, scope, key_prefix, rate_limit_per_minute, created_at, last_used_at, revoked_at';

export class ApiKeyRepository {
  constructor(private readonly ds: DataSource) {}

  /** Creates a key; returns the row and the secret (not stored, shown once). */
  async create(input: {
    name: string;
    scope: ApiKeyScope;
    rateLimitPerMinute?: number | null;
    secret?: string;
  }): Promise<{ key: ApiKeyRow; secret: string }> {
    const secret = input.secret ?? mintApiKey();
    const rows: ApiKeyRow[] = await this.ds.query(
      `INSERT INTO api_keys (id, name, scope, key_prefix, key_hash, rate_limit_per_minute) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        input.name,
        input.scope,
        secret.slice(0, SHOWN_CHARS),
        hashApiKey(secret),
        input.rateLimitPerMinute ?? null,
      ],
    );
    return { key: rows[0], secret };
  }

  /**
   * Makes sure a given secret is the live key called `name` (ADMIN_API_KEY at
   * start-up): the environment is the source of truth, so a changed secret
   * revokes the key it replaces. Several API processes may race here; the
   * insert tolerates its twin.
   */
  async ensure(secret: string, name: string, scope: ApiKeyScope): Promise<ApiKeyRow> {
    const existing = await this.findBySecret(secret);
    if (existing) return existing;
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL`, [name]);
      await em.query(
        `INSERT INTO api_keys (id, name, scope, key_prefix, key_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [randomUUID(), name, scope, secret.slice(0, SHOWN_CHARS), hashApiKey(secret)],
      );
    });
    const row = await this.findBySecret(secret);
    if (!row) throw new Error(`API key "${name}" could not be created`);
    return row;
  }

  /** The live (not revoked) key with this secret, or null. */
  async findBySecret(secret: string): Promise<ApiKeyRow | null> {
    const rows: ApiKeyRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(secret)],
    );
    return rows[0] ?? null;
  }

  list(): Promise<ApiKeyRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, name`);
  }

  /** Revokes the live key with this name or id; false when there is none. */
  async revoke(nameOrId: string): Promise<boolean> {
    const isId = /^[0-9a-f-]{36}$/i.test(nameOrId);
    const [, count] = await this.ds.query(
      `UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND ${isId ? 'id = $1::uuid' : 'name = $1'}`,
      [nameOrId],
    );
    return count > 0;
  }

  /** Records use at most once a minute per key (a write per request would cost more than it tells). */
  async touch(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
