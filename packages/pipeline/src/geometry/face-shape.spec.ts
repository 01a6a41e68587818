import { POPULATION, SHAPES, classifyFaceShape } from './face-shape';

const fromZ = (z: number[]) => {
  const [lengthWidth, foreheadCheek, jawCheek, jawAngle] = z.map((v, k) => POPULATION.mean[k] + v * POPULATION.sd[k]);
  return { lengthWidth, foreheadCheek, jawCheek, jawAngle };
};

describe('face shape', () => {
  test('scores are a probability distribution over the six shapes', () => {
    const { scores, confidence, shape } = classifyFaceShape(fromZ([0, 0, 0, 0]));
    expect(Object.keys(scores).sort()).toEqual([...SHAPES].sort());
    expect(Object.values(scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(confidence).toBe(scores[shape]);
  });

  test.each([
    ['oblong', [2.5, 0, 0, 0]],
    ['round', [-2, 0, 1, 2]],
    ['square', [-1.5, 0.5, 2, -2]],
    ['heart', [0, 2, -2, 0.5]],
    ['diamond', [0, -2, -1.5, 0]],
  ])('a clearly %s face is classified so', (expected, z) => {
    expect(classifyFaceShape(fromZ(z as number[])).shape).toBe(expected);
  });

  test('a longer face is never rounder', () => {
    const round = (l: number) => classifyFaceShape(fromZ([l, 0, 0.5, 1])).scores.round;
    expect(round(-1)).toBeGreaterThan(round(0));
    expect(round(0)).toBeGreaterThan(round(1));
  });
});
