/**
 * End to end through real processes: API → Redis (BullMQ) → worker → Postgres,
 * on the machine's servers, with a fresh database, key prefix and image dir.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { catalog, flatKey, normedMetrics } from '@face/catalog';
import { NormTable, percentileOf } from '@face/norms';
import { SEED_NORMS } from '@face/norms/seed';
import { loadConfig } from '@face/config';
import { SignedLinks } from '@face/links';
import { SEASON_FEATURES, COLOUR_FEATURE_SET, SEED_UNDERTONE, FEATURE_SET } from '@face/pipeline/models';
import { analyzeJob, QueueRegistry } from '@face/queue';
import { imageKeyOf } from '@face/storage';
import { Client } from 'pg';
import { ApiClient, TEST_ADMIN_KEY } from '../helpers/api-client';
import { PORTRAITS, photo } from '../helpers/datasets';
import { REDIS_URL, createTestDatabase, eventually, freePort, uniqueName, type TestDatabase } from '../helpers/env';
import { startProcess, type RunningProcess } from '../helpers/processes';

let db: TestDatabase;
let api: RunningProcess;
let worker: RunningProcess;
let client: ApiClient;
let env: Record<string, string>;
let dataDir: string;
const URL_SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef0123';

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-e2e-'));
  const port = await freePort();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('e2e').toLowerCase(),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    URL_SIGNING_SECRET,
    // short locks so a killed worker's job is recovered within seconds
    WORKER_LOCK_MS: '4000',
    WORKER_STALLED_INTERVAL_MS: '2000',
    JOB_BACKOFF_MS: '500',
  };
  api = startProcess('api', 'apps/api/src/main.ts', env);
  worker = startProcess('worker', 'apps/worker/src/main.ts', env);
  await Promise.all([api.waitForLog(/api listening/), worker.waitForLog(/worker ready/)]);
  client = new ApiClient(`http://127.0.0.1:${port}`);
});

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(query, params)).rows as T[];
  } finally {
    await c.end();
  }
}

test('a frontal portrait completes with every catalog metric present and plausible', async () => {
  const created = await client.post(PORTRAITS.frontal, {
    gender: 'female',
    birth_date: '1995-04-01',
    self_undertone: 'cool',
    external_id: 'bubble-thing-1',
  });
  expect(created.status).toBe(202);
  expect(created.body.status_url).toContain(created.body.id);
  const done = await client.waitForStatus(created.body.id, ['completed', 'failed']);
  expect(done.body.status).toBe('completed');
  expect(done.body.progress).toBe(100);
  expect(Object.keys(done.body.timings_ms).sort()).toEqual([
    'color',
    'context',
    'decode',
    'detect',
    'drape',
    'geometry',
    'overlay',
    'persist',
    'texture',
  ]);
  expect(done.body.profile.gender).toBe('female');
  // compared with women of her age band (the profile's truth), against the norms the worker seeded
  expect(done.body.percentile_basis).toMatchObject({
    age_band: '30-39',
    gender: 'female',
    source: 'profile',
    norms_version: SEED_NORMS.version,
  });
  const seeded = new NormTable(SEED_NORMS.cells, SEED_NORMS.version);
  const cohort = { ageBand: '30-39', gender: 'female', source: 'profile' } as const;
  let withPercentile = 0;
  for (const m of normedMetrics()) {
    const { value, percentile, percentile_null_reason } = done.body.metrics[m.group][m.key];
    const cell = seeded.cell(flatKey(m), cohort);
    if (value === null) expect([m.key, percentile, percentile_null_reason]).toEqual([m.key, null, 'not_measured']);
    else if (!cell) expect([m.key, percentile, percentile_null_reason]).toEqual([m.key, null, 'no_norms']);
    else {
      expect([m.key, percentile]).toEqual([m.key, Math.round(percentileOf(value, cell.quantiles) * 10) / 10]);
      withPercentile++;
    }
  }
  expect(withPercentile).toBeGreaterThan(10);
  const geometry = done.body.metrics.geometry;
  for (const m of catalog) {
    const { value, null_reason } = done.body.metrics[m.group][m.key];
    if (value === null) {
      expect(m.nullReasons).toContain(null_reason);
      continue;
    }
    if (m.type === 'number') {
      expect(typeof value).toBe('number');
      expect(value).toBeGreaterThanOrEqual(m.range![0]);
      expect(value).toBeLessThanOrEqual(m.range![1]);
    } else if (m.type === 'category') expect(m.categories).toContain(value);
    else if (m.type === 'json') expect(typeof value).toBe('object');
    else expect(value).toMatch(/^#[0-9a-f]{6}$/);
  }
  // the overlay picture comes through an expiring signed link that needs no key (a Bubble Image element sends none)
  // and that a page of another origin may show; the key-protected route stays
  const overlay = await fetch(done.body.overlay_url);
  expect(overlay.status).toBe(200);
  expect(overlay.headers.get('content-type')).toBe('image/png');
  expect(overlay.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  expect(new URL(done.body.overlay_url).pathname).toBe(`/pictures/${done.body.id}/overlay.png`);
  expect((await fetch(`${client.base}/v1/analyses/${done.body.id}/overlay.png`)).status).toBe(401);
  expect(
    (
      await fetch(`${client.base}/v1/analyses/${done.body.id}/overlay.png`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      })
    ).status,
  ).toBe(200);
  // a link moved to another analysis, a changed expiry or a link past its time is refused
  const link = new URL(done.body.overlay_url);
  const moved = await fetch(done.body.overlay_url.replace(done.body.id, randomUUID()));
  expect([moved.status, ((await moved.json()) as { error: { code: string } }).error.code]).toEqual([403, 'FORBIDDEN']);
  link.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 3600));
  expect((await fetch(link)).status).toBe(403);
  const past = new SignedLinks(URL_SIGNING_SECRET, -60).sign(`/pictures/${done.body.id}/overlay.png`);
  const expired = await fetch(`${client.base}${past}`);
  expect([expired.status, ((await expired.json()) as { error: { code: string } }).error.code]).toEqual([
    410,
    'LINK_EXPIRED',
  ]);
  const png = Buffer.from(await overlay.arrayBuffer());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect((await sharp(png).metadata()).width).toBeLessThanOrEqual(640);
  // the long-haired portrait is cut off above the crown
  expect(geometry.head_length_ratio).toEqual({
    value: null,
    band: null,
    null_reason: 'crown_cut_off',
    percentile: null,
    percentile_null_reason: 'not_measured',
  });
  // the estimate is stored beside the profile's truth for calibration (SPEC §8)
  const [obs] = await sql(
    `SELECT true_age, declared_gender, age_estimate, age_version, feature_set, array_length(features, 1) AS dims,
       colour_feature_set, colour_features, undertone_version, self_undertone FROM face_observations WHERE analysis_id = $1`,
    [created.body.id],
  );
  expect(obs).toMatchObject({ declared_gender: 'female', feature_set: FEATURE_SET, dims: 2060 });
  expect(obs.true_age).toBeGreaterThanOrEqual(30);
  expect(obs.age_estimate).toBe(done.body.metrics.context.age_estimate.value);
  expect(obs.age_version).toMatch(/^age-/);
  // the season model's inputs, whose undertone_b is the reported one (float4: to 2 decimals)
  expect(obs).toMatchObject({
    colour_feature_set: COLOUR_FEATURE_SET,
    undertone_version: SEED_UNDERTONE.version,
    self_undertone: 'cool',
  });
  expect(obs.colour_features).toHaveLength(SEASON_FEATURES.length);
  expect(obs.colour_features[SEASON_FEATURES.indexOf('undertone_b')]).toBeCloseTo(
    done.body.metrics.color.undertone_b.value,
    1,
  );

  const flat = await client.get(created.body.id, '?format=flat');
  for (const m of catalog) expect(flat.body).toHaveProperty(flatKey(m));
  expect(flat.body.geometry_face_shape).toBe(geometry.face_shape.value);
  expect(flat.body.external_id).toBe('bubble-thing-1');
  expect(flat.body.profile_gender).toBe('female');
  expect(typeof flat.body.geometry_face_length_width_ratio_band).toBe('string');
  // structured values reach Bubble as JSON text
  expect(JSON.parse(flat.body.color_palette).best.length).toBeGreaterThan(0);
  expect(flat.body.color_season).toBe(done.body.metrics.color.season.value);
});

test('wait= returns the finished result in the same response', async () => {
  const r = await client.post(PORTRAITS.tilt, {}, { query: '?wait=25&format=flat' });
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('completed');
  expect(typeof r.body.geometry_symmetry_score).toBe('number');
});

test('re-posting with the same Idempotency-Key returns the same analysis', async () => {
  const headers = { 'Idempotency-Key': uniqueName('idem') };
  const first = await client.post(PORTRAITS.earrings, {}, { headers });
  const second = await client.post(PORTRAITS.earrings, {}, { headers });
  expect(first.status).toBe(202);
  expect(second.status).toBe(200);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  expect(second.body.id).toBe(first.body.id);
  expect(await sql(`SELECT id FROM analyses WHERE idempotency_key = $1`, [headers['Idempotency-Key']])).toHaveLength(1);
  await client.waitForStatus(first.body.id, ['completed']);
});

test('concurrent posts with one Idempotency-Key make one analysis (the losers of the insert race replay it)', async () => {
  const headers = { 'Idempotency-Key': uniqueName('idem-race') };
  const answers = await Promise.all(Array.from({ length: 6 }, () => client.post(PORTRAITS.earrings, {}, { headers })));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 202]);
  expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  expect(await sql(`SELECT id FROM analyses WHERE idempotency_key = $1`, [headers['Idempotency-Key']])).toHaveLength(1);
  await client.waitForStatus(answers[0].body.id, ['completed']);
});

describe('bad input gets a clear code and never crashes a process', () => {
  const jpeg = fs.readFileSync(PORTRAITS.frontal);
  const png1x1 = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  // a well-formed PNG whose header declares 100000×100000 pixels (a decompression bomb)
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const hugeHeader = Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);

  test.each([
    ['truncated JPEG', { bytes: jpeg.subarray(0, 20_000), name: 'cut.jpg' }, 422, 'INVALID_IMAGE'],
    [
      'text renamed .jpg',
      { bytes: Buffer.from('just some text, not a photo'), name: 'photo.jpg' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['1×1 PNG', { bytes: png1x1, name: 'tiny.png' }, 422, 'IMAGE_TOO_SMALL'],
    ['huge declared dimensions', { bytes: hugeHeader, name: 'bomb.png' }, 413, 'IMAGE_TOO_LARGE'],
    [
      'SVG',
      { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"/>'), name: 'x.svg' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ])('%s → %s %s', async (_name, file, status, code) => {
    const r = await client.post(file);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(typeof r.body.error.message).toBe('string');
  });

  test('a photo without a face fails with NO_FACE and is not retried', async () => {
    const r = await client.post(photo('samples', 'no_face_background.jpg'), {}, { query: '?wait=20' });
    expect(r.body.status).toBe('failed');
    expect(r.body.error).toEqual(expect.objectContaining({ code: 'NO_FACE', stage: 'detect' }));
    expect(r.body.attempts).toBe(1);
  });

  test('a group photo analyses the largest face with a warning; strict policy rejects it', async () => {
    const lenient = await client.post(photo('samples', 'group_three_faces.jpg'), {}, { query: '?wait=25' });
    expect(lenient.body.status).toBe('completed');
    // this group photo's largest face is also out of focus (shallow depth of field): a blur warning is right too
    const codes = lenient.body.warnings.map((w: { code: string; details?: { reason?: string } }) =>
      w.code === 'LOW_QUALITY' ? `LOW_QUALITY:${w.details?.reason}` : w.code,
    );
    // and it was taken indoors under warm light: the whites of its eyes read a strong cast (about 0.5, over 0.4)
    expect(codes).toEqual(['MULTIPLE_FACES', 'COLOR_CAST', 'LOW_QUALITY:blur']);
    expect(lenient.body.face.count).toBe(3);
    const strict = await client.post(
      photo('samples', 'group_three_faces.jpg'),
      { face_policy: 'strict' },
      { query: '?wait=25' },
    );
    expect(strict.body.status).toBe('failed');
    expect(strict.body.error.code).toBe('MULTIPLE_FACES');
  });

  test('a Korean file name is accepted and never used as a storage path', async () => {
    const r = await client.post(
      { bytes: fs.readFileSync(PORTRAITS.tilt), name: '../../셀카 사진.jpg' },
      {},
      { query: '?wait=25' },
    );
    expect(r.body.status).toBe('completed');
    const stored = path.join(
      dataDir,
      'images',
      r.body.image.sha256.slice(0, 2),
      r.body.image.sha256.slice(2, 4),
      r.body.image.sha256,
    );
    expect(fs.existsSync(stored)).toBe(true);
  });

  test('invalid profile values list the allowed ones', async () => {
    const r = await client.post(PORTRAITS.frontal, { gender: 'robot', outdoor_ratio: '35' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(r.body.error.message).toMatch(/female, male, other, unspecified/);
  });

  test('the processes are still up', async () => {
    expect(api.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
    expect((await client.request('GET', '/readyz')).status).toBe(200);
  });
});

test('history is filtered by external_id and paginated by cursor', async () => {
  const ext = uniqueName('ext');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await client.post(PORTRAITS.frontal, { external_id: ext })).body.id);
  const page1 = await client.request('GET', `/v1/analyses?external_id=${ext}&limit=2`);
  expect(page1.body.data).toHaveLength(2);
  const page2 = await client.request('GET', `/v1/analyses?external_id=${ext}&limit=2&cursor=${page1.body.next_cursor}`);
  expect(page2.body.data).toHaveLength(1);
  expect(page2.body.next_cursor).toBeNull();
  expect([...page1.body.data, ...page2.body.data].map((a: { id: string }) => a.id).sort()).toEqual([...ids].sort());
  await Promise.all(ids.map((id) => client.waitForStatus(id, ['completed'])));
});

test('DELETE cancels a queued analysis and removes its photo, profile and metrics', async () => {
  // keep the single worker busy so the last analysis is still queued when deleted
  const busy = await Promise.all([PORTRAITS.frontal, PORTRAITS.tilt].map((f) => client.post(f)));
  const unique = Buffer.concat([fs.readFileSync(PORTRAITS.makeup), Buffer.from(uniqueName('pad'))]); // bytes after EOI: a photo no other test uses
  const victim = await client.post({ bytes: unique, name: 'victim.jpg' }, { gender: 'male' });
  const del = await client.request('DELETE', `/v1/analyses/${victim.body.id}`);
  expect(del.status).toBe(200);
  expect(del.body).toEqual({ id: victim.body.id, status: 'cancelled', deleted: true });
  const after = await client.get(victim.body.id);
  expect(after.body.status).toBe('cancelled');
  expect(after.body.deleted_at).not.toBeNull();
  expect(after.body.image).toBeNull();
  expect(after.body.profile).toBeNull();
  const sha = imageKeyOf(unique);
  expect(fs.existsSync(path.join(dataDir, 'images', sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(false);
  await Promise.all(busy.map((b) => client.waitForStatus(b.body.id, ['completed'])));
  // the deleted analysis never ran
  expect((await client.get(victim.body.id)).body.status).toBe('cancelled');
  expect(await sql(`SELECT 1 FROM analysis_metrics WHERE analysis_id = $1`, [victim.body.id])).toHaveLength(0);
});

test('DELETE of a completed analysis removes its metrics and photo', async () => {
  const unique = Buffer.concat([fs.readFileSync(PORTRAITS.tilt), Buffer.from(uniqueName('pad'))]);
  const r = await client.post({ bytes: unique, name: 'mine.jpg' }, {}, { query: '?wait=25' });
  expect(r.body.status).toBe('completed');
  const sha: string = r.body.image.sha256;
  const stored = path.join(dataDir, 'images', sha.slice(0, 2), sha.slice(2, 4), sha);
  expect(fs.existsSync(stored)).toBe(true);
  const overlaySha = (
    await sql<{ overlay_sha256: string }>(`SELECT overlay_sha256 FROM analyses WHERE id = $1`, [r.body.id])
  )[0].overlay_sha256;
  expect((await fetch(r.body.overlay_url)).status).toBe(200);
  await client.request('DELETE', `/v1/analyses/${r.body.id}`);
  // deleting revokes the signed link
  expect((await fetch(r.body.overlay_url)).status).toBe(404);
  expect(fs.existsSync(stored)).toBe(false);
  // overlays are content-addressed: the same picture drawn for another analysis of this photo stays while that one does
  const stillUsed = (await sql(`SELECT 1 FROM analyses WHERE overlay_sha256 = $1`, [overlaySha])).length > 0;
  expect(fs.existsSync(path.join(dataDir, 'images', overlaySha.slice(0, 2), overlaySha.slice(2, 4), overlaySha))).toBe(
    stillUsed,
  );
  expect((await client.request('GET', `/v1/analyses/${r.body.id}/overlay.png`)).status).toBe(404);
  const after = await client.get(r.body.id);
  expect(after.body.status).toBe('completed');
  expect(after.body.metrics).toBeNull();
  expect((await client.get('00000000-0000-4000-8000-000000000000')).status).toBe(404);
});

test('the job a worker fetches ahead is marked active only when its inference thread is free', async () => {
  // two new photos at once for the one worker (one thread): it holds both jobs, the second waiting in the process
  const posted = await Promise.all(
    [PORTRAITS.frontal, PORTRAITS.tilt].map((f) =>
      client.post({ bytes: Buffer.concat([fs.readFileSync(f), Buffer.from(uniqueName('pad'))]), name: 'ahead.jpg' }),
    ),
  );
  const ids: string[] = posted.map((p) => p.body.id);
  await Promise.all(ids.map((id) => client.waitForStatus(id, ['completed'])));
  const [first, second] = await sql<{ started_at: Date; timings_ms: Record<string, number> }>(
    `SELECT started_at, timings_ms FROM analyses WHERE id = ANY($1) ORDER BY started_at`,
    [ids],
  );
  const firstPipelineMs = Object.entries(first.timings_ms)
    .filter(([stage]) => stage !== 'persist')
    .reduce((sum, [, ms]) => sum + ms, 0);
  // marked active at fetch time, the second would start within milliseconds of the first
  expect(second.started_at.getTime() - first.started_at.getTime()).toBeGreaterThanOrEqual(firstPipelineMs * 0.9);
});

test('a worker killed mid-job: the analysis completes exactly once on another worker', async () => {
  const r = await client.post(PORTRAITS.earrings);
  const id: string = r.body.id;
  await eventually(async () => (await client.get(id)).body.status === 'active', 30_000, 20);
  await worker.kill();
  const replacement = startProcess('worker-2', 'apps/worker/src/main.ts', env);
  worker = replacement;
  await replacement.waitForLog(/worker ready/);
  const done = await client.waitForStatus(id, ['completed', 'failed'], 60_000);
  expect(done.body.status).toBe('completed');
  // the replacement worker recovered the stalled job and wrote the one result
  expect(replacement.logs()).toMatch(new RegExp(`"analysis_id":"${id}"[^\\n]*"message":"analysis completed"`));
  expect(await sql(`SELECT analysis_id FROM analysis_metrics WHERE analysis_id = $1`, [id])).toHaveLength(1);
});

test('SIGTERM lets the active job finish; a job lost from the queue is re-queued by the next worker', async () => {
  const first = await client.post(PORTRAITS.frontal);
  await eventually(async () => (await client.get(first.body.id)).body.status === 'active', 30_000, 20);
  expect(await worker.stop()).toBe(0);
  expect((await client.get(first.body.id)).body.status).toBe('completed');

  // with no worker running, the queue loses the job (as after a Redis flush); Postgres still has the row
  const orphan = await client.post(PORTRAITS.tilt);
  const registry = new QueueRegistry({ ...loadConfig({ ...env }), QUEUE_TIMEOUT_MS: 5000 });
  expect(await registry.removeJob(analyzeJob, orphan.body.id)).toBe(true);
  await registry.close();
  worker = startProcess('worker-3', 'apps/worker/src/main.ts', env);
  await worker.waitForLog(/worker ready/);
  expect(worker.logs()).toMatch(/reconciled analyses with the queue[^\n]*"requeued":1/);
  expect((await client.waitForStatus(orphan.body.id, ['completed', 'failed'])).body.status).toBe('completed');
});

test('the producer answers 503 QUEUE_UNAVAILABLE quickly when the queue is down, and keeps no row', async () => {
  const port = await freePort();
  const offline = startProcess('api-offline', 'apps/api/src/main.ts', {
    ...env,
    REDIS_URL: 'redis://127.0.0.1:1',
    PORT: String(port),
    QUEUE_TIMEOUT_MS: '1500',
  });
  try {
    await offline.waitForLog(/api listening/);
    const c = new ApiClient(`http://127.0.0.1:${port}`);
    const ext = uniqueName('offline');
    const t0 = Date.now();
    const res = await c.post(PORTRAITS.frontal, { external_id: ext });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('QUEUE_UNAVAILABLE');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await sql(`SELECT 1 FROM analyses WHERE external_id = $1`, [ext])).toHaveLength(0);
    expect((await c.request('GET', '/readyz')).status).toBe(503);
  } finally {
    await offline.stop();
  }
});
