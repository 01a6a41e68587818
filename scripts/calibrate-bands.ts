/**
 * `npm run calibrate:bands [-- --aaf N]`: re-fits the cut points of the geometry
 * bands to the values the pipeline now measures. The labels are the client's
 * (METRICS.md); the client's numbers were written for other landmarks (a mesh
 * "lip height" runs from the lip's top to the chin crease's edge, its eye
 * corners are the lid contour's ends), so on our values most faces fell into
 * one band (99 % "full" lips, 73 % "long" noses). METRICS.md allows re-fitting
 * to the real distribution; each band's share is set here, on East-Asian
 * faces (All-Age-Faces and the Korean personal-colour portraits, the service's
 * users), and UTKFace is reported as a set that did not take part.
 * Writes packages/catalog/src/geometry-bands.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { catalog, type MetricDefinition } from '@face/catalog';
import { datasetFiles, spread } from './lib/datasets';
import { geometryMeasurer } from './lib/measure-geometry';
import { table } from './lib/report';
import { percentile } from './lib/stats';

const BANDS_FILE = path.resolve(__dirname, '..', 'packages', 'catalog', 'src', 'geometry-bands.json');

/**
 * Population quantiles at which each band ends. Proportions: a fifth of faces at each end of a
 * low / typical / high scale; for eye tilt, the middle split at the median (level vs normal);
 * for asymmetries (a tilted jawline, a deviated nose) only the top 3 % are called out.
 */
const CUT_QUANTILES: Record<string, number[]> = {
  face_length_width_ratio: [0.2, 0.8],
  forehead_ratio: [0.2, 0.8],
  eye_aspect_ratio_left: [0.2, 0.8],
  eye_aspect_ratio_right: [0.2, 0.8],
  eye_tilt_left: [0.15, 0.5, 0.85],
  eye_tilt_right: [0.15, 0.5, 0.85],
  jawline_tilt: [0.8, 0.97],
  intercanthal_ratio: [0.2, 0.8],
  nose_length_ratio: [0.2, 0.8],
  nose_bridge_deviation: [0.8, 0.97],
  mouth_width_ratio: [0.2, 0.8],
  lip_height_ratio: [0.2, 0.8],
};

/** Cut points rounded to what the metric is reported with (2 decimals for ratios, 1 for degrees). */
const roundCut = (m: MetricDefinition, v: number) =>
  m.unit === 'degrees' ? Math.round(v * 10) / 10 : Math.round(v * 1000) / 1000;

async function main() {
  const { values: args } = parseArgs({
    options: { aaf: { type: 'string', default: '900' }, utkface: { type: 'string', default: '600' } },
  });
  const sets = {
    aaf: spread(datasetFiles('aaf'), Number(args.aaf)),
    personal_color: datasetFiles('personal_color'),
    utkface: spread(datasetFiles('utkface'), Number(args.utkface)),
  };
  const { measure } = await geometryMeasurer();
  const banded = catalog.filter((m) => m.group === 'geometry' && CUT_QUANTILES[m.key]);
  const values = new Map<string, Map<string, number[]>>(
    Object.keys(sets).map((s) => [s, new Map(banded.map((m) => [m.key, []]))]),
  );
  for (const [set, files] of Object.entries(sets)) {
    for (const file of files) {
      const measured = await measure(file);
      if (!measured) continue;
      for (const m of banded) {
        const v = measured.geometry.values[m.key];
        if (typeof v === 'number') values.get(set)!.get(m.key)!.push(v);
      }
    }
    console.log(
      `${set}: ${values.get(set)!.get('face_length_width_ratio')!.length} of ${files.length} photos measured`,
    );
  }

  const cuts: Record<string, number[]> = {};
  const rows: string[][] = [];
  for (const m of banded) {
    // the two sides of a pair share their cut points: one eye shape is one band whichever side it is on
    const sides = /_(left|right)$/.test(m.key)
      ? [m.key.replace(/_right$/, '_left'), m.key.replace(/_left$/, '_right')]
      : [m.key];
    const fit = ['aaf', 'personal_color'].flatMap((set) => sides.flatMap((k) => values.get(set)!.get(k)!));
    cuts[m.key] = CUT_QUANTILES[m.key].map((q) => roundCut(m, percentile(fit, q * 100)));
    const labels = m.bands!.map((b) => b.label);
    const share = (set: string) => {
      const v = values.get(set)!.get(m.key)!;
      return labels
        .map((label, i) => {
          const lo = i === 0 ? -Infinity : cuts[m.key][i - 1];
          const hi = i === labels.length - 1 ? Infinity : cuts[m.key][i];
          return `${label} ${Math.round((100 * v.filter((x) => x >= lo && x < hi).length) / Math.max(1, v.length))} %`;
        })
        .join(', ');
    };
    rows.push([m.key, cuts[m.key].join(' / '), share('aaf'), share('personal_color'), share('utkface')]);
  }
  const report = table(['metric', 'cut points', 'AAF', 'personal_color', 'UTKFace (not fitted on)'], rows);
  console.log(report);
  const fittedOn = `${values.get('aaf')!.get('face_length_width_ratio')!.length} AAF + ${values.get('personal_color')!.get('face_length_width_ratio')!.length} personal_color faces, ${new Date().toISOString().slice(0, 10)}`;
  fs.writeFileSync(BANDS_FILE, `${JSON.stringify({ fittedOn, cuts }, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), BANDS_FILE)} (${fittedOn})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
