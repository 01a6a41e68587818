import { DRAPE_GAP, DRAPE_PANEL, drawDrape } from './drape';
import type { DetectedFace } from './types';

/** A 600×800 photo, mid-grey, with a face box in its upper half and the chin at y = 400. */
function portrait() {
  const width = 600;
  const height = 800;
  const data = new Uint8Array(width * height * 3).fill(128);
  // the mesh spans the face: 160 px wide (220–380), from the forehead at 160 to the chin at 400
  const mesh = Array.from(
    { length: 478 },
    (_, i) =>
      [300 + 80 * Math.cos((2 * Math.PI * i) / 478), 280 + 120 * Math.sin((2 * Math.PI * i) / 478), 0] as [
        number,
        number,
        number,
      ],
  );
  mesh[152] = [300, 400, 0];
  const face: DetectedFace = { box: [220, 160, 160, 240], score: 0.99, mesh };
  return { image: { data, width, height }, face };
}

const pixel = (img: { data: Uint8Array; width: number }, x: number, y: number) =>
  Array.from(img.data.subarray(3 * (y * img.width + x), 3 * (y * img.width + x) + 3));

test('two panels: the cloth below the chin in the best colour (left) and the one to avoid (right); the face stays the photo', () => {
  const { image, face } = portrait();
  const drape = drawDrape({ image, face, mask: null, colours: ['#FF7F50', '#4169E1'] });
  expect([drape.width, drape.height]).toEqual([2 * DRAPE_PANEL.width + DRAPE_GAP, DRAPE_PANEL.height]);
  const bottom = DRAPE_PANEL.height - 5;
  const centre = DRAPE_PANEL.width / 2;
  expect(pixel(drape, centre, bottom)).toEqual([0xff, 0x7f, 0x50]);
  expect(pixel(drape, DRAPE_PANEL.width + DRAPE_GAP + centre, bottom)).toEqual([0x41, 0x69, 0xe1]);
  // the face (a third of the way down the panel) is the photo's grey in both panels
  expect(pixel(drape, centre, Math.round(DRAPE_PANEL.height / 3))).toEqual([128, 128, 128]);
  expect(pixel(drape, DRAPE_PANEL.width + DRAPE_GAP + centre, Math.round(DRAPE_PANEL.height / 3))).toEqual([
    128, 128, 128,
  ]);
  // the gap between the panels is white
  expect(pixel(drape, DRAPE_PANEL.width + DRAPE_GAP / 2, bottom)).toEqual([255, 255, 255]);
});

test('the shoulders the person mask finds are draped too', () => {
  const { image, face } = portrait();
  const mask = { data: new Float32Array(100 * 100).fill(1), width: 100, height: 100 };
  const withMask = drawDrape({ image, face, mask, colours: ['#FF7F50', '#4169E1'] });
  const without = drawDrape({ image, face, mask: null, colours: ['#FF7F50', '#4169E1'] });
  // a point at the panel's edge a little below the neckline: shoulders, cloth only where the mask says person
  const y = Math.round(DRAPE_PANEL.height * 0.8);
  expect(pixel(withMask, 2, y)).toEqual([0xff, 0x7f, 0x50]);
  expect(pixel(without, 2, y)).toEqual([128, 128, 128]);
});
