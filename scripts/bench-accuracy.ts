/**
 * `npm run bench:accuracy`: how accurate the model outputs are, measured on
 * labelled photos (METRICS.md: "measured against labelled faces").
 *
 * - Age and gender on ../shared/datasets/aaf and utkface: the raw FaceRes-deep
 *   and SSR-Net outputs (mirror-averaged), and the shipped calibrated models'
 *   recipe measured by 5-fold cross-validation (fit on four fifths of both
 *   sets, weighted as the seed is, estimate the fifth): age MAE, bias, MAE by
 *   decade, CS@5, gender accuracy by gender.
 * - Glasses on ../shared/datasets/glasses, and the mesh's pitch on frontal portraits.
 * Attribute-model outputs are cached under .cache/face-features (`npm run measure:faces`).
 * `-- --age-gender-only` / `-- --glasses-pose-only` run one part.
 */
import { ageMetrics, fitAge, fitGender, genderMetrics, type AgeMetrics, type GenderMetrics } from '@face/calibration';
import { decodeImage, selectFace, detectFacesSymmetric } from '@face/pipeline';
import { GLASSES_BRIDGE_THRESHOLD, glassesEvidence, headPose, computeTexture } from '@face/pipeline/stages';
import { FaceModelRuntime } from '@face/pipeline/face-models';
import { ageGenderSamples, type TaggedSample } from './lib/age-gender-data';
import { datasetPath } from './lib/datasets';
import { parseLabels } from './lib/labels';
import { percentile } from './lib/stats';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function printAge(name: string, m: AgeMetrics) {
  const decades = Object.entries(m.maeByDecade)
    .map(([d, v]) => `${d} ${v.mae.toFixed(1)} (${v.n})`)
    .join(', ');
  console.log(
    `  ${name.padEnd(34)} MAE ${m.mae.toFixed(2)}  bias ${m.bias >= 0 ? '+' : ''}${m.bias.toFixed(2)}  CS@5 ${pct(m.cs5)}  n=${m.n}`,
  );
  console.log(`  ${''.padEnd(34)} by decade: ${decades}`);
}
function printGender(name: string, m: GenderMetrics) {
  console.log(
    `  ${name.padEnd(34)} accuracy ${pct(m.accuracy)}  (women ${pct(m.accuracyFemale)}, men ${pct(m.accuracyMale)})  n=${m.n}`,
  );
}

async function ageAndGender() {
  console.log('\n## Age and gender');
  const { samples, noFace, total } = await ageGenderSamples({ cachedOnly: process.argv.includes('--cached') });
  for (const set of Object.keys(total))
    console.log(`${set}: ${total[set]} photos, no face found on ${noFace[set]} (${pct(noFace[set] / total[set])})`);
  const t0 = performance.now();
  const age = await fitAge(samples, { log: console.log });
  const gender = fitGender(samples);
  console.log(
    `(5-fold cross-validation on ${samples.length} faces: ${((performance.now() - t0) / 1000).toFixed(0)} s; age: ridge λ ${age.lambda} blended ${age.parameters.blend ?? 0} with the networks' mean, ridge alone MAE ${age.linearCvMae.toFixed(2)}; gender: ridge λ ${gender.lambda})`,
  );
  const withAge = samples.filter((s) => s.age !== undefined);
  const withGender = samples.filter((s) => s.male !== undefined);
  for (const set of Object.keys(total)) {
    console.log(`\n### ${set}`);
    const inSet = (s: TaggedSample) => s.set === set;
    const ages = withAge.map((s, i) => ({ s, est: age.oof[i] })).filter(({ s }) => inSet(s));
    const genders = withGender.map((s, i) => ({ s, p: gender.oof[i] })).filter(({ s }) => inSet(s));
    printAge(
      'FaceRes-deep raw age',
      ageMetrics(ages.map(({ s }) => ({ truth: s.age!, estimate: avg(s.raw.views!.map((v) => v.faceresAge)) }))),
    );
    printAge(
      'SSR-Net raw age',
      ageMetrics(ages.map(({ s }) => ({ truth: s.age!, estimate: avg(s.raw.views!.map((v) => v.ssrnetAge)) }))),
    );
    printAge('calibrated (5-fold CV)', ageMetrics(ages.map(({ s, est }) => ({ truth: s.age!, estimate: est }))));
    printGender(
      'FaceRes-deep raw gender',
      genderMetrics(genders.map(({ s }) => ({ male: s.male!, pMale: avg(s.raw.views!.map((v) => v.faceresMale)) }))),
    );
    printGender(
      'SSR-Net raw gender',
      genderMetrics(genders.map(({ s }) => ({ male: s.male!, pMale: avg(s.raw.views!.map((v) => v.ssrnetMale)) }))),
    );
    printGender('calibrated (5-fold CV)', genderMetrics(genders.map(({ s, p }) => ({ male: s.male!, pMale: p }))));
  }
}

const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function glassesAndPose() {
  console.log('\n## Glasses (../shared/datasets/glasses) and pose');
  const runtime = await FaceModelRuntime.load('cpu');
  const { mirror, topology } = runtime.meshMaps();
  let correct = 0;
  let n = 0;
  const pitches: number[] = [];
  const misses: string[] = [];
  for (const row of parseLabels(datasetPath('glasses', 'labels.csv'))) {
    const img = await decodeImage(datasetPath('glasses', row.file), { maxPixels: 50_000_000 });
    const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 16);
    const t = await computeTexture({ image: img, face, topology, mirror });
    const saysGlasses = glassesEvidence(t.context).bridge >= GLASSES_BRIDGE_THRESHOLD;
    n++;
    if (saysGlasses === (row.eyeglasses === '1')) correct++;
    else misses.push(row.file);
    pitches.push(headPose(face, 0).pitch);
  }
  console.log(`glasses accuracy ${pct(correct / n)} (${correct}/${n}); missed: ${misses.join(', ') || 'none'}`);
  for (const row of parseLabels(datasetPath('personal_color', 'labels.csv'))) {
    try {
      const img = await decodeImage(datasetPath('personal_color', row.file), { maxPixels: 50_000_000 });
      const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 16);
      pitches.push(headPose(face, 0).pitch);
    } catch {
      // a portrait without a detectable face does not count
    }
  }
  console.log(
    `mesh pitch on ${pitches.length} portraits (no offset): median ${percentile(pitches, 50).toFixed(2)}° — PITCH_OFFSET_DEG`,
  );
}

async function main() {
  console.log(`# Accuracy of model outputs — ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
  // age and gender measure ~9,500 photos (hours without the .cache/face-features of `npm run measure:faces`)
  if (!process.argv.includes('--glasses-pose-only')) await ageAndGender();
  if (!process.argv.includes('--age-gender-only')) await glassesAndPose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
