/**
 * What a Bubble app meets on the real API process (no worker: analyses stay queued): with format=flat every
 * analysis-shaped answer has every key (queued, replayed, history), an Idempotency-Key reused for another request is
 * a 409, option values are read whatever their case, and a photo field that arrives as a URL text is fetched.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ApiClient, TEST_ADMIN_KEY } from '../helpers/api-client';
import { PORTRAITS } from '../helpers/datasets';
import { REDIS_URL, createTestDatabase, freePort, uniqueName, type TestDatabase } from '../helpers/env';
import { startProcess, type RunningProcess } from '../helpers/processes';

let db: TestDatabase;
let api: RunningProcess;
let client: ApiClient;
let dataDir: string;
let photoServer: http.Server;
let photoBase: string;
let sampleKeys: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-contract-'));
  // a file host on loopback (allowed for this test only), as Bubble's CDN would serve an upload
  photoServer = http.createServer((req, res) => {
    if (req.url === '/selfie.jpg')
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(fs.readFileSync(PORTRAITS.frontal));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => photoServer.listen(0, '127.0.0.1', resolve));
  photoBase = `127.0.0.1:${(photoServer.address() as { port: number }).port}`;
  api = startProcess('api', 'apps/api/src/main.ts', {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('contract').toLowerCase(),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    OUTBOUND_ALLOWLIST: '127.0.0.1',
  });
  await api.waitForLog(/api listening/);
  client = new ApiClient(`http://127.0.0.1:${port}`);
  sampleKeys = Object.keys((await client.request('GET', '/v1/analyses/sample?format=flat')).body).sort();
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await new Promise((r) => photoServer?.close(r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
});

/** Every key of the flat sample, and each value of the sample's type or null. */
function expectFlat(body: Record<string, unknown>, sample: Record<string, unknown>) {
  expect(Object.keys(body).sort()).toEqual(sampleKeys);
  for (const [k, v] of Object.entries(body)) if (v !== null) expect([k, typeof v]).toEqual([k, typeof sample[k]]);
}

test('format=flat: a queued answer (202), a replay and the history all have every key of the finished result', async () => {
  const sample = (await client.request('GET', '/v1/analyses/sample?format=flat')).body;
  const headers = { 'idempotency-key': 'bubble-flat-1' };
  const queued = await client.post(
    PORTRAITS.frontal,
    { external_id: 'minji', gender: 'female' },
    { query: '?format=flat', headers },
  );
  expect(queued.status).toBe(202);
  expectFlat(queued.body, sample);
  expect(queued.body).toMatchObject({
    status: 'queued',
    external_id: 'minji',
    profile_gender: 'female',
    error_code: null,
    geometry_face_shape: null,
  });

  const replay = await client.post(
    PORTRAITS.frontal,
    { external_id: 'minji', gender: 'female' },
    { query: '?format=flat', headers },
  );
  expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.id]).toEqual([
    200,
    'true',
    queued.body.id,
  ]);
  expectFlat(replay.body, sample);

  // the default stays the short summary
  const nested = await client.post(PORTRAITS.frontal, { external_id: 'minji', gender: 'female' }, { headers });
  expect(Object.keys(nested.body)).not.toContain('geometry_face_shape');

  const second = await client.post(PORTRAITS.tilt, { external_id: 'minji' }, { query: '?format=flat' });
  const page1 = await client.request('GET', '/v1/analyses?external_id=minji&format=flat&limit=1');
  expect(Object.keys(page1.body).sort()).toEqual(['data', 'next_cursor']);
  expect(page1.body.data.map((a: { id: string }) => a.id)).toEqual([second.body.id]);
  page1.body.data.forEach((a: Record<string, unknown>) => expectFlat(a, sample));
  const page2 = await client.request(
    'GET',
    `/v1/analyses?external_id=minji&format=flat&limit=1&cursor=${page1.body.next_cursor}`,
  );
  expect(page2.body.data.map((a: { id: string; profile_gender: string }) => [a.id, a.profile_gender])).toEqual([
    [queued.body.id, 'female'],
  ]);
  expect(page2.body.next_cursor).toBeNull();
});

test('an Idempotency-Key reused with another photo, options or profile is 409 IDEMPOTENCY_CONFLICT; wait and format do not count', async () => {
  const headers = { 'idempotency-key': 'bubble-thing-7' };
  const first = await client.post(PORTRAITS.frontal, { external_id: 'a' }, { headers });
  expect(first.status).toBe(202);
  expect(
    (await client.post(PORTRAITS.frontal, { external_id: 'a' }, { headers, query: '?format=flat&wait=0' })).body.id,
  ).toBe(first.body.id);
  for (const [file, fields] of [
    [PORTRAITS.earrings, { external_id: 'a' }],
    [PORTRAITS.frontal, { external_id: 'b' }],
    [PORTRAITS.frontal, { external_id: 'a', gender: 'male' }],
    [PORTRAITS.frontal, { external_id: 'a', face_policy: 'strict' }],
  ] as const) {
    const r = await client.post(file, fields, { headers });
    expect([r.status, r.body.error.code, r.body.error.details.analysis_id]).toEqual([
      409,
      'IDEMPOTENCY_CONFLICT',
      first.body.id,
    ]);
  }
});

test('option values are read whatever their case or spacing, and answered in their canonical form', async () => {
  const r = await client.post(
    PORTRAITS.frontal,
    {
      gender: 'Female',
      hair_color: 'Dark brown',
      hair_texture: 'STRAIGHT',
      skin_concerns: 'Dry, Enlarged pores',
      country: 'kr',
      face_policy: 'Strict',
    },
    { query: '?format=Flat' },
  );
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({
    profile_gender: 'female',
    profile_hair_color: 'dark_brown',
    profile_hair_texture: 'straight',
    profile_skin_concerns: 'dry,enlarged_pores',
    profile_country: 'KR',
  });
  const bad = await client.post(PORTRAITS.frontal, { gender: 'Fem' });
  expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  expect(bad.body.error.message).toContain('female, male, other, unspecified');
});

