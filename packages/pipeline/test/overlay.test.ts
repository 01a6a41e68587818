/**
 * The overlay picture on a real portrait: compared with the same photo at the
 * same size, the skin is tinted green, the irises are ringed in cyan, the mesh
 * lightens the face and the season panel darkens its corner.
 */
import sharp from 'sharp';
import { runPipeline } from '@face/pipeline';
import { decodeImage } from '../src/decode';
import { OVERLAY_MAX_SIDE, encodeOverlayPng } from '../src/overlay';
import { CHEEK_RIGHT } from '../src/regions/landmark-sets';
import { PORTRAITS } from '../../../test/helpers/datasets';
import { TEST_PARAMS, usePipeline } from './pipeline-harness';

const pipeline = usePipeline();

test('the overlay shows the skin mask, the irises, the mesh and the season panel', async () => {
  const result = await runPipeline(
    PORTRAITS.frontal,
    TEST_PARAMS,
    pipeline.runtime,
    pipeline.runtime.meshMaps(),
    {},
    { overlay: true },
  );
  const overlay = await sharp(await encodeOverlayPng(result.overlay!))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: W, height: H } = overlay.info;
  expect(Math.max(W, H)).toBe(OVERLAY_MAX_SIDE);
  expect(overlay.info.channels).toBe(3);

  const image = await decodeImage(PORTRAITS.frontal, TEST_PARAMS);
  const photo = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(W, H)
    .raw()
    .toBuffer();
  const [face] = await pipeline.runtime.detectFaces(image);
  const scale = W / image.width;
  const at = (buf: Buffer, x: number, y: number) => {
    const i = (Math.round(y) * W + Math.round(x)) * 3;
    return [buf[i], buf[i + 1], buf[i + 2]];
  };
  const mean = (points: Array<[number, number]>, f: (rgb: number[]) => number, buf: Buffer) =>
    points.reduce((s, [x, y]) => s + f(at(buf, x, y)), 0) / points.length;

  // skin: 30 % towards green around the cheek landmark (the median pixel: mesh lines meet at the landmark itself)
  const [cx, cy] = [face.mesh[CHEEK_RIGHT][0] * scale, face.mesh[CHEEK_RIGHT][1] * scale];
  const patch = Array.from({ length: 81 }, (_, k): [number, number] => [cx - 4 + (k % 9), cy - 4 + Math.floor(k / 9)]);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  expect(median(patch.map(([x, y]) => at(overlay.data, x, y)[1] - at(photo, x, y)[1]))).toBeGreaterThan(10);
  expect(median(patch.map(([x, y]) => at(photo, x, y)[0] - at(overlay.data, x, y)[0]))).toBeGreaterThan(30);

  // irises: a cyan ring (blue minus red rises around the iris outline)
  for (const [centre, edge] of [
    [468, 469],
    [473, 474],
  ]) {
    const c = face.mesh[centre];
    const radius = Math.hypot(face.mesh[edge][0] - c[0], face.mesh[edge][1] - c[1]) * scale;
    const ring = Array.from({ length: 36 }, (_, k): [number, number] => [
      c[0] * scale + radius * Math.cos(k / 5.73),
      c[1] * scale + radius * Math.sin(k / 5.73),
    ]);
    const cyan = (rgb: number[]) => rgb[2] - rgb[0];
    expect(mean(ring, cyan, overlay.data) - mean(ring, cyan, photo)).toBeGreaterThan(30);
  }

  // the mesh: most pixels of the face box change
  const [bx, by, bw, bh] = result.face.box.map((v) => v * scale);
  let changed = 0;
  let total = 0;
  for (let y = Math.ceil(by); y < by + bh; y++) {
    for (let x = Math.ceil(bx); x < bx + bw; x++) {
      total++;
      if (at(overlay.data, x, y).some((v, k) => Math.abs(v - at(photo, x, y)[k]) > 3)) changed++;
    }
  }
  expect(changed / total).toBeGreaterThan(0.5);

  // the panel: the top-left corner is darkened behind the season text
  const corner = Array.from({ length: 100 }, (_, k): [number, number] => [
    10 + (k % 10) * 3,
    10 + Math.floor(k / 10) * 3,
  ]);
  const light = (rgb: number[]) => rgb[0] + rgb[1] + rgb[2];
  expect(mean(corner, light, overlay.data)).toBeLessThan(0.6 * mean(corner, light, photo));
});
