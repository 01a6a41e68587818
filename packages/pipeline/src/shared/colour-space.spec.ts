import { deltaE76, lightness, srgbToLab } from './colour-space';

describe('sRGB → CIELAB (D65)', () => {
  test.each([
    [
      [255, 255, 255],
      [100, 0, 0],
    ],
    [
      [0, 0, 0],
      [0, 0, 0],
    ],
    [
      [255, 0, 0],
      [53.24, 80.09, 67.2],
    ],
    [
      [0, 255, 0],
      [87.73, -86.18, 83.18],
    ],
    [
      [0, 0, 255],
      [32.3, 79.19, -107.86],
    ],
    [
      [128, 128, 128],
      [53.59, 0, 0],
    ],
  ])('%p → %p', (rgb, lab) => {
    const out = srgbToLab(rgb[0], rgb[1], rgb[2]);
    out.forEach((v, i) => expect(v).toBeCloseTo(lab[i], 1));
  });

  test('lightness agrees with the full conversion', () => {
    for (const [r, g, b] of [
      [12, 200, 77],
      [250, 180, 160],
      [90, 60, 40],
    ]) {
      expect(lightness(r, g, b)).toBeCloseTo(srgbToLab(r, g, b)[0], 6);
    }
  });
});

describe('ΔE*ab (CIE 1976)', () => {
  test('is the Euclidean distance in CIELAB (Sharma et al. 2005, pair 1: ΔE*ab 4.0011)', () => {
    expect(deltaE76([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(4.0011, 4);
    expect(deltaE76([100, 0, 0], [0, 0, 0])).toBe(100);
  });
});
