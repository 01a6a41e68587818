/** One-dimensional logistic regression (Newton's method): Platt scaling of a score into a probability. */
export function fitPlatt(
  scores: readonly number[],
  labels: readonly (0 | 1)[],
  iterations = 50,
): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    let ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0;
    for (let i = 0; i < scores.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * scores[i] + b)));
      const e = p - labels[i];
      const w = Math.max(p * (1 - p), 1e-9);
      ga += e * scores[i];
      gb += e;
      haa += w * scores[i] * scores[i];
      hab += w * scores[i];
      hbb += w;
    }
    // a small ridge on the Hessian keeps separable data from diverging
    haa += 1e-6;
    hbb += 1e-6;
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
