/**
 * The `calibrate` job end to end (SPEC §8) on the real Postgres and Redis:
 * observations from real labelled photos (attribute models run for real) are
 * stored with profile truth; the job fits a correction on its fitting part,
 * measures it on the held-out part, and activates it only when it measures
 * better; a worker's ActiveModels picks the new version up without a restart.
 * Observations of an older feature layout are stored beside them and must be
 * left out (the job fails if it reads them); after an upgrade to a new layout
 * a worker replaces the unreadable active versions by the shipped seed.
 */
import { randomUUID } from 'node:crypto';
import { ModelVersionRepository, openDatabase } from '@face/db';
import { createLogger } from '@face/logger';
import { isHeldOut } from '@face/calibration';
import { decodeImage, selectFace } from '@face/pipeline';
import { FEATURE_SET, faceFeatures, predictAge, predictMaleProbability } from '@face/pipeline/src/context/age-gender-model';
import { SEED_MODELS } from '@face/pipeline/src/context/seed-models';
import { FaceModelRuntime } from '@face/pipeline/src/human/runtime';
import { detectFacesSymmetric } from '@face/pipeline/src/symmetric-detection';
import { JobName, QueueName, QueueRegistry } from '@face/queue';
import type { DataSource } from 'typeorm';
import { ActiveModels } from '../../apps/worker/src/active-models';
import { createCalibrateHandler } from '../../apps/worker/src/calibrate.handler';
import { buildProcessor } from '../../apps/worker/src/handlers';
import { parseLabels } from '../../scripts/lib/labels';
import { REDIS_URL, createTestDatabase, uniqueName, type TestDatabase } from '../helpers/env';
import { photo } from '../helpers/datasets';

/** Real faces: every 40th All-Age-Faces photo (ages 10–70s, both genders). */
const FACES = parseLabels(photo('aaf', 'labels.csv')).filter((_, i) => i % 40 === 0).slice(0, 120);

interface Face {
  features: number[];
  age: number;
  gender: string;
}

let db: TestDatabase;
let ds: DataSource;
let versions: ModelVersionRepository;
const faces: Face[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDatabase({ url: db.url, applicationName: 'calibration-test' });
  versions = new ModelVersionRepository(ds);
  const runtime = await FaceModelRuntime.load('cpu');
  const { mirror } = runtime.meshMaps();
  for (const row of FACES) {
    const img = await decodeImage(photo('aaf', row.file), { maxPixels: 50_000_000 });
    const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 16);
    faces.push({ features: faceFeatures(await runtime.describeFace(img, face, { mirror: true })), age: Number(row.age), gender: row.gender });
  }
}, 240_000);

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

/** The layout before FaceRes-deep replaced FaceRes (FaceRes-deep then read one view): 1,030 values per face. */
const OLDER_FEATURE_SET = 'faceres1024+faceres-age+faceres-logit+ssrnet-age+ssrnet-logit+deep-age+deep-logit/v2';

