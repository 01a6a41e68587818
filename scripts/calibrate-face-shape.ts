/**
 * Measures the population mean and spread of the face-shape features over the
 * labelled portraits in ../shared/datasets (personal_color and a fixed sample
 * of aaf), for POPULATION in packages/pipeline/src/geometry/face-shape.ts.
 * `npm run calibrate:shape [-- --aaf N]`
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeImage, selectFace } from '@face/pipeline';
import { faceShapeFeatures } from '@face/pipeline/src/geometry';
import { FaceModelRuntime } from '@face/pipeline/src/human/runtime';
import { detectFacesSymmetric } from '@face/pipeline/src/symmetric-detection';
import { datasetFiles } from './lib/datasets';

async function main() {
  const aafCount = Number(process.argv[process.argv.indexOf('--aaf') + 1]) || 300;
  const files = [...datasetFiles('personal_color'), ...datasetFiles('aaf').slice(0, aafCount)];
  const runtime = await FaceModelRuntime.load('cpu');
  const { mirror } = runtime.meshMaps();
  const rows: number[][] = [];
  for (const file of files) {
    try {
      const img = await decodeImage(file, { maxPixels: 50_000_000 });
      // the same mirror-averaged landmarks the pipeline classifies
      const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 64);
      const f = faceShapeFeatures(face.mesh, mirror);
      rows.push([f.lengthWidth, f.foreheadCheek, f.jawCheek, f.jawAngle]);
    } catch {
      /* photos without a usable face are skipped */
    }
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
