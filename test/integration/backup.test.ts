/**
 * `npm run backup` then `npm run restore` into a fresh database and image
 * directory gives the same rows and the same image files (issue 6), through
 * the real scripts, pg_dump/pg_restore and Postgres.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AnalysisRepository, ApiKeyRepository, openDatabase } from '@face/db';
import { LocalImageStore } from '@face/storage';
import { Client } from 'pg';
import { PORTRAITS, photo } from '../helpers/datasets';
import { createTestDatabase, type TestDatabase } from '../helpers/env';

const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);
const TABLES = ['analyses', 'profiles', 'analysis_metrics', 'api_keys'];

let source: TestDatabase;
let target: TestDatabase;
const dirs: string[] = [];
const tmp = (name: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `face-${name}-`));
  dirs.push(d);
  return d;
};

async function script(file: string, args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', path.join(ROOT, file), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
}

async function dumpRows(url: string): Promise<Record<string, unknown[]>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES)
      out[t] = (await c.query(`SELECT to_jsonb(x) AS row FROM ${t} x ORDER BY 1::text, to_jsonb(x)::text`)).rows.map(
        (r) => r.row,
      );
    return out;
  } finally {
    await c.end();
  }
}

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p).toString('base64');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

test('backup then restore into a fresh database and image directory gives the same rows and files', async () => {
  const dataA = tmp('data-a');
  const ds = await openDatabase({ url: source.url, applicationName: 'backup-test' });
  const store = new LocalImageStore(path.join(dataA, 'images'));
  const repo = new AnalysisRepository(ds);
  const { key } = await new ApiKeyRepository(ds).create({ name: 'bubble-prod', scope: 'client' });
  for (const [i, file] of [PORTRAITS.frontal, photo('aaf', '00543A10.jpg')].entries()) {
    const bytes = fs.readFileSync(file);
    const sha = await store.put(bytes);
    const a = await repo.create(
      {
        id: randomUUID(),
        external_id: `민지-${i}`,
        idempotency_key: null,
        request_sha256: null,
        api_key_id: key.id,
        callback_url: null,
        face_policy: 'largest',
        image_sha256: sha,
        image_bytes: bytes.length,
        image_width: 1,
        image_height: 1,
        image_mime: 'image/jpeg',
      },
      {
        birth_date: '1996-05-14',
        gender: 'female',
        country: 'KR',
        skin_concerns: ['dry'],
        self_undertone: 'warm',
        hair_color: null,
        hair_length: null,
        hair_texture: null,
        makeup_preference: null,
        outdoor_ratio: 30,
      },
    );
    await ds.query(
      `INSERT INTO analysis_metrics (analysis_id, geometry_face_shape, geometry_face_length_width_ratio) VALUES ($1, 'oval', $2)`,
      [a.id, 1.2 + i],
    );
  }
  await ds.destroy();

  const backups = tmp('backups');
  const { stdout } = await script('scripts/backup.ts', ['--dir', backups], {
    DATABASE_URL: source.url,
    DATA_DIR: dataA,
  });
  const [dir] = fs.readdirSync(backups);
  expect(dir).toMatch(/^\d{12}$/);
  expect(stdout).toMatch(/analyses 2, profiles 2, analysis_metrics 2/);
  const manifest = JSON.parse(fs.readFileSync(path.join(backups, dir, 'manifest.json'), 'utf8'));
  expect(manifest.images).toBe(2);

  const dataB = tmp('data-b');
  const restored = await script('scripts/restore.ts', [path.join(backups, dir)], {
    DATABASE_URL: target.url,
    DATA_DIR: dataB,
  });
  expect(restored.stdout).toMatch(/restored the backup/);
  expect(await dumpRows(target.url)).toEqual(await dumpRows(source.url));
  expect(filesUnder(path.join(dataB, 'images'))).toEqual(filesUnder(path.join(dataA, 'images')));
  // the restored database is usable by the service: migrations see themselves as applied
  const again = await openDatabase({ url: target.url, applicationName: 'backup-test-restored' });
  expect(await new AnalysisRepository(again).list({ limit: 10 })).toHaveLength(2);
  await again.destroy();
}, 120_000);
