/**
 * `npm run calibrate:seed`: fits the age and gender models on every labelled
 * photo of ../shared/datasets/aaf and ../shared/datasets/utkface (attribute
 * outputs cached under .cache/face-features), prints their cross-validated
 * accuracy and writes packages/pipeline/src/context/age-gender-seed.json — the
 * versions a fresh database is seeded with. With DATABASE_URL set it also
 * stores them in model_versions and activates them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitAge, fitGender } from '@face/calibration';
import { NETWORK_RECIPE } from '@face/calibration/train-age-network';
import { ModelVersionRepository, openDatabase } from '@face/db';
import { FEATURE_SET } from '@face/pipeline/models';
import { AGE_FIT_WEIGHTS, ageGenderSamples } from './lib/age-gender-data';

const SEED = path.resolve(__dirname, '..', 'packages', 'pipeline', 'src', 'context', 'age-gender-seed.json');

async function main() {
  const { samples, noFace, total } = await ageGenderSamples({ cachedOnly: process.argv.includes('--cached') });
  // date and minute: two seeds fitted on one day must not share a version name (a stored name is never overwritten)
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '');
  const trainingSet = {
    sources: Object.fromEntries(Object.entries(total).map(([set, n]) => [set, { photos: n, no_face: noFace[set] }])),
    faces: samples.length,
    features: FEATURE_SET,
    note: 'fitted on ../shared/datasets only (All-Age-Faces train split, UTKFace crop_part1); nothing held out by the client',
  };
  const t0 = performance.now();
  const age = await fitAge(samples, { log: console.log });
  const gender = fitGender(samples);
  console.log(`fitted on ${samples.length} faces in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  console.log(
    `age: ridge λ=${age.lambda}, network blend ${age.parameters.blend ?? 0}, 5-fold CV MAE ${age.cv.mae.toFixed(2)} (ridge alone ${age.linearCvMae.toFixed(2)}) (bias ${age.cv.bias.toFixed(2)}, CS@5 ${(age.cv.cs5 * 100).toFixed(1)} %)`,
  );
  console.log(`gender: ridge λ=${gender.lambda}, 5-fold CV accuracy ${(gender.cv.accuracy * 100).toFixed(1)} %`);
  const seed = {
    age: {
      kind: 'age' as const,
      version: `age-seed-${stamp}`,
      parameters: age.parameters,
      trainingSet: {
        ...trainingSet,
        weights: AGE_FIT_WEIGHTS,
        lambda: age.lambda,
        network: age.parameters.networks ? { ...NETWORK_RECIPE, blend: age.parameters.blend } : null,
      },
      metrics: { cv5: age.cv },
    },
    gender: {
      kind: 'gender' as const,
      version: `gender-seed-${stamp}`,
      parameters: gender.parameters,
      trainingSet: { ...trainingSet, lambda: gender.lambda },
      metrics: { cv5: gender.cv },
    },
  };
  const round = (_k: string, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(7)) : v);
  fs.writeFileSync(SEED, `${JSON.stringify(seed, round)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), SEED)}`);
  if (process.env.DATABASE_URL) {
    const ds = await openDatabase({ url: process.env.DATABASE_URL, applicationName: 'calibrate-seed' });
    const repo = new ModelVersionRepository(ds);
    for (const v of [seed.age, seed.gender] as const) {
      const exists = (await repo.list(v.kind)).some((r) => r.version === v.version);
      if (!exists) await repo.insert(v, { activate: true });
      console.log(`${v.version}: ${exists ? 'already stored' : 'stored and activated'}`);
    }
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
