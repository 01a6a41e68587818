/**
 * Access control on the real API process (SPEC §4): API keys from the CLI,
 * per-key ownership of analyses, per-key rate limits, admin-only routes, and
 * the security headers. No worker runs: creating an analysis needs only the
 * API, Postgres and Redis.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { ApiClient, TEST_ADMIN_KEY } from '../helpers/api-client';
import { PORTRAITS } from '../helpers/datasets';
import { REDIS_URL, createTestDatabase, freePort, uniqueName, type TestDatabase } from '../helpers/env';
import { startProcess, type RunningProcess } from '../helpers/processes';

const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

let db: TestDatabase;
let api: RunningProcess;
let admin: ApiClient;
let env: Record<string, string>;
const ALLOWED_ORIGIN = 'https://beauty-app.bubbleapps.io';

/** `npm run keys -- …` as an operator would run it (the script itself, against the test database). */
async function keysCli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/keys.ts'), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: env.DATABASE_URL,
      LOG_LEVEL: 'error',
    },
  });
  return stdout;
}

async function createKey(name: string, ...extra: string[]): Promise<string> {
  const out = await keysCli('create', '--name', name, ...extra);
  const secret = /^(fa_[A-Za-z0-9_-]{43})$/m.exec(out)?.[1];
  if (!secret) throw new Error(`no secret in: ${out}`);
  return secret;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('acc').toLowerCase(),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'face-access-')),
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    // revocation is checked on every request here (production trusts a key for API_KEY_CACHE_MS)
    API_KEY_CACHE_MS: '0',
    CORS_ORIGINS: ALLOWED_ORIGIN,
  };
  api = startProcess('api', 'apps/api/src/main.ts', env);
  await api.waitForLog(/api listening/);
  admin = new ApiClient(`http://127.0.0.1:${port}`);
}, 60_000);

afterAll(async () => {
  await api?.stop();
  fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  await db?.drop();
});

test('every /v1 route needs a valid key; health checks do not', async () => {
  const anonymous = admin.as(null);
  for (const [method, url] of [
    ['GET', '/v1/analyses'],
    ['GET', '/v1/metrics/catalog'],
    ['GET', '/v1/analyses/00000000-0000-4000-8000-000000000000'],
    ['POST', '/v1/analyses'],
  ]) {
    const r = await anonymous.request(method, url);
    expect([url, r.status, r.body.error.code]).toEqual([url, 401, 'UNAUTHORIZED']);
  }
  expect((await admin.as('fa_not-a-real-key-000000000000000000000000000').request('GET', '/v1/analyses')).status).toBe(
    401,
  );
  expect((await anonymous.request('GET', '/healthz')).status).toBe(200);
  // X-API-Key works too, for tools that cannot set a Bearer header
  expect(
    (await anonymous.request('GET', '/v1/metrics/catalog', { headers: { 'x-api-key': TEST_ADMIN_KEY } })).status,
  ).toBe(200);
});

test('a client key sees only the analyses it created; an admin key sees all', async () => {
  const alice = admin.as(await createKey('alice-app'));
  const bob = admin.as(await createKey('bob-app'));
  const created = await alice.post(PORTRAITS.frontal, { external_id: 'alice-1' });
  expect(created.status).toBe(202);
  const id = created.body.id;

  expect((await alice.get(id)).status).toBe(200);
  // another client's analysis does not exist for bob: same answer as a random id
  const peek = await bob.get(id);
  expect([peek.status, peek.body.error.code]).toEqual([404, 'NOT_FOUND']);
  expect((await bob.request('GET', `/v1/analyses/${id}/overlay.png`)).status).toBe(404);
  expect((await bob.request('DELETE', `/v1/analyses/${id}`)).status).toBe(404);
  expect((await bob.request('GET', '/v1/analyses?external_id=alice-1')).body.data).toEqual([]);
  expect(
    (await alice.request('GET', '/v1/analyses?external_id=alice-1')).body.data.map((a: { id: string }) => a.id),
  ).toEqual([id]);
  expect((await admin.get(id)).status).toBe(200);

  // one Idempotency-Key used by two clients makes two analyses, one each
  const headers = { 'idempotency-key': 'bubble-thing-42' };
  const a1 = await alice.post(PORTRAITS.frontal, {}, { headers });
  const a2 = await alice.post(PORTRAITS.frontal, {}, { headers });
  const b1 = await bob.post(PORTRAITS.frontal, {}, { headers });
  expect(a2.body.id).toBe(a1.body.id);
  expect(b1.body.id).not.toBe(a1.body.id);

  // the owner may delete it; then it is gone for everyone
  expect((await alice.request('DELETE', `/v1/analyses/${id}`)).status).toBe(200);
});

test('client keys cannot use admin routes', async () => {
  const client = admin.as(await createKey('carol-app'));
  const r = await client.request('POST', '/v1/calibrations');
  expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
  expect((await client.request('GET', '/v1/model-versions')).status).toBe(403);
  const versions = await admin.request('GET', '/v1/model-versions');
  expect(versions.status).toBe(200);
  // (the versions are seeded by workers; none runs here)
  expect(Array.isArray(versions.body.data)).toBe(true);
  const started = await admin.request('POST', '/v1/calibrations');
  expect(started.status).toBe(202);
  expect(started.body.job_id).toBeTruthy();
});