test('a photo field that arrives as a URL text (Bubble\'s "Send file" unticked) is fetched as image_url; other text is named', async () => {
  const form = (value: string) => {
    const f = new FormData();
    f.append('image', value);
    f.append('external_id', 'text-url');
    return f;
  };
  const fetched = await client.request('POST', '/v1/analyses', { body: form(`http://${photoBase}/selfie.jpg`) });
  expect([fetched.status, fetched.body.status]).toEqual([202, 'queued']);
  expect((await client.get(fetched.body.id)).body.image.sha256).toMatch(/^[0-9a-f]{64}$/);

  const missing = await client.request('POST', '/v1/analyses', { body: form(`http://${photoBase}/gone.jpg`) });
  expect([missing.status, missing.body.error.code]).toEqual([422, 'IMAGE_DOWNLOAD_FAILED']);
  expect(missing.body.error.message).toMatch(/arrived as a URL text.*Send file.*HTTP 404/);

  const path = await client.request('POST', '/v1/analyses', { body: form('C:\\fakepath\\selfie.jpg') });
  expect([path.status, path.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  expect(path.body.error.message).toContain('tick "Send file"');
});

test('Korean all the way: the catalog labels every category value and band; lang=ko adds display text to flat results', async () => {
  const catalog = await client.request('GET', '/v1/metrics/catalog?lang=ko');
  const shape = catalog.body.metrics.find((m: { flat_key: string }) => m.flat_key === 'geometry_face_shape');
  expect(shape.category_labels).toMatchObject({ oval: '계란형', heart: '하트형' });
  const season = catalog.body.metrics.find((m: { flat_key: string }) => m.flat_key === 'color_season');
  expect(season.category_labels).toEqual({
    spring: '봄 웜톤',
    summer: '여름 쿨톤',
    autumn: '가을 웜톤',
    winter: '겨울 쿨톤',
  });
  const ratio = catalog.body.metrics.find(
    (m: { flat_key: string }) => m.flat_key === 'geometry_face_length_width_ratio',
  );
  expect(ratio.bands.map((b: { text: string }) => b.text)).toEqual(['둥근 편', '균형형', '긴 편']);

  const sample = await client.request('GET', '/v1/analyses/sample?format=flat&lang=ko');
  expect([sample.body.geometry_face_shape, sample.body.geometry_face_shape_label]).toEqual(['oval', '계란형']);
  expect(sample.body.color_season_subtype_label).toMatch(/[가-힣]/);
  const queued = await client.post(PORTRAITS.frontal, { external_id: 'ko-labels' }, { query: '?format=flat&lang=ko' });
  expect(queued.status).toBe(202);
  // the same keys as the Korean sample, the labels null until the values exist
  expect(Object.keys(queued.body).sort()).toEqual(Object.keys(sample.body).sort());
  expect(queued.body.geometry_face_shape_label).toBeNull();
  const read = await client.get(queued.body.id, '?format=flat&lang=en');
  expect(Object.keys(read.body)).toContain('geometry_face_length_width_ratio_band_label');
  expect((await client.get(queued.body.id, '?format=flat&lang=fr')).status).toBe(400);
});

test("a person's trend: values and dates as parallel lists, oldest first, with the change since the first and the previous analysis", async () => {
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  try {
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 9));
    for (const [day, ratio, pores] of [
      [3, 1.3, 80],
      [10, null, 60],
      [17, 1.35, 40],
    ] as const) {
      const id = randomUUID();
      await pg.query(
        `INSERT INTO analyses (id, status, face_policy, external_id, created_at, completed_at, warnings) VALUES ($1, 'completed', 'largest', 'trend-person', $2, $2, '[]'::jsonb)`,
        [id, at(day)],
      );
      await pg.query(
        `INSERT INTO analysis_metrics (analysis_id, null_reasons, geometry_face_length_width_ratio, percentiles) VALUES ($1, '{}'::jsonb, $2, $3)`,
        [id, ratio, { values: { texture_pore_density: pores }, reasons: {} }],
      );
    }
  } finally {
    await pg.end();
  }
  const nested = await client.request(
    'GET',
    '/v1/subjects/trend-person/trend?metrics=geometry_face_length_width_ratio,skin_score_pores',
  );
  expect(nested.status).toBe(200);
  expect(nested.body.dates).toEqual([
    '2026-11-03T09:00:00.000Z',
    '2026-11-10T09:00:00.000Z',
    '2026-11-17T09:00:00.000Z',
  ]);
  expect(nested.body.metrics.geometry_face_length_width_ratio).toEqual({
    values: [1.3, null, 1.35],
    change_since_first: 0.05,
    change_since_previous: 0.05,
  });
  // the pores score is 100 − the pore percentile: 20, 40, 60
  expect(nested.body.metrics.skin_score_pores).toEqual({
    values: [20, 40, 60],
    change_since_first: 40,
    change_since_previous: 20,
  });
  const flat = await client.request('GET', '/v1/subjects/trend-person/trend?metrics=skin_score_pores&format=flat');
  expect(flat.body).toMatchObject({
    external_id: 'trend-person',
    count: 3,
    skin_score_pores_values: [20, 40, 60],
    skin_score_pores_change_since_previous: 20,
  });
  expect(flat.body.analysis_ids).toEqual(nested.body.analysis_ids);
  // a category is not a trend
  const bad = await client.request('GET', '/v1/subjects/trend-person/trend?metrics=geometry_face_shape');
  expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
});
