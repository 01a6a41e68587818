/**
 * Paints the skin regions the texture metrics use onto the normalised face
 * crop, to check them by eye: `npm run draw:regions -- <photo> <out.png>`.
 * skin = green tint, forehead/T-zone = blue, under-eye = magenta, cheeks = yellow, crow's feet = cyan.
 */
import sharp from 'sharp';
import { decodeImage, detectFacesSymmetric } from '@face/pipeline';
import { TONE_FACE_WIDTH, cropFace, buildRegions } from '@face/pipeline/stages';
import { FaceModelRuntime } from '@face/pipeline/face-models';

async function main() {
  const [file, out] = process.argv.slice(2);
  if (!file || !out) throw new Error('usage: npm run draw:regions -- <photo> <out.png>');
  const runtime = await FaceModelRuntime.load('cpu');
  const img = await decodeImage(file, { maxPixels: 50_000_000 });
  const [face] = await detectFacesSymmetric(runtime, img, runtime.meshMaps().mirror);
  const crop = await cropFace(img, face, TONE_FACE_WIDTH);
  const r = buildRegions(crop.mesh, crop.image.width, crop.image.height);
  const px = Buffer.from(crop.image.data);
  const tint = (mask: Uint8Array, rgb: [number, number, number], alpha: number) => {
    for (let i = 0; i < mask.length; i++)
      if (mask[i]) for (let c = 0; c < 3; c++) px[i * 3 + c] = Math.round(px[i * 3 + c] * (1 - alpha) + rgb[c] * alpha);
  };
  tint(r.skin, [0, 255, 0], 0.25);
  tint(r.tZone, [0, 0, 255], 0.3);
  tint(r.underEye[0], [255, 0, 255], 0.5);
  tint(r.underEye[1], [255, 0, 255], 0.5);
  tint(r.cheek[0], [255, 255, 0], 0.5);
  tint(r.cheek[1], [255, 255, 0], 0.5);
  tint(r.crowsFeet, [0, 255, 255], 0.5);
  await sharp(px, { raw: { width: crop.image.width, height: crop.image.height, channels: 3 } })
    .png()
    .toFile(out);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
