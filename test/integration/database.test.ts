/** The database layer against the machine's real Postgres: migrations, catalog columns, write-once results, purge. */
import { randomUUID } from 'node:crypto';
import { catalog, columnType, flatKey } from '@face/catalog';
import {
  AnalysisRepository,
  AnalysisResultRepository,
  ApiKeyRepository,
  hashApiKey,
  openDatabase,
  type NewAnalysis,
} from '@face/db';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../helpers/env';

let db: TestDatabase;
let ds: DataSource;
let repo: AnalysisRepository;
let results: AnalysisResultRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDatabase({ url: db.url });
  repo = new AnalysisRepository(ds);
  results = new AnalysisResultRepository(ds);
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const newAnalysis = (over: Partial<NewAnalysis> = {}): NewAnalysis => ({
  id: randomUUID(),
  external_id: null,
  idempotency_key: null,
  request_sha256: null,
  api_key_id: null,
  callback_url: null,
  face_policy: 'largest',
  image_sha256: 'a'.repeat(64),
  image_bytes: 1000,
  image_width: 400,
  image_height: 500,
  image_mime: 'image/jpeg',
  ...over,
});

const result = {
  metrics: { geometry_face_length_width_ratio: 1.2, geometry_face_shape: 'oval', geometry_head_length_ratio: null },
  nullReasons: { head_length_ratio: 'crown_cut_off' },
  warnings: [],
  timingsMs: { decode: 10 },
  faceBox: [1, 2, 3, 4] as [number, number, number, number],
  faceCount: 1,
  overlayKey: null,
};

test('every catalog metric is a typed column of analysis_metrics, and nothing else is (beside null reasons and percentiles)', async () => {
  const cols: Array<{ column_name: string; data_type: string }> = await ds.query(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'analysis_metrics' AND column_name NOT IN ('analysis_id','null_reasons','created_at','percentiles','percentile_basis')`,
  );
  const actual = Object.fromEntries(cols.map((c) => [c.column_name, c.data_type]));
  const expected = Object.fromEntries(catalog.map((m) => [flatKey(m), columnType(m)]));
  expect(actual).toEqual(expected);
});

test('migrations are idempotent and reversible', async () => {
  await ds.runMigrations();
  for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration();
  const tables: unknown[] = await ds.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'analyses'`);
  expect(tables).toHaveLength(0);
  await ds.runMigrations();
});

test('a result is written once; a second worker cannot write it again', async () => {
  const a = await repo.create(newAnalysis(), null);
  expect(a.status).toBe('queued');
  expect(await repo.markActive(a.id, 1)).toEqual({ face_policy: 'largest', truth: { age: null, gender: null } });
  expect(await results.complete(a.id, result)).toBe(true);
  expect(await results.complete(a.id, result)).toBe(false);
  expect(await repo.markActive(a.id, 2)).toBeNull();
  const rows: unknown[] = await ds.query(`SELECT 1 FROM analysis_metrics WHERE analysis_id = $1`, [a.id]);
  expect(rows).toHaveLength(1);
  const rec = await results.findRecord(a.id);
  expect(rec?.metrics?.geometry_face_shape).toBe('oval');
  expect(rec?.metrics?.null_reasons).toEqual({ head_length_ratio: 'crown_cut_off' });
});

test('cancel-and-purge removes personal data and stops a running analysis from completing', async () => {
  const sha = 'b'.repeat(64);
  const a = await repo.create(newAnalysis({ image_sha256: sha, external_id: 'x' }), {
    birth_date: '1990-01-01',
    gender: 'female',
    country: 'KR',
    skin_concerns: ['dry'],
    self_undertone: null,
    hair_color: null,
    hair_length: null,
    hair_texture: null,
    makeup_preference: null,
    outdoor_ratio: 10,
  });
  const twin = await repo.create(newAnalysis({ image_sha256: sha }), null);
  // the profile's truth comes with the claim: age in completed years on the day of the photo
  expect(await repo.markActive(a.id, 1)).toEqual({
    face_policy: 'largest',
    truth: { age: new Date(a.created_at).getUTCFullYear() - 1990, gender: 'female' },
  });
  const purge = await repo.cancelAndPurge(a.id);
  expect(purge).toEqual({ found: true, previousStatus: 'active', status: 'cancelled', orphanedImages: [] }); // the twin still uses the photo
  expect(await results.complete(a.id, result)).toBe(false);
  const rec = await results.findRecord(a.id);
  expect(rec?.analysis.status).toBe('cancelled');
  expect(rec?.analysis.image_sha256).toBeNull();
  expect(rec?.profile).toBeNull();
  expect((await repo.cancelAndPurge(twin.id)).orphanedImages).toEqual([sha]);
  expect((await repo.cancelAndPurge(randomUUID())).found).toBe(false);
});

