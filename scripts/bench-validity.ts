/**
 * `npm run bench:validity [-- --per-set 200 --portraits 10]`: does geometry
 * describe the face rather than the photo? Prints, and publishes in
 * docs/VALIDITY.md:
 * - bilateral metrics on ../shared/datasets/aaf and utkface (natural poses):
 *   left/right correlation, median and p90 |L−R|, and the correlation of L−R
 *   with the head's yaw, pitch and roll;
 *   with the yaw drift left after the pipeline's correction (geometry/yaw-drift.ts)
 *   and the drift a fit on each set would give, to check that correction;
 * - changes of labelled portraits that should not move geometry (rotation by
 *   ±10°, ±20°, ±30°, resize ×0.5 and ×2, mirror, JPEG quality 40, exposure
 *   ±0.5 EV): p95 deviation of every numeric geometry metric from the original
 *   (degrees for angles, relative for ratios), and how often face_shape stays;
 * - known groups: Spearman's ρ of every numeric geometry metric with age on
 *   both sets, and how often each is null there and why.
 * It also writes packages/catalog/src/geometry-reliability.json, the short
 * `reliability` line each geometry metric shows in the catalog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { bandOf, catalog } from '@face/catalog';
import { YAW_DRIFT } from '@face/pipeline/stages';
import { datasetFiles, datasetPath, spread } from './lib/datasets';
import { parseLabels } from './lib/labels';
import { geometryMeasurer, type MeasuredGeometry } from './lib/measure-geometry';
import { publishSection, table } from './lib/report';
import { pearson, percentile, slope, spearman } from './lib/stats';

const BILATERAL = ['eye_tilt', 'eye_width', 'eye_height', 'eye_aspect_ratio', 'jaw_angle'] as const;
const ROTATIONS = [-30, -20, -10, 10, 20, 30];
/** Shorter side of the portraits the photo changes are applied to (150 of the 207 labelled portraits). */
const MIN_PORTRAIT_SIDE = 400;

const fmt = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

interface Measured extends MeasuredGeometry {
  age?: number;
}

const RELIABILITY_FILE = path.resolve(__dirname, '..', 'packages', 'catalog', 'src', 'geometry-reliability.json');

