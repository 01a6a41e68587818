/**
 * Retention (issue 6) on the real Postgres, image store and Redis: photos and
 * overlays of finished analyses older than IMAGE_RETENTION_DAYS go, metrics
 * stay; a photo another (recent) analysis shares stays; unfinished analyses are
 * left alone; the hourly schedule exists once however often workers set it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PictureRepository, openDatabase } from '@face/db';
import { createLogger } from '@face/logger';
import { QueueName, QueueRegistry, retentionJob } from '@face/queue';
import { LocalImageStore } from '@face/storage';
import type { DataSource } from 'typeorm';
import { createRetentionHandler } from '../../apps/worker/src/jobs/retention.handler';
import { REDIS_URL, createTestDatabase, uniqueName, type TestDatabase } from '../helpers/env';

let db: TestDatabase;
let ds: DataSource;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDatabase({ url: db.url, applicationName: 'retention-test' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-retention-'));
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function analysis(
  store: LocalImageStore,
  o: { daysOld: number; status: string; photo: string; overlay?: string; drape?: string },
): Promise<{ id: string; photo: string; overlay: string | null; drape: string | null }> {
  const id = randomUUID();
  const photo = await store.put(Buffer.from(o.photo));
  const overlay = o.overlay ? await store.put(Buffer.from(o.overlay)) : null;
  const drape = o.drape ? await store.put(Buffer.from(o.drape)) : null;
  await ds.query(
    `INSERT INTO analyses (id, status, face_policy, image_sha256, overlay_sha256, drape_sha256, created_at, completed_at)
     VALUES ($1, $2, 'largest', $3, $4, $5, now() - make_interval(days => $6), now())`,
    [id, o.status, photo, overlay, drape, o.daysOld],
  );
  await ds.query(`INSERT INTO analysis_metrics (analysis_id, geometry_face_length_width_ratio) VALUES ($1, 1.25)`, [
    id,
  ]);
  return { id, photo, overlay, drape };
}

test('old photos, overlays and drapes go, metrics stay; shared and unfinished ones are kept', async () => {
  const store = new LocalImageStore(dir);
  const old = await analysis(store, {
    daysOld: 40,
    status: 'completed',
    photo: 'photo-1',
    overlay: 'overlay-1',
    drape: 'drape-1',
  });
  const oldShared = await analysis(store, { daysOld: 45, status: 'failed', photo: 'photo-2' });
  const recentShared = await analysis(store, { daysOld: 1, status: 'completed', photo: 'photo-2' });
  const oldActive = await analysis(store, { daysOld: 50, status: 'active', photo: 'photo-3' });
  const recent = await analysis(store, { daysOld: 2, status: 'completed', photo: 'photo-4' });
  const exists = (key: string | null) => fs.existsSync(store.pathOf(key!));

  const report = await createRetentionHandler({
    pictures: new PictureRepository(ds),
    store,
    logger: createLogger('retention-test', 'error'),
    days: 30,
  })();
  expect(report).toEqual({ days: 30, analyses: 2, files_deleted: 3 });
  expect([exists(old.photo), exists(old.overlay), exists(old.drape)]).toEqual([false, false, false]);
  expect(exists(oldShared.photo)).toBe(true); // the recent analysis still uses the same bytes
  expect([exists(oldActive.photo), exists(recent.photo)]).toEqual([true, true]);

  const rows: Array<{ id: string; image_sha256: string | null; ratio: number }> = await ds.query(
    `SELECT a.id, a.image_sha256, m.geometry_face_length_width_ratio AS ratio FROM analyses a JOIN analysis_metrics m ON m.analysis_id = a.id`,
  );
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  expect(byId[old.id].image_sha256).toBeNull();
  expect(byId[oldShared.id].image_sha256).toBeNull();
  expect(byId[recentShared.id].image_sha256).toBe(recentShared.photo);
  expect(byId[oldActive.id].image_sha256).toBe(oldActive.photo);
  expect(rows.every((r) => r.ratio === 1.25)).toBe(true);

  // a second run finds nothing; 0 days means keep forever
  expect(
    (
      await createRetentionHandler({
        pictures: new PictureRepository(ds),
        store,
        logger: createLogger('retention-test', 'error'),
        days: 30,
      })()
    ).analyses,
  ).toBe(0);
  expect(
    (
      await createRetentionHandler({
        pictures: new PictureRepository(ds),
        store,
        logger: createLogger('retention-test', 'error'),
        days: 0,
      })()
    ).analyses,
  ).toBe(0);
  expect(exists(recent.photo)).toBe(true);
});

test('the hourly schedule exists once, however many workers set it', async () => {
  const queue = new QueueRegistry({
    REDIS_URL,
    DATABASE_URL: undefined,
    QUEUE_PREFIX: uniqueName('ret'),
    QUEUE_TIMEOUT_MS: 3000,
    JOB_ATTEMPTS: 1,
    JOB_BACKOFF_MS: 100,
  });
  try {
    await queue.schedule(retentionJob, 3600_000, {});
    await queue.schedule(retentionJob, 3600_000, {});
    const schedulers = await queue.queue(QueueName.Analysis).getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every])).toEqual([['retention', 3600_000]]);
  } finally {
    await queue.queue(QueueName.Analysis).obliterate({ force: true });
    await queue.close();
  }
});
