/**
 * k-means for the skin-colour clusters (k = 3 on CIELAB). Hand-written because
 * the maintained library (ml-kmeans) ships as ESM only, which the CommonJS test
 * runtime cannot load; initialisation is deterministic (lightness quantiles),
 * so a photo always gives the same clusters.
 */
export interface Cluster {
  centre: [number, number, number];
  share: number;
}

export function kmeans3d(points: Float32Array, k: number, iterations = 20): Cluster[] {
  const n = points.length / 3;
  if (n < k) return [];
  // initial centres: points at evenly spaced lightness quantiles
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => points[3 * a] - points[3 * b]);
  const centres = Array.from({ length: k }, (_, c) => {
    const i = order[Math.floor(((c + 0.5) / k) * n)];
    return [points[3 * i], points[3 * i + 1], points[3 * i + 2]];
  });
  const label = new Int32Array(n);
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d =
          (points[3 * i] - centres[c][0]) ** 2 +
          (points[3 * i + 1] - centres[c][1]) ** 2 +
          (points[3 * i + 2] - centres[c][2]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (label[i] !== best) moved++;
      label[i] = best;
    }
    const sums = Array.from({ length: k }, () => [0, 0, 0, 0]);
    for (let i = 0; i < n; i++) {
      const s = sums[label[i]];
      s[0] += points[3 * i];
      s[1] += points[3 * i + 1];
      s[2] += points[3 * i + 2];
      s[3]++;
    }
    for (let c = 0; c < k; c++)
      if (sums[c][3] > 0) centres[c] = [sums[c][0] / sums[c][3], sums[c][1] / sums[c][3], sums[c][2] / sums[c][3]];
    if (it > 0 && moved === 0) break;
  }
  const counts = new Array(k).fill(0);
  for (let i = 0; i < n; i++) counts[label[i]]++;
  return centres
    .map((c, i) => ({ centre: c as [number, number, number], share: counts[i] / n }))
    .sort((a, b) => b.share - a.share);
}
