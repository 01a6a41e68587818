import { headLength } from './head-length';

/** A 100×100 person mask that is 1 from row `top` down, across the middle columns. */
function mask(top: number) {
  const data = new Float32Array(100 * 100);
  for (let y = Math.max(0, top); y < 100; y++) for (let x = 20; x < 80; x++) data[y * 100 + x] = 1;
  return { data, width: 100, height: 100 };
}

const image = { width: 200, height: 200 };
const box = [60, 60, 80, 80] as const;
const chin: [number, number] = [100, 150];

describe('crown-to-chin length from the person mask', () => {
  test('measures from the chin to the top of the head', () => {
    const len = headLength(mask(20), image, chin, 0, box);
    expect(typeof len).toBe('number');
    expect(len as number).toBeCloseTo(150 - 40, -1);
  });

  test('is null (crown_cut_off) when the head touches the top edge', () => {
    expect(headLength(mask(0), image, chin, 0, box)).toEqual({ reason: 'crown_cut_off' });
  });

  test('is null (head_not_segmented) without a mask or without a person at the face', () => {
    expect(headLength(null, image, chin, 0, box)).toEqual({ reason: 'head_not_segmented' });
    expect(headLength({ data: new Float32Array(10000), width: 100, height: 100 }, image, chin, 0, box)).toEqual({
      reason: 'head_not_segmented',
    });
  });
});
