import { FEATURE_SET } from '@face/pipeline/models';
import { gramStats, solveRidge, standardiser } from './ridge';

describe('ridge regression', () => {
  // small fixed data: 12 rows of 3 features
  const X = Array.from({ length: 12 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 4) - 1.5]);
  const y = X.map(([a, b, c], i) => 2 * a - b + 0.5 * c + (i % 3) * 0.1);

  it('a weight of 2 counts a row as twice the same row', () => {
    const weights = X.map((_, i) => (i < 5 ? 2 : 1));
    const duplicated = [...X, ...X.slice(0, 5)];
    const s = standardiser(X);
    const weighted = gramStats(X, y, s, weights);
    const copied = gramStats(duplicated, [...y, ...y.slice(0, 5)], s);
    expect(weighted.n).toBe(17);
    expect(weighted.sy).toBeCloseTo(copied.sy, 10);
    const a = solveRidge(weighted, 0.5, s, FEATURE_SET);
    const b = solveRidge(copied, 0.5, s, FEATURE_SET);
    a.weights.forEach((w, i) => expect(w).toBeCloseTo(b.weights[i], 10));
    expect(a.bias).toBeCloseTo(b.bias, 10);
    // and differs from the unweighted fit
    const plain = solveRidge(gramStats(X, y, s), 0.5, s, FEATURE_SET);
    expect(Math.max(...plain.weights.map((w, i) => Math.abs(w - a.weights[i])))).toBeGreaterThan(1e-3);
  });
});
