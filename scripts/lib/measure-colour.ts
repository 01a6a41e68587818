/**
 * Measures the colour features of every labelled portrait in
 * ../shared/datasets/personal_color through the production stages (decode,
 * mirror-averaged detection, person mask, texture, colour features), and
 * FaceRes-deep's descriptor of each face, to group photos of one person.
 */
import { decodeImage, selectFace, detectFacesSymmetric } from '@face/pipeline';
import { colourFeatures, type ColourFeatures, computeTexture } from '@face/pipeline/stages';
import { FaceModelRuntime } from '@face/pipeline/face-models';
import type { LabelledFeatures } from './color-calibration';
import { datasetPath } from './datasets';
import { parseLabels } from './labels';

/** A portrait's colour features through the production stages, and the photo and face they were measured on. */
export async function measurePortraitColour(
  runtime: FaceModelRuntime,
  file: string | Buffer,
  onTiming?: (colourMs: number) => void,
) {
  const { mirror, topology } = runtime.meshMaps();
  const img = await decodeImage(file, { maxPixels: 50_000_000 });
  const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 32);
  const mask = await runtime.segmentPerson(img);
  const texture = await computeTexture({ image: img, face, topology, mirror });
  const t0 = performance.now();
  const features: ColourFeatures = colourFeatures(texture.context, face, mask, img);
  onTiming?.(performance.now() - t0);
  return { features, img, face, texture: texture.values };
}

export async function measureLabelledColour(onTiming?: (colourMs: number) => void): Promise<LabelledFeatures[]> {
  const rows = parseLabels(datasetPath('personal_color', 'labels.csv'));
  const runtime = await FaceModelRuntime.load('cpu');
  const out: LabelledFeatures[] = [];
  for (const row of rows) {
    try {
      const { features, img, face } = await measurePortraitColour(
        runtime,
        datasetPath('personal_color', row.file),
        onTiming,
      );
      const [view] = await runtime.describeFace(img, face);
      out.push({ ...features, file: row.file, season: row.season, tone: row.tone, descriptor: view.descriptor });
    } catch (e) {
      console.error(`${row.file}: ${(e as Error).message}`);
    }
  }
  return out;
}