async function storeAnalysis(): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO analyses (id, status, face_policy, image_sha256, image_bytes, image_width, image_height, image_mime, created_at)
     VALUES ($1, 'completed', 'largest', $2, 1, 100, 100, 'image/jpeg', now())`,
    [id, 'a'.repeat(64)],
  );
  return id;
}

/**
 * Stores one analysis per face with an observation (the profile's truth makes
 * the true age `age(face)`), plus, per face, an observation in the older layout.
 */
async function storeObservations(age: (f: Face, heldOut: boolean) => number) {
  await ds.query(`DELETE FROM face_observations`);
  const seed = { age: SEED_MODELS.age, gender: SEED_MODELS.gender };
  const insert = `INSERT INTO face_observations (analysis_id, feature_set, features, age_estimate, male_probability, age_version, gender_version, true_age, declared_gender)
    VALUES ($1, $2, $3::real[], $4, $5, $6, $7, $8, $9)`;
  for (const f of faces) {
    const id = await storeAnalysis();
    const trueAge = age(f, isHeldOut(id));
    const estimates = [predictAge(seed.age.parameters, f.features), predictMaleProbability(seed.gender.parameters, f.features)];
    await ds.query(insert, [id, FEATURE_SET, f.features, ...estimates, seed.age.version, seed.gender.version, trueAge, f.gender]);
    await ds.query(insert, [await storeAnalysis(), OLDER_FEATURE_SET, f.features.slice(0, 1030), ...estimates, 'age-v2', 'gender-v2', trueAge + 30, f.gender]);
  }
}

describe('calibrate job', () => {
  const queue = new QueueRegistry({ REDIS_URL, DATABASE_URL: undefined, QUEUE_PREFIX: uniqueName('cal'), QUEUE_TIMEOUT_MS: 3000, JOB_ATTEMPTS: 1, JOB_BACKOFF_MS: 100 });
  let worker: ReturnType<QueueRegistry['createAnalysisWorker']>;

  beforeAll(async () => {
    expect(await new ActiveModels(versions, 0).seed()).toEqual([SEED_MODELS.age.version, SEED_MODELS.gender.version]);
    const processor = buildProcessor(QueueName.Analysis, {
      [JobName.Analyze]: async () => {
        throw new Error('no analyses in this test');
      },
      [JobName.Calibrate]: createCalibrateHandler({ versions, logger: createLogger('calibrate-test', 'error') }),
      [JobName.Retention]: async () => undefined,
    });
    worker = queue.createAnalysisWorker(processor, { concurrency: 1, lockDuration: 30_000, stalledInterval: 30_000 });
  });

  afterAll(async () => {
    await worker?.close();
    await queue.analysisQueue().obliterate({ force: true });
    await queue.close();
  });

  async function runCalibration() {
    const id = await queue.enqueueCalibration({ requestedBy: 'test' });
    // poll the job's state: the queue's own record, as an operator would see it
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      // state first, record after: a record read before the state could predate the job's completion (no return value yet)
      const state = await queue.analysisQueue().getJobState(id);
      if (state !== 'failed' && state !== 'completed') continue;
      const job = (await queue.analysisQueue().getJob(id))!;
      if (state === 'failed') throw new Error(`calibrate job failed: ${job.failedReason}`);
      return job.returnvalue as { age: { status: string; version: string; activated: boolean; heldOutMae: { candidate: number; active: number } } };
    }
    throw new Error('calibrate job did not finish within 60 s');
  }

  test('a correction that measures better on the held-out part is activated, and workers use it without a restart', async () => {
    const models = new ActiveModels(versions, 0);
    expect((await models.current()).age.version).toBe(SEED_MODELS.age.version);
    // a population the shipped model underestimates by 8 years (on both parts)
    await storeObservations((f) => f.age + 8);
    const summary = await runCalibration();
    expect(summary.age.status).toBe('evaluated');
    expect(summary.age.heldOutMae.candidate).toBeLessThan(summary.age.heldOutMae.active);
    expect(summary.age.activated).toBe(true);
    const active = await versions.active('age');
    expect(active!.version).toBe(summary.age.version);
    expect(active!.training_set).toMatchObject({ base_version: SEED_MODELS.age.version, requested_by: 'test' });
    expect((await models.current()).age.version).toBe(summary.age.version);
  }, 120_000);

  test('a correction that measures worse on the held-out part is stored but not activated', async () => {
    const before = (await versions.active('age'))!.version;
    // the fitting part says +20 years, the held-out part says the truth: the fitted shift hurts there
    await storeObservations((f, heldOut) => (heldOut ? f.age : f.age + 20));
    const summary = await runCalibration();
    expect(summary.age.status).toBe('evaluated');
    expect(summary.age.heldOutMae.candidate).toBeGreaterThan(summary.age.heldOutMae.active);
    expect(summary.age.activated).toBe(false);
    expect((await versions.active('age'))!.version).toBe(before);
    expect((await versions.list('age')).map((v) => v.version)).toContain(summary.age.version);
  }, 120_000);
});

describe('seeding the shipped models', () => {
  /** A stored version whose model reads `featureSet` (its weights are never used here). */
  const versionReading = (kind: 'age' | 'gender', version: string, featureSet: string) => {
    const seed = SEED_MODELS[kind];
    return { ...seed, version, parameters: { ...seed.parameters, model: { ...seed.parameters.model, featureSet } } };
  };

  beforeEach(async () => {
    await ds.query(`DELETE FROM model_versions`);
  });

  test('a fresh database gets the seed once; a calibrated version of the same layout is kept', async () => {
    const models = new ActiveModels(versions, 0);
    expect(await models.seed()).toEqual([SEED_MODELS.age.version, SEED_MODELS.gender.version]);
    expect(await models.seed()).toEqual([]);
    await versions.insert(versionReading('age', 'age-calibrated', FEATURE_SET), { activate: true });
    expect(await models.seed()).toEqual([]);
    expect((await models.current()).age.version).toBe('age-calibrated');
  });

  test('after an upgrade to a new feature layout the unreadable active versions are replaced by the seed', async () => {
    await versions.insert(versionReading('age', 'age-v2', OLDER_FEATURE_SET), { activate: true });
    await versions.insert(versionReading('gender', 'gender-v2', OLDER_FEATURE_SET), { activate: true });
    const models = new ActiveModels(versions, 0);
    expect(await models.seed()).toEqual([SEED_MODELS.age.version, SEED_MODELS.gender.version]);
    const current = await models.current();
    expect([current.age.version, current.gender.version]).toEqual([SEED_MODELS.age.version, SEED_MODELS.gender.version]);
    // the older versions stay stored, inactive
    expect((await versions.list('age')).map((v) => [v.version, v.active])).toEqual([
      ['age-v2', false],
      [SEED_MODELS.age.version, true],
    ]);
  });

  test('a worker of an older release leaves versions of a newer layout alone', async () => {
    await versions.insert(versionReading('age', 'age-v99', 'a-later-layout/v99'), { activate: true });
    await versions.insert(versionReading('gender', 'gender-v99', 'a-later-layout/v99'), { activate: true });
    expect(await new ActiveModels(versions, 0).seed()).toEqual([]);
    expect((await versions.active('age'))!.version).toBe('age-v99');
  });
});