async function main() {
  const { values: args } = parseArgs({
    options: { 'per-set': { type: 'string', default: '200' }, portraits: { type: 'string', default: '24' } },
  });
  const perSet = Number(args['per-set']);
  const { measure } = await geometryMeasurer();

  const sections: string[] = [];

  // --- bilateral metrics on natural poses
  const bilateralRows: Array<Array<string | number>> = [];
  const driftRows: Array<Array<string | number>> = [];
  const measuredBySet = new Map<string, Measured[]>();
  /** corr(L, R) per bilateral metric and set, for the reliability lines */
  const agreement = new Map<string, string[]>();
  for (const set of ['aaf', 'utkface']) {
    const files = spread(datasetFiles(set), perSet);
    const ages = new Map(
      parseLabels(datasetPath(set, 'labels.csv')).map((r) => [datasetPath(set, r.file), Number(r.age)]),
    );
    const measured: Measured[] = [];
    for (const f of files) {
      const m = await measure(f);
      if (m) measured.push({ ...m, age: ages.get(f) });
    }
    measuredBySet.set(set, measured);
    console.log(`${set}: ${measured.length} of ${files.length} photos measured`);
    for (const metric of BILATERAL) {
      const rows = measured.filter(
        (m) =>
          typeof m.geometry.values[`${metric}_left`] === 'number' &&
          typeof m.geometry.values[`${metric}_right`] === 'number',
      );
      const L = rows.map((m) => m.geometry.values[`${metric}_left`] as number);
      const R = rows.map((m) => m.geometry.values[`${metric}_right`] as number);
      const diff = L.map((l, i) => l - R[i]);
      const abs = diff.map(Math.abs);
      const digits = metric === 'eye_tilt' || metric === 'jaw_angle' ? 2 : 4;
      agreement.set(metric, [
        ...(agreement.get(metric) ?? []),
        `${set === 'aaf' ? 'AAF' : 'UTKFace'} ${fmt(pearson(L, R), 2)}`,
      ]);
      if (metric === 'jaw_angle' || metric === 'eye_height') {
        // what is left after the correction, and the drift this set alone would have given (correction + residual)
        const residual = slope(
          rows.map((m) => m.pose.yaw),
          diff,
        );
        driftRows.push([
          set,
          metric,
          rows.length,
          fmt(YAW_DRIFT[metric], 5),
          fmt(residual, 5),
          fmt(YAW_DRIFT[metric] + residual, 5),
        ]);
      }
      bilateralRows.push([
        set,
        metric,
        rows.length,
        fmt(pearson(L, R), 2),
        fmt(percentile(abs, 50), digits),
        fmt(percentile(abs, 90), digits),
        ...(['yaw', 'pitch', 'roll'] as const).map((axis) =>
          fmt(
            pearson(
              diff,
              rows.map((m) => m.pose[axis]),
            ),
            2,
          ),
        ),
      ]);
    }
  }
  const bilateral = table(
    [
      'set',
      'metric',
      'n',
      'corr(L, R)',
      'median |L−R|',
      'p90 |L−R|',
      'corr(L−R, yaw)',
      'corr(L−R, pitch)',
      'corr(L−R, roll)',
    ],
    bilateralRows,
  );
  console.log(bilateral);
  sections.push(
    `### Left and right on natural poses\n\n` +
      `Jaw angles, lid openings and eye tilts are null (pose_out_of_range) beyond 20° of yaw, so n can be lower.\n\n${bilateral}`,
  );
  const drift = table(
    ['set', 'metric', 'n', 'drift taken off (per ° yaw)', 'left after it', 'this set alone'],
    driftRows,
  );
  console.log(drift);
  sections.push(
    `### The mesh model's yaw drift\n\nLeft − right per degree of yaw: what the pipeline takes off (geometry/yaw-drift.ts, a pooled fit), ` +
      `the slope left in the corrected values, and the slope a fit on this set alone would have given.\n\n${drift}`,
  );

  // --- changes of the photo that should not move a face's geometry, on labelled portraits
  // selfie-sized photos: a 112 px portrait's eye is a few pixels tall, and any resampling moves its lids by 30 %
  const sizable: string[] = [];
  for (const f of datasetFiles('personal_color')) {
    const { width = 0, height = 0 } = await sharp(f).metadata();
    if (Math.min(width, height) >= MIN_PORTRAIT_SIDE) sizable.push(f);
  }
  const portraits = spread(sizable, Number(args.portraits));
  const numeric = catalog.filter((m) => m.group === 'geometry' && m.type === 'number' && m.key !== 'head_length_ratio');
  const upright = (file: string) => sharp(file).rotate();
  const variants: Array<{ name: string; make: (file: string) => Promise<Buffer>; mirrored?: boolean }> = [
    ...ROTATIONS.map((angle) => ({
      name: `rotate ${angle > 0 ? '+' : ''}${angle}°`,
      make: (f: string) => upright(f).rotate(angle, { background: '#808080' }).jpeg({ quality: 95 }).toBuffer(),
    })),
    ...[0.5, 2].map((scale) => ({
      name: `resize ×${scale}`,
      make: async (f: string) =>
        upright(f)
          .resize({ width: Math.round((await upright(f).toBuffer({ resolveWithObject: true })).info.width * scale) })
          .jpeg({ quality: 95 })
          .toBuffer(),
    })),
    { name: 'mirror', make: (f: string) => upright(f).flop().jpeg({ quality: 95 }).toBuffer(), mirrored: true },
    { name: 'JPEG q40', make: (f: string) => upright(f).jpeg({ quality: 40 }).toBuffer() },
    // exposure as a brightness multiplier of ±0.5 EV (sharp's modulate)
    ...[-0.5, 0.5].map((ev) => ({
      name: `exposure ${ev > 0 ? '+' : ''}${ev} EV`,
      make: (f: string) =>
        upright(f)
          .modulate({ brightness: 2 ** ev })
          .jpeg({ quality: 95 })
          .toBuffer(),
    })),
  ];
  const swap = (key: string) =>
    key.endsWith('_left')
      ? key.replace(/_left$/, '_right')
      : key.endsWith('_right')
        ? key.replace(/_right$/, '_left')
        : key;
  // deviations[variant][metric]
  const deviations = variants.map(() => new Map<string, number[]>(numeric.map((m) => [m.key, []])));
  const sameShape = variants.map(() => ({ same: 0, of: 0 }));
  const banded = numeric.filter((m) => m.bands);
  // sameBand[variant][metric]
  const sameBand = variants.map(() => new Map(banded.map((m) => [m.key, { same: 0, of: 0 }])));
  for (const file of portraits) {
    const original = await measure(file);
    if (!original) continue;
    for (const [v, variant] of variants.entries()) {
      const changed = await measure(await variant.make(file));
      if (!changed) continue;
      sameShape[v].of++;
      if (changed.geometry.values.face_shape === original.geometry.values.face_shape) sameShape[v].same++;
      for (const m of numeric) {
        const [a, b] = [
          original.geometry.values[m.key],
          changed.geometry.values[variant.mirrored ? swap(m.key) : m.key],
        ];
        if (typeof a !== 'number' || typeof b !== 'number') continue;
        deviations[v]
          .get(m.key)!
          .push(m.unit === 'degrees' ? Math.abs(a - b) : Math.abs(a - b) / Math.max(Math.abs(a), 1e-9));
        const band = sameBand[v].get(m.key);
        if (band) {
          band.of++;
          if (bandOf(m, a) === bandOf(m, b)) band.same++;
        }
      }
    }
  }
  const invarianceRows = numeric.map((m) => [
    `${m.key} (${m.unit === 'degrees' ? '°' : 'relative'})`,
    ...variants.map((_, v) => fmt(percentile(deviations[v].get(m.key)!, 95), m.unit === 'degrees' ? 2 : 3)),
  ]);
  invarianceRows.push([
    'face_shape unchanged',
    ...sameShape.map((s) => `${fmt((100 * s.same) / Math.max(1, s.of), 0)} %`),
  ]);
  const invariance = table(['p95 deviation from the original', ...variants.map((v) => v.name)], invarianceRows);
  console.log(invariance);
  sections.push(
    `### Changes of the photo that should not move the face's geometry (${portraits.length} labelled portraits, ≥ ${MIN_PORTRAIT_SIDE} px on the shorter side)\n\n` +
      `p95 over the portraits of each metric's deviation from the original photo (degrees for angles, relative for ratios; ` +
      `mirror compares with the other side), and how often face_shape stays the same.\n\n${invariance}`,
  );
  const pct = (k: { same: number; of: number }) => `${fmt((100 * k.same) / Math.max(1, k.of), 0)} %`;
  const bandAgreement = table(
    ['band unchanged', ...variants.map((v) => v.name)],
    banded.map((m) => [m.key, ...variants.map((_, v) => pct(sameBand[v].get(m.key)!))]),
  );
  console.log(bandAgreement);
  sections.push(
    `### How often each band stays the same under those changes\n\nBands re-fitted by \`npm run calibrate:bands\`.\n\n${bandAgreement}`,
  );

  // --- known groups: geometry against age (faces change with age: jaw and eye proportions, not rotation-invariant noise)
  const ageRows: Array<Array<string | number>> = [];
  for (const m of numeric) {
    const row: Array<string | number> = [m.key];
    for (const set of ['aaf', 'utkface']) {
      const measured = measuredBySet.get(set) ?? [];
      const pairs = measured.filter((x) => typeof x.geometry.values[m.key] === 'number' && Number.isFinite(x.age));
      const reasons = new Map<string, number>();
      for (const x of measured) {
        const reason = x.geometry.nullReasons[m.key];
        if (x.geometry.values[m.key] === null && reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      row.push(
        fmt(
          spearman(
            pairs.map((x) => x.geometry.values[m.key] as number),
            pairs.map((x) => x.age as number),
          ),
          2,
        ),
        `${pairs.length}`,
        [...reasons].map(([r, n]) => `${r} ${n}`).join(', ') || '—',
      );
    }
    ageRows.push(row);
  }
  const age = table(
    ['metric', 'ρ with age (AAF)', 'n', 'null (AAF)', 'ρ with age (UTKFace)', 'n', 'null (UTKFace)'],
    ageRows,
  );
  console.log(age);
  sections.push(
    `### Known groups: Spearman's ρ with age\n\nOn the same photos; |ρ| ≥ 0.12 is significant at 5 % for n ≈ 280.\n\n${age}`,
  );

  // --- one line per metric for the catalog: how far it moves when only the photo changes, and left/right agreement
  const worst = (m: (typeof numeric)[number], names: (name: string) => boolean) =>
    Math.max(
      ...variants
        .flatMap((variant, v) => (names(variant.name) ? [percentile(deviations[v].get(m.key)!, 95)] : []))
        .filter(Number.isFinite),
    );
  const reliability: Record<string, string> = {};
  for (const m of numeric) {
    const angle = m.unit === 'degrees';
    const show = (v: number) =>
      !Number.isFinite(v) ? 'n/a' : angle ? `±${v.toFixed(1)}°` : `±${(100 * v).toFixed(0)} %`;
    const bilateral = BILATERAL.find((b) => m.key === `${b}_left` || m.key === `${b}_right`);
    reliability[m.key] =
      `p95 change ${show(worst(m, (n) => n.startsWith('rotate') && /(10|20)°$/.test(n)))} up to ±20° photo rotation, ` +
      `${show(worst(m, (n) => n.startsWith('rotate')))} up to ±30°, ${show(worst(m, (n) => /JPEG|exposure|resize/.test(n)))} for resize, JPEG q40 or ±0.5 EV` +
      (bilateral ? `; left/right agreement r = ${agreement.get(bilateral)?.join(', ')}` : '');
  }
  const kept = (names: (name: string) => boolean) =>
    Math.min(
      ...sameShape.flatMap((k, v) => (names(variants[v].name) ? [(100 * k.same) / Math.max(1, k.of)] : [])),
    ).toFixed(0);
  reliability.face_shape =
    `the same shape on at least ${kept((n) => n.startsWith('rotate') && /(10|20)°$/.test(n))} % of portraits rotated up to ±20° and ` +
    `${kept((n) => /JPEG|exposure|resize|mirror/.test(n))} % resized, mirrored, JPEG q40 or ±0.5 EV`;
  fs.writeFileSync(RELIABILITY_FILE, `${JSON.stringify(reliability, null, 2)}\n`);
  sections.push(
    `### What the catalog says about each metric\n\nThe \`reliability\` line of each geometry metric in \`GET /v1/catalog\` ` +
      `(written from the figures above to packages/catalog/src/geometry-reliability.json).\n\n` +
      table(['metric', 'reliability'], Object.entries(reliability)),
  );

  publishSection(
    'VALIDITY.md',
    'geometry',
    'Geometry: does it measure the face or the photo?',
    sections.join('\n\n'),
    `npm run bench:validity -- --per-set ${perSet} --portraits ${args.portraits}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
