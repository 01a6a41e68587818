/**
 * `npm run seed:norms [-- --per-cell 60]`: builds the seed population norms from the labelled data sets with age and
 * gender (../shared/datasets aaf and utkface): the whole pipeline runs on up to `--per-cell` photos of each set for
 * every gender and age band (evenly spread over the labels file), and each person-describing metric gets the 101
 * percentiles of its values per gender and age band. Texture metrics need a face ≥ 300 px wide, which those sets
 * (200–340 px photos) do not have: texture cells come from the personal-colour portraits instead, grouped by the
 * pipeline's own age and gender estimates (that set has no such labels); where they are too few the cells answer
 * no_norms until the calibrate job refits them from analyses with profile truth. Writes
 * packages/norms/src/seed-norms.json (the worker stores it in the norms table at start-up) and prints how many
 * photos every cell rests on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { flatKey, normedMetrics } from '@face/catalog';
import {
  AGE_BANDS,
  ageBandOf,
  buildCells,
  cohortOf,
  feedsNorms,
  MIN_CELL_OBSERVATIONS,
  NORM_GENDERS,
  TEXTURE_MIN_FACE_PX,
  type NormGender,
  type NormObservation,
} from '@face/norms';
import { runPipeline } from '@face/pipeline';
import { FaceModelRuntime } from '@face/pipeline/face-models';
import { standaloneParams } from '@face/pipeline/models';
import { datasetPath } from './lib/datasets';
import { parseLabels } from './lib/labels';

const OUT = path.resolve(__dirname, '..', 'packages', 'norms', 'src', 'seed-norms.json');
const SETS = ['aaf', 'utkface'] as const;

async function main() {
  const { values } = parseArgs({ options: { 'per-cell': { type: 'string', default: '40' } } });
  const perCell = Number(values['per-cell']);
  const metrics = normedMetrics().map(flatKey);
  const runtime = await FaceModelRuntime.load('cpu');
  const maps = runtime.meshMaps();
  const observations: NormObservation[] = [];
  const textureObservations: NormObservation[] = [];
  const photos: Record<string, number> = {};
  const noFace: Record<string, number> = {};
  for (const set of SETS) {
    const labels = parseLabels(datasetPath(set, 'labels.csv'));
    // per gender and age band, photos evenly spread over the file (not its first ones)
    const byCell = new Map<string, typeof labels>();
    for (const l of labels) {
      const band = ageBandOf(Number(l.age));
      if (!band || !NORM_GENDERS.includes(l.gender as NormGender)) continue;
      const key = `${l.gender}|${band}`;
      (byCell.get(key) ?? byCell.set(key, []).get(key)!).push(l);
    }
    const chosen = [...byCell.values()].flatMap((rows) => {
      const step = Math.max(1, rows.length / perCell);
      return Array.from({ length: Math.min(perCell, rows.length) }, (_, i) => rows[Math.floor(i * step)]);
    });
    photos[set] = 0;
    noFace[set] = 0;
    for (const [i, l] of chosen.entries()) {
      try {
        const r = await runPipeline(datasetPath(set, l.file), standaloneParams(), runtime, maps);
        const flat: Record<string, number | null> = {};
        for (const [group, result] of Object.entries(r.groups)) {
          for (const [key, v] of Object.entries(result.values))
            flat[`${group}_${key}`] = typeof v === 'number' ? v : null;
        }
        observations.push({ age: Number(l.age), gender: l.gender as NormGender, values: flat });
        photos[set]++;
      } catch {
        noFace[set]++; // NO_FACE and the like: not a measurement
      }
      if ((i + 1) % 100 === 0) console.error(`${set}: ${i + 1}/${chosen.length}`);
    }
  }
  // Texture: the faces of those sets are under 300 px. The personal-colour portraits are large enough but carry no
  // age or gender: their cohort is the pipeline's own estimate, and they feed texture cells only (said in the source).
  const textureMetrics = metrics.filter((m) => m.startsWith('texture_'));
  let texturePhotos = 0;
  for (const l of parseLabels(datasetPath('personal_color', 'labels.csv'))) {
    try {
      const r = await runPipeline(datasetPath('personal_color', l.file), standaloneParams(), runtime, maps);
      const cohort = cohortOf(
        { age: null, gender: null },
        { age: r.groups.context.values.age_estimate, gender: r.groups.context.values.gender },
      );
      const size = r.groups.context.values.face_size_px;
      if (!cohort || typeof size !== 'number') continue;
      const values: Record<string, number | null> = { context_face_size_px: size };
      for (const m of textureMetrics) {
        const v = r.groups.texture.values[m.slice('texture_'.length)];
        values[m] = typeof v === 'number' ? v : null;
      }
      textureObservations.push({ age: r.groups.context.values.age_estimate as number, gender: cohort.gender, values });
      texturePhotos++;
    } catch {
      // no face: nothing to measure
    }
  }
  const cells = buildCells([...observations, ...textureObservations], metrics);
  const version = `seed-${new Date().toISOString().slice(0, 10)}`;
  const source = {
    sets: SETS,
    per_cell: perCell,
    photos,
    no_face: noFace,
    texture: {
      set: 'personal_color',
      photos: texturePhotos,
      cohort: "the pipeline's age and gender estimates (the set has no such labels)",
      min_face_px: TEXTURE_MIN_FACE_PX,
    },
    min_cell_observations: MIN_CELL_OBSERVATIONS,
  };
  // one cell a line, values to 5 significant digits: a readable diff when the seed is rebuilt
  const head = JSON.stringify({ version, kind: 'seed', source }).slice(0, -1);
  const lines = cells.map((c) => JSON.stringify({ ...c, quantiles: c.quantiles.map((q) => Number(q.toPrecision(5))) }));
  fs.writeFileSync(OUT, `${head},"cells":[\n${lines.join(',\n')}\n]}\n`);

  // what each cell rests on: photos per gender and age band, and how many metrics reach the minimum there
  console.log(
    `\nSeed norms ${version}: ${observations.length} faces (${JSON.stringify(photos)}; no face ${JSON.stringify(noFace)}), ${metrics.length} metrics\n`,
  );
  console.log(
    '| gender | age band | labelled photos | metrics with ≥ ' +
      MIN_CELL_OBSERVATIONS +
      ' values (usable) | portraits ≥ 300 px (estimated cohort) | texture metrics usable |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const gender of NORM_GENDERS) {
    for (const band of AGE_BANDS) {
      const here = cells.filter((c) => c.gender === gender && c.ageBand === band);
      const people = observations.filter((o) => o.gender === gender && ageBandOf(o.age) === band).length;
      const usable = here.filter((c) => c.n >= MIN_CELL_OBSERVATIONS);
      const portraits = textureObservations.filter(
        (o) => o.gender === gender && ageBandOf(o.age) === band && feedsNorms('texture_x', o.values),
      ).length;
      console.log(
        `| ${gender} | ${band} | ${people} | ${usable.length} / ${metrics.length} | ${portraits} | ${usable.filter((c) => c.metric.startsWith('texture_')).length} |`,
      );
    }
  }
  console.log(`\nwrote ${path.relative(process.cwd(), OUT)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
