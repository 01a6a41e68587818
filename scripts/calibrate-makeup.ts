/**
 * `npm run calibrate:makeup`: measures the lip and eyelid colour contrasts
 * (context/makeup.ts) on bare faces (All-Age-Faces men aged 20–60) and on the
 * made-up celebrity portraits of personal_color, and prints the 90th
 * percentiles that MAKEUP_SCALE uses as its bare and heavy levels.
 */
import { decodeImage, selectFace, detectFacesSymmetric } from '@face/pipeline';
import { makeupContrasts, type MakeupContrasts, computeTexture } from '@face/pipeline/stages';
import { FaceModelRuntime } from '@face/pipeline/face-models';
import { datasetPath } from './lib/datasets';
import { parseLabels } from './lib/labels';
import { percentile } from './lib/stats';

const PER_GROUP = 120;

async function main() {
  const runtime = await FaceModelRuntime.load('cpu');
  const { mirror, topology } = runtime.meshMaps();
  const measure = async (set: string, files: string[]) => {
    const out: MakeupContrasts[] = [];
    for (const file of files) {
      try {
        const img = await decodeImage(datasetPath(set, file), { maxPixels: 50_000_000 });
        const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 16);
        out.push(makeupContrasts((await computeTexture({ image: img, face, topology, mirror })).context));
      } catch {
        // photos without a usable face are skipped
      }
    }
    return out;
  };
  const men = parseLabels(datasetPath('aaf', 'labels.csv')).filter(
    (r) => r.gender === 'male' && Number(r.age) >= 20 && Number(r.age) <= 60,
  );
  const step = Math.max(1, Math.floor(men.length / PER_GROUP));
  const bare = await measure(
    'aaf',
    men
      .filter((_, i) => i % step === 0)
      .slice(0, PER_GROUP)
      .map((r) => r.file),
  );
  const celebs = await measure(
    'personal_color',
    parseLabels(datasetPath('personal_color', 'labels.csv')).map((r) => r.file),
  );
  for (const part of ['lip', 'eye'] as const) {
    const b = bare.map((c) => c[part]).filter(Number.isFinite);
    const h = celebs.map((c) => c[part]).filter(Number.isFinite);
    console.log(
      `${part}: bare p50 ${percentile(b, 50).toFixed(1)} p90 ${percentile(b, 90).toFixed(1)} (n=${b.length}); made-up p50 ${percentile(h, 50).toFixed(1)} p90 ${percentile(h, 90).toFixed(1)} (n=${h.length})`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
