import prand from 'pure-rand';
import { identityConsistency, identityGroups, type LabelledFeatures } from './color-calibration';

/** A photo whose only measured property is its face descriptor. */
const photo = (file: string, descriptor?: number[]) =>
  ({ file, season: 'spring', tone: 'warm', descriptor }) as LabelledFeatures;

describe('identityGroups', () => {
  const rng = prand.xoroshiro128plus(20261123);
  const gaussian = () => {
    const u = (prand.unsafeUniformIntDistribution(1, 1_000_000, rng) / 1_000_001) * 2 * Math.PI;
    const r = Math.sqrt(-2 * Math.log(prand.unsafeUniformIntDistribution(1, 1_000_000, rng) / 1_000_001));
    return r * Math.cos(u);
  };
  const person = () => Array.from({ length: 64 }, gaussian);
  const anotherPhotoOf = (face: number[]) => face.map((v) => v + 0.3 * gaussian());

  test('photos of one person share a group; other people get their own', () => {
    const [a, b, c] = [person(), person(), person()];
    const rows = [
      photo('a1', a),
      photo('b1', b),
      photo('a2', anotherPhotoOf(a)),
      photo('c1', c),
      photo('b2', anotherPhotoOf(b)),
      photo('a3', anotherPhotoOf(a)),
    ];
    const g = identityGroups(rows);
    expect(g[0]).toBe(g[2]);
    expect(g[0]).toBe(g[5]);
    expect(g[1]).toBe(g[4]);
    expect(new Set(g).size).toBe(3);
    expect(new Set([g[0], g[1], g[3]]).size).toBe(3);
  });

  test('a photo measured without a descriptor is named, not silently grouped', () => {
    expect(() => identityGroups([photo('x', person()), photo('no-descriptor.jpg')])).toThrow('no-descriptor.jpg');
  });
});

describe('identityConsistency', () => {
  const measured = (file: string, season: string, tone: string, skin: [number, number, number]) =>
    ({ file, season, tone, skin }) as LabelledFeatures;

  test('counts label agreement and skin distance within each person, and distance between people', () => {
    const rows = [
      measured('a1', 'spring', 'warm', [70, 10, 20]),
      measured('a2', 'fall', 'warm', [70, 10, 23]), // same person, other season: tone agrees, season does not
      measured('a3', 'spring', 'warm', [74, 10, 20]),
      measured('b1', 'winter', 'cool', [60, 10, 20]),
    ];
    const c = identityConsistency(rows, [0, 0, 0, 1]);
    expect(c.pairs).toBe(3); // a1–a2, a1–a3, a2–a3
    expect(c.seasonAgreement).toBeCloseTo(1 / 3); // only a1–a3
    expect(c.toneAgreement).toBe(1);
    expect(c.skinDistanceSamePerson).toBeCloseTo((3 + 4 + 5) / 3);
    expect(c.skinDistanceBetweenPeople).toBeCloseTo((10 + Math.hypot(10, 3) + 14) / 3);
  });
});
