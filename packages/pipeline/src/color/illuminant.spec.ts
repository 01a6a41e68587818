/**
 * The light from the whites of the eyes, pinned on colours with a known light:
 * the typical sclera reads no cast and daylight's temperature; the same sclera
 * under a 3200 K lamp reads 3200 K; discounting takes off exactly the share of
 * the light it says.
 */
import { discount, estimateIlluminant, STRONG_CAST, TYPICAL_SCLERA, TYPICAL_SCLERA_B } from './illuminant';
import { confidenceUnderLight } from './season';
import { SCLERA_WB_WEIGHT, undertoneB } from './season-recipe';
import { labToLinearRgb, linearRgbToLab } from '../shared/colour-space';

/** CIE 1931 xy → linear sRGB of that light's white (Y = 1). */
const white = ([x, y]: [number, number]) => {
  const [X, Y, Z] = [x / y, 1, (1 - x - y) / y];
  return [
    3.2406 * X - 1.5372 * Y - 0.4986 * Z,
    -0.9689 * X + 1.8758 * Y + 0.0415 * Z,
    0.0557 * X - 0.204 * Y + 1.057 * Z,
  ];
};
// Planckian 3200 K (Kang et al. 2002) and D65
const LAMP_3200 = white([0.42318, 0.39908]);
const D65 = white([0.31271, 0.32902]);

/** A sclera of the typical colour, as a photo balanced for D65 records it under a light whose white is `light`. */
const scleraUnder = (light: number[]) => {
  const typical = [TYPICAL_SCLERA[0] * 0.6, 0.6, TYPICAL_SCLERA[1] * 0.6];
  return linearRgbToLab(typical.map((v, k) => (v * light[k]) / D65[k]));
};

test('the typical sclera reads no cast, and daylight', () => {
  const light = estimateIlluminant(scleraUnder(D65))!;
  expect(light.gains.map((g) => Math.round(g * 1e6) / 1e6)).toEqual([1, 1, 1]);
  expect(light.cast).toBeCloseTo(0, 6);
  expect(Math.abs(light.cct - 6504)).toBeLessThan(10); // McCamy on D65
});

test('a sclera under a 3200 K lamp reads 3200 K and a strong cast; warmer light is lower', () => {
  const light = estimateIlluminant(scleraUnder(LAMP_3200))!;
  expect(Math.abs(light.cct - 3200)).toBeLessThan(30);
  expect(light.gains[0]).toBeGreaterThan(1.3); // red up, blue down: a warm light
  expect(light.gains[2]).toBeLessThan(0.6);
  expect(light.cast).toBeGreaterThan(0.5);
});

test('discounting takes off the stated share of the light, in linear sRGB', () => {
  const light = estimateIlluminant(scleraUnder(LAMP_3200))!;
  const skinUnderD65 = [70, 12, 18];
  const lit = linearRgbToLab(labToLinearRgb(skinUnderD65).map((v, k) => v * light.gains[k]));
  // all of it: back to the colour under the typical light
  // (to 1e-3: the two sRGB matrices are inverses to five digits)
  discount(lit, light, 1).forEach((v, k) => expect(v).toBeCloseTo(skinUnderD65[k], 3));
  // half of it: the channels stand halfway between, in log terms
  const half = labToLinearRgb(discount(lit, light, 0.5));
  const [under, original] = [labToLinearRgb(lit), labToLinearRgb(skinUnderD65)];
  half.forEach((v, k) => expect(Math.log(v)).toBeCloseTo((Math.log(under[k]) + Math.log(original[k])) / 2, 3));
  // none of it: unchanged
  discount(lit, light, 0).forEach((v, k) => expect(v).toBeCloseTo(lit[k], 3));
});

test('no sclera, no estimate', () => {
  expect(estimateIlluminant(null)).toBeNull();
});

test('under a strong cast the season is less certain, 90 % of the way to chance at three times the threshold; a mild cast changes nothing', () => {
  const strong = estimateIlluminant(scleraUnder(LAMP_3200))!;
  expect(strong.cast).toBeGreaterThan(STRONG_CAST);
  const at = (cast: number) => confidenceUnderLight(0.85, { ...strong, cast });
  expect(confidenceUnderLight(0.85, null)).toBe(0.85);
  expect(at(STRONG_CAST / 2)).toBe(0.85);
  expect(at(STRONG_CAST)).toBeCloseTo(0.85, 12);
  expect(at(2 * STRONG_CAST)).toBeCloseTo(0.25 + 0.55 * 0.6, 12);
  expect(at(3 * STRONG_CAST)).toBeCloseTo(0.25 + 0.1 * 0.6, 12);
  expect(at(10 * STRONG_CAST)).toBeCloseTo(0.25 + 0.1 * 0.6, 12);
  expect(confidenceUnderLight(0.85, strong)).toBeLessThan(0.85);
});

test('with no sclera the light is unknown: the confidence moves by the fitted share towards chance, and a share of 0 leaves it', () => {
  expect(confidenceUnderLight(0.85, null, 0.53)).toBeCloseTo(0.25 + 0.47 * 0.6, 12);
  expect(confidenceUnderLight(0.85, null, 1)).toBeCloseTo(0.25, 12);
  // a confidence below chance rises towards it, it is not pushed further down
  expect(confidenceUnderLight(0.1, null, 0.5)).toBeCloseTo(0.175, 12);
});

test('undertone_b without a sclera takes the typical sclera, not none: the same skin reads the same undertone', () => {
  const skin: [number, number, number] = [68, 11, 17];
  const withTypicalEyes = undertoneB({ skin, sclera: [80, 0, TYPICAL_SCLERA_B] } as never);
  const withoutEyes = undertoneB({ skin, sclera: null } as never);
  expect(withoutEyes).toBeCloseTo(withTypicalEyes, 12);
  expect(withoutEyes).toBeCloseTo(17 - SCLERA_WB_WEIGHT * TYPICAL_SCLERA_B, 12);
});