test('rate limits are per key: 429 with Retry-After and RateLimit-* headers, other keys unaffected', async () => {
  const limited = admin.as(await createKey('dave-app', '--rate-limit', '5'));
  const other = admin.as(await createKey('erin-app', '--rate-limit', '5'));
  const first = await limited.request('GET', '/v1/analyses');
  expect(first.headers.get('ratelimit-limit')).toBe('5');
  expect(first.headers.get('ratelimit-remaining')).toBe('4');
  for (let i = 0; i < 4; i++) expect((await limited.request('GET', '/v1/analyses')).status).toBe(200);
  const blocked = await limited.request('GET', '/v1/analyses');
  expect(blocked.status).toBe(429);
  expect(blocked.body.error.code).toBe('RATE_LIMITED');
  const retryAfter = Number(blocked.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(blocked.headers.get('ratelimit-remaining')).toBe('0');
  expect((await other.request('GET', '/v1/analyses')).status).toBe(200);
});

test('a revoked key stops working', async () => {
  const secret = await createKey('frank-app');
  expect((await admin.as(secret).request('GET', '/v1/analyses')).status).toBe(200);
  expect(await keysCli('revoke', '--name', 'frank-app')).toMatch(/revoked frank-app/);
  expect((await admin.as(secret).request('GET', '/v1/analyses')).status).toBe(401);
  const listed = await keysCli('list');
  expect(listed).toMatch(/frank-app/);
  expect(listed).not.toContain(secret);
});

test('security headers, CORS allow-list, no stack traces', async () => {
  const r = await admin.request('GET', '/v1/metrics/catalog', { headers: { origin: ALLOWED_ORIGIN } });
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(r.headers.get('strict-transport-security')).toBeTruthy();
  expect(r.headers.get('x-powered-by')).toBeNull();
  expect(r.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  const foreign = await admin.request('GET', '/v1/metrics/catalog', { headers: { origin: 'https://evil.example' } });
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  const bad = await admin.request('POST', '/v1/analyses', {
    body: '{"image_url": ',
    headers: { 'content-type': 'application/json' },
  });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts:\d+/);
  // the API log never carries a key
  expect(api.logs()).not.toContain(TEST_ADMIN_KEY);
});

test('image_url pointing into our own network is refused with DESTINATION_NOT_ALLOWED, and nothing is stored', async () => {
  for (const url of [
    'http://127.0.0.1:8080/selfie.jpg',
    'http://10.0.0.1/selfie.jpg',
    'http://169.254.169.254/latest/meta-data/',
    'http://localhost/selfie.jpg',
    '//[::1]/selfie.jpg',
  ]) {
    const r = await admin.request('POST', '/v1/analyses', {
      body: JSON.stringify({ image_url: url, external_id: 'ssrf' }),
      headers: { 'content-type': 'application/json' },
    });
    expect([url, r.status, r.body.error.code]).toEqual([url, 400, 'DESTINATION_NOT_ALLOWED']);
  }
  expect((await admin.request('GET', '/v1/analyses?external_id=ssrf')).body.data).toEqual([]);
});

test('the API description is served: /openapi.json and the rendered /docs page, without a key', async () => {
  const anonymous = admin.as(null);
  const doc = await anonymous.request('GET', '/openapi.json');
  expect(doc.status).toBe(200);
  expect(doc.body.openapi).toBe('3.1.0');
  const page = await fetch(`${admin.base}/docs/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(await page.text()).toMatch(/swagger-ui/);
});

test('the CSV export streams every analysis for an admin key (UTF-8 with BOM) and is refused to a client key', async () => {
  const res = await fetch(`${admin.base}/v1/exports/analyses.csv?lang=ko&status=queued`, {
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toContain('얼굴형 (geometry_face_shape)');
  expect(lines.length).toBeGreaterThan(1); // the analyses the tests above queued
  const client = admin.as(await createKey('gina-app'));
  expect((await client.request('GET', '/v1/exports/analyses.csv')).status).toBe(403);
});

test("an external_id a client writes as a formula reaches the operator's CSV as text, in both languages", async () => {
  const client = admin.as(await createKey('mallory-app'));
  const formula = '=HYPERLINK("http://evil.example/x","click")';
  expect((await client.post(PORTRAITS.frontal, { external_id: formula })).status).toBe(202);
  for (const lang of ['en', 'ko']) {
    const res = await fetch(`${admin.base}/v1/exports/analyses.csv?lang=${lang}&status=queued`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    const [header, ...rows] = parse((await res.text()).replace(/^\uFEFF/, '')) as string[][];
    const column = header.findIndex((h) => h === (lang === 'ko' ? '외부 ID' : 'External id'));
    expect(rows.map((r) => r[column])).toContain(`'${formula}`);
    expect(rows.map((r) => r[column])).not.toContain(formula);
  }
});