test('idempotency keys are unique per API key, and two keys may use the same one', async () => {
  const keys = new ApiKeyRepository(ds);
  const [a, b] = await Promise.all([
    keys.create({ name: 'idem-a', scope: 'client' }),
    keys.create({ name: 'idem-b', scope: 'client' }),
  ]);
  const first = await repo.create(newAnalysis({ idempotency_key: 'key-1', api_key_id: a.key.id }), null);
  await expect(repo.create(newAnalysis({ idempotency_key: 'key-1', api_key_id: a.key.id }), null)).rejects.toThrow();
  const other = await repo.create(newAnalysis({ idempotency_key: 'key-1', api_key_id: b.key.id }), null);
  expect((await repo.findByIdempotencyKey('key-1', a.key.id))?.id).toBe(first.id);
  expect((await repo.findByIdempotencyKey('key-1', b.key.id))?.id).toBe(other.id);
  // rows without a key (from before keys existed) are unique among themselves too
  await repo.create(newAnalysis({ idempotency_key: 'key-2' }), null);
  await expect(repo.create(newAnalysis({ idempotency_key: 'key-2' }), null)).rejects.toThrow();
});

test('API keys: stored hashed, found by secret while live, revoked by name', async () => {
  const keys = new ApiKeyRepository(ds);
  const { key, secret } = await keys.create({ name: 'bubble-test', scope: 'client', rateLimitPerMinute: 60 });
  expect(secret).toMatch(/^fa_[A-Za-z0-9_-]{43}$/);
  const [stored] = await ds.query(`SELECT key_hash, key_prefix FROM api_keys WHERE id = $1`, [key.id]);
  expect(stored.key_hash).toBe(hashApiKey(secret));
  expect(JSON.stringify(stored)).not.toContain(secret);
  expect((await keys.findBySecret(secret))?.id).toBe(key.id);
  expect(await keys.findBySecret(`${secret}x`)).toBeNull();
  // one live key per name
  await expect(keys.create({ name: 'bubble-test', scope: 'client' })).rejects.toThrow();
  expect(await keys.revoke('bubble-test')).toBe(true);
  expect(await keys.findBySecret(secret)).toBeNull();
  expect(await keys.revoke('bubble-test')).toBe(false);
  // the name is free again after revocation
  await keys.create({ name: 'bubble-test', scope: 'client' });
  // ADMIN_API_KEY bootstrap is idempotent
  const bootstrap = 'x'.repeat(30);
  const once = await keys.ensure(bootstrap, 'admin-bootstrap', 'admin');
  expect((await keys.ensure(bootstrap, 'admin-bootstrap', 'admin')).id).toBe(once.id);
  // a changed ADMIN_API_KEY replaces the old bootstrap key
  const rotated = await keys.ensure('y'.repeat(30), 'admin-bootstrap', 'admin');
  expect(rotated.id).not.toBe(once.id);
  expect(await keys.findBySecret(bootstrap)).toBeNull();
});

test('cursor pagination walks the history newest first without repeats', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await repo.create(newAnalysis({ external_id: 'page-test' }), null)).id);
  // all five inside one millisecond (a JS Date cannot tell them apart; Postgres keeps microseconds)
  for (const [i, id] of ids.entries())
    await ds.query(
      `UPDATE analyses SET created_at = '2026-11-22 10:00:00.123100+00'::timestamptz + $2 * interval '100 microseconds' WHERE id = $1`,
      [id, i],
    );
  const seen: string[] = [];
  let cursor: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page = await repo.list({ externalId: 'page-test', limit: 2, cursor });
    seen.push(...page.map((r) => r.id));
    if (page.length < 2) break;
    const last = page[page.length - 1];
    cursor = { createdAt: last.created_at, id: last.id };
  }
  expect(seen).toHaveLength(5);
  expect(new Set(seen).size).toBe(5);
});
