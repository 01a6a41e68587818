/**
 * The `calibrate` job end to end (SPEC §8) on the real Postgres and Redis:
 * observations from real labelled photos (attribute models run for real) are
 * stored with profile truth; the job fits a correction on its fitting part,
 * measures it on the held-out part, and activates it only when it measures
 * better; a worker's ActiveModels picks the new version up without a restart.
 * Observations of an older feature layout are stored beside them and must be
 * left out (the job fails if it reads them); after an upgrade to a new layout
 * a worker replaces the unreadable active versions by the shipped seed.
 * The undertone calibration is refitted the same way, on the colour features
 * of real labelled portraits with the users' own warm / cool answers.
 */
import { createHash, randomUUID } from 'node:crypto';

/** A UUID made from a name (its SHA-1, as RFC 4122 version 5 does): the same name, the same id. */
const nameUuid = (name: string) => {
  const h = createHash('sha1').update(`calibration-test:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
import { ModelVersionRepository, NormsRepository, openDatabase } from '@face/db';
import { createLogger } from '@face/logger';
import { isHeldOut } from '@face/calibration';
import { decodeImage, selectFace, detectFacesSymmetric } from '@face/pipeline';
import {
  FEATURE_SET,
  faceFeatures,
  predictAge,
  predictMaleProbability,
  SEED_MODELS,
  seasonFeatureVector,
  SEASON_FEATURES,
  COLOUR_FEATURE_SET,
  SEED_UNDERTONE,
} from '@face/pipeline/models';
import { FaceModelRuntime } from '@face/pipeline/face-models';
import { calibrateJob, QueueName, QueueRegistry } from '@face/queue';
import type { DataSource } from 'typeorm';
import { ActiveModels } from '../../apps/worker/src/active-models';
import { createCalibrateHandler, type CalibrateSummary } from '../../apps/worker/src/jobs/calibrate.handler';
import { processorFor } from '../../apps/worker/src/jobs/processor';
import { parseLabels } from '../../scripts/lib/labels';
import { measurePortraitColour } from '../../scripts/lib/measure-colour';
import { REDIS_URL, createTestDatabase, uniqueName, type TestDatabase } from '../helpers/env';
import { photo } from '../helpers/datasets';

/** Real faces: every 40th All-Age-Faces photo (ages 10–70s, both genders). */
const FACES = parseLabels(photo('aaf', 'labels.csv'))
  .filter((_, i) => i % 40 === 0)
  .slice(0, 120);
/** Real portraits with a warm / cool label: every 4th of the personal-colour set (all four seasons). */
const PORTRAIT_ROWS = parseLabels(photo('personal_color', 'labels.csv')).filter((_, i) => i % 4 === 0);

interface Face {
  features: number[];
  age: number;
  gender: string;
}

let db: TestDatabase;
let ds: DataSource;
let versions: ModelVersionRepository;
const faces: Face[] = [];
/** the season model's inputs of each portrait, and its label's warm / cool */
const portraits: Array<{ file: string; features: Array<number | null>; tone: string }> = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDatabase({ url: db.url, applicationName: 'calibration-test' });
  versions = new ModelVersionRepository(ds);
  const runtime = await FaceModelRuntime.load('cpu');
  const { mirror } = runtime.meshMaps();
  for (const row of FACES) {
    const img = await decodeImage(photo('aaf', row.file), { maxPixels: 50_000_000 });
    const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 16);
    faces.push({
      features: faceFeatures(await runtime.describeFace(img, face, { mirror: true })),
      age: Number(row.age),
      gender: row.gender,
    });
  }
  for (const row of PORTRAIT_ROWS) {
    const { features } = await measurePortraitColour(runtime, photo('personal_color', row.file));
    portraits.push({ file: row.file, features: seasonFeatureVector(features), tone: row.tone });
  }
}, 300_000);

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

/** The layout before FaceRes-deep replaced FaceRes (FaceRes-deep then read one view): 1,030 values per face. */
const OLDER_FEATURE_SET = 'faceres1024+faceres-age+faceres-logit+ssrnet-age+ssrnet-logit+deep-age+deep-logit/v2';

/**
 * An analysis row. `name` makes its id deterministic (a name-based UUID), so the held-out part of a test's
 * observations (FNV-1a of the id) is the same on every run: with random ids the split, and so the held-out
 * accuracies compared, changed from run to run and could tie.
 */
async function storeAnalysis(name?: string): Promise<string> {
  const id = name ? nameUuid(name) : randomUUID();
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
    const estimates = [
      predictAge(seed.age.parameters, f.features),
      predictMaleProbability(seed.gender.parameters, f.features),
    ];
    await ds.query(insert, [
      id,
      FEATURE_SET,
      f.features,
      ...estimates,
      seed.age.version,
      seed.gender.version,
      trueAge,
      f.gender,
    ]);
    await ds.query(insert, [
      await storeAnalysis(),
      OLDER_FEATURE_SET,
      f.features.slice(0, 1030),
      ...estimates,
      'age-v2',
      'gender-v2',
      trueAge + 30,
      f.gender,
    ]);
  }
}

const UNDERTONE_B = SEASON_FEATURES.indexOf('undertone_b');
/** How much bluer than the labelled portraits a population's phones render skin, b* units (a cool white balance). */
const COOL_CAST = 10;

/**
 * Stores each portrait’s colour features five times (as five users’ analyses)
 * with its label as the user's own undertone; `cast(heldOut)` is subtracted
 * from undertone_b, as a camera rendering skin bluer would.
 */
let undertoneRun = 0;
async function storeUndertoneObservations(cast: (heldOut: boolean) => number) {
  undertoneRun++;
  await ds.query(`DELETE FROM face_observations`);
  const insert = `INSERT INTO face_observations (analysis_id, feature_set, features, age_estimate, male_probability, age_version, gender_version,
      colour_feature_set, colour_features, undertone_version, self_undertone)
    VALUES ($1, $2, '{}'::real[], 30, 0.5, $3, $4, $5, $6::real[], $7, $8)`;
  for (let copy = 0; copy < 5; copy++) {
    for (const p of portraits) {
      const id = await storeAnalysis(`undertone-${copy}-${p.file}-${undertoneRun}`);
      const features = p.features.map((v, k) => (k === UNDERTONE_B && v !== null ? v - cast(isHeldOut(id)) : v));
      await ds.query(insert, [
        id,
        FEATURE_SET,
        SEED_MODELS.age.version,
        SEED_MODELS.gender.version,
        COLOUR_FEATURE_SET,
        features,
        SEED_UNDERTONE.version,
        p.tone,
      ]);
    }
  }
}

describe('calibrate job', () => {
  const queue = new QueueRegistry({
    REDIS_URL,
    DATABASE_URL: undefined,
    QUEUE_PREFIX: uniqueName('cal'),
    QUEUE_TIMEOUT_MS: 3000,
    JOB_ATTEMPTS: 1,
    JOB_BACKOFF_MS: 100,
  });
  let worker: ReturnType<QueueRegistry['createWorker']>;

  beforeAll(async () => {
    expect(await new ActiveModels(versions, 0).seed()).toEqual([
      SEED_MODELS.age.version,
      SEED_MODELS.gender.version,
      SEED_UNDERTONE.version,
    ]);
    const processor = processorFor(QueueName.Analysis, {
      analyze: async () => {
        throw new Error('no analyses in this test');
      },
      calibrate: createCalibrateHandler({
        versions,
        norms: new NormsRepository(ds),
        logger: createLogger('calibrate-test', 'error'),
      }),
      retention: async () => undefined,
    });
    worker = queue.createWorker(QueueName.Analysis, processor, { concurrency: 1 });
  });

  afterAll(async () => {
    await worker?.close();
    await queue.queue(QueueName.Analysis).obliterate({ force: true });
    await queue.close();
  });

  async function runCalibration() {
    const id = await queue.enqueue(calibrateJob, { requestedBy: 'test' });
    // poll the job's state: the queue's own record, as an operator would see it
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      // state first, record after: a record read before the state could predate the job's completion (no return value yet)
      const state = await queue.queue(QueueName.Analysis).getJobState(id);
      if (state !== 'failed' && state !== 'completed') continue;
      const job = (await queue.queue(QueueName.Analysis).getJob(id))!;
      if (state === 'failed') throw new Error(`calibrate job failed: ${job.failedReason}`);
      return job.returnvalue as CalibrateSummary;
    }
    throw new Error('calibrate job did not finish within 60 s');
  }

  test('a correction that measures better on the held-out part is activated, and workers use it without a restart', async () => {
    const models = new ActiveModels(versions, 0);
    expect((await models.current()).ageGender.age.version).toBe(SEED_MODELS.age.version);
    // a population the shipped model underestimates by 8 years (on both parts)
    await storeObservations((f) => f.age + 8);
    const summary = await runCalibration();
    expect(summary.age.status).toBe('evaluated');
    expect(summary.age.heldOutMae!.candidate).toBeLessThan(summary.age.heldOutMae!.active);
    expect(summary.age.activated).toBe(true);
    const active = await versions.active('age');
    expect(active!.version).toBe(summary.age.version);
    expect(active!.training_set).toMatchObject({ base_version: SEED_MODELS.age.version, requested_by: 'test' });
    expect((await models.current()).ageGender.age.version).toBe(summary.age.version);
  }, 120_000);

  test('a correction that measures worse on the held-out part is stored but not activated', async () => {
    const before = (await versions.active('age'))!.version;
    // the fitting part says +20 years, the held-out part says the truth: the fitted shift hurts there
    await storeObservations((f, heldOut) => (heldOut ? f.age : f.age + 20));
    const summary = await runCalibration();
    expect(summary.age.status).toBe('evaluated');
    expect(summary.age.heldOutMae!.candidate).toBeGreaterThan(summary.age.heldOutMae!.active);
    expect(summary.age.activated).toBe(false);
    expect((await versions.active('age'))!.version).toBe(before);
    expect((await versions.list('age')).map((v) => v.version)).toContain(summary.age.version);
  }, 120_000);

  test('an undertone boundary that agrees better with the users on the held-out part is activated, and workers use it', async () => {
    const models = new ActiveModels(versions, 0);
    expect((await models.current()).undertone.version).toBe(SEED_UNDERTONE.version);
    await storeUndertoneObservations(() => COOL_CAST);
    const summary = await runCalibration();
    expect(summary.undertone.status).toBe('evaluated');
    // the fitted offset undoes the cast
    expect(summary.undertone.offset).toBeGreaterThan(-COOL_CAST - 2.5);
    expect(summary.undertone.offset).toBeLessThan(-COOL_CAST + 2.5);
    expect(summary.undertone.heldOutAccuracy!.candidate).toBeGreaterThan(summary.undertone.heldOutAccuracy!.active);
    expect(summary.undertone.activated).toBe(true);
    const active = await versions.active('undertone');
    expect(active!.version).toBe(summary.undertone.version);
    expect(active!.training_set).toMatchObject({ base_version: SEED_UNDERTONE.version, fit_count: expect.any(Number) });
    expect((await models.current()).undertone).toEqual({
      version: summary.undertone.version,
      parameters: { featureSet: COLOUR_FEATURE_SET, offset: summary.undertone.offset },
    });
  }, 120_000);

  test('an undertone boundary that agrees worse on the held-out part is stored but not activated', async () => {
    const before = (await versions.active('undertone'))!;
    // the active version undid the cast; now the fitting part shows none while the held-out part still has it
    await storeUndertoneObservations((heldOut) => (heldOut ? COOL_CAST : 0));
    const summary = await runCalibration();
    expect(summary.undertone.status).toBe('evaluated');
    expect(Math.abs(summary.undertone.offset!)).toBeLessThan(2.5);
    expect(summary.undertone.heldOutAccuracy!.candidate).toBeLessThan(summary.undertone.heldOutAccuracy!.active);
    expect(summary.undertone.activated).toBe(false);
    expect((await versions.active('undertone'))!.version).toBe(before.version);
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
    expect(await models.seed()).toEqual([SEED_MODELS.age.version, SEED_MODELS.gender.version, SEED_UNDERTONE.version]);
    expect(await models.seed()).toEqual([]);
    await versions.insert(versionReading('age', 'age-calibrated', FEATURE_SET), { activate: true });
    expect(await models.seed()).toEqual([]);
    expect((await models.current()).ageGender.age.version).toBe('age-calibrated');
  });

  test('an undertone offset fitted on an older colour layout is replaced by the seed', async () => {
    await versions.insert(
      { ...SEED_UNDERTONE, version: 'undertone-v0', parameters: { featureSet: 'an-older-colour-layout', offset: 3 } },
      { activate: true },
    );
    expect(await new ActiveModels(versions, 0).seed()).toContain(SEED_UNDERTONE.version);
    expect((await versions.active('undertone'))!.parameters).toEqual(SEED_UNDERTONE.parameters);
  });

  test('after an upgrade to a new feature layout the unreadable active versions are replaced by the seed', async () => {
    await versions.insert(versionReading('age', 'age-v2', OLDER_FEATURE_SET), { activate: true });
    await versions.insert(versionReading('gender', 'gender-v2', OLDER_FEATURE_SET), { activate: true });
    const models = new ActiveModels(versions, 0);
    await versions.insert({ ...SEED_UNDERTONE, version: 'undertone-current' }, { activate: true });
    expect(await models.seed()).toEqual([SEED_MODELS.age.version, SEED_MODELS.gender.version]);
    const { ageGender } = await models.current();
    expect([ageGender.age.version, ageGender.gender.version]).toEqual([
      SEED_MODELS.age.version,
      SEED_MODELS.gender.version,
    ]);
    // the older versions stay stored, inactive
    expect((await versions.list('age')).map((v) => [v.version, v.active])).toEqual([
      ['age-v2', false],
      [SEED_MODELS.age.version, true],
    ]);
  });

  test('a worker of an older release leaves versions of a newer layout alone', async () => {
    await versions.insert(versionReading('age', 'age-v99', 'a-later-layout/v99'), { activate: true });
    await versions.insert(versionReading('gender', 'gender-v99', 'a-later-layout/v99'), { activate: true });
    await versions.insert(
      {
        ...SEED_UNDERTONE,
        version: 'undertone-v99',
        parameters: { featureSet: 'a-later-colour-layout/v99', offset: 1 },
      },
      { activate: true },
    );
    expect(await new ActiveModels(versions, 0).seed()).toEqual([]);
    expect((await versions.active('age'))!.version).toBe('age-v99');
    expect((await versions.active('undertone'))!.version).toBe('undertone-v99');
  });
});
