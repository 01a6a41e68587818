/**
 * Measures the population mean and spread of the face-shape features over the
 * labelled portraits in ../shared/datasets (personal_color and a fixed sample
 * of aaf), for POPULATION in packages/pipeline/src/geometry/face-shape.ts.
 * `npm run calibrate:shape [-- --aaf N]`
 */
import fs from 'node:fs';
import path from 'node:path';
import { faceShapeFeatures } from '@face/pipeline/stages';
import { datasetFiles } from './lib/datasets';
import { geometryMeasurer } from './lib/measure-geometry';

async function main() {
  const aafCount = Number(process.argv[process.argv.indexOf('--aaf') + 1]) || 300;
  const files = [...datasetFiles('personal_color'), ...datasetFiles('aaf').slice(0, aafCount)];
  const { measure, mirror } = await geometryMeasurer();
  const rows: number[][] = [];
  for (const file of files) {
    // the same mirror-averaged landmarks the pipeline classifies
    const measured = await measure(file, 64);
    if (!measured) continue;
    const f = faceShapeFeatures(measured.face.mesh, mirror);
    rows.push([f.lengthWidth, f.foreheadCheek, f.jawCheek, f.jawAngle]);
  }
  const names = ['lengthWidth', 'foreheadCheek', 'jawCheek', 'jawAngle'];
  console.log(`faces measured: ${rows.length} of ${files.length}`);
  names.forEach((n, k) => {
    const xs = rows.map((r) => r[k]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    console.log(`${n.padEnd(14)} mean ${mean.toFixed(4)}  sd ${sd.toFixed(4)}`);
  });
  fs.mkdirSync('test-artifacts', { recursive: true });
  fs.writeFileSync(path.join('test-artifacts', 'face-shape-features.json'), JSON.stringify(rows));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
