/** Accuracy measures of age and gender estimates (what bench:accuracy prints and model versions store). */
export interface AgeMetrics {
  n: number;
  mae: number;
  /** mean signed error (estimate − truth) */
  bias: number;
  /** share of estimates within 5 years */
  cs5: number;
  /** MAE by decade of true age, e.g. "20s" */
  maeByDecade: Record<string, { n: number; mae: number }>;
}

export interface GenderMetrics {
  n: number;
  accuracy: number;
  accuracyFemale: number;
  accuracyMale: number;
  /** mean negative log-likelihood of the declared gender (how well calibrated P(male) is) */
  logLoss: number;
}

export function ageMetrics(pairs: ReadonlyArray<{ truth: number; estimate: number }>): AgeMetrics {
  const byDecade: Record<string, { n: number; sum: number }> = {};
  let abs = 0,
    signed = 0,
    within = 0;
  for (const { truth, estimate } of pairs) {
    const e = estimate - truth;
    abs += Math.abs(e);
    signed += e;
    if (Math.abs(e) <= 5) within++;
    const decade = `${Math.min(90, Math.floor(truth / 10) * 10)}s`;
    byDecade[decade] ??= { n: 0, sum: 0 };
    byDecade[decade].n++;
    byDecade[decade].sum += Math.abs(e);
  }
  const n = pairs.length;
  const maeByDecade = Object.fromEntries(
    Object.entries(byDecade)
      .sort(([a], [b]) => parseInt(a) - parseInt(b))
      .map(([k, v]) => [k, { n: v.n, mae: v.sum / v.n }]),
  );
  return { n, mae: abs / n, bias: signed / n, cs5: within / n, maeByDecade };
}

export function genderMetrics(pairs: ReadonlyArray<{ male: 0 | 1; pMale: number }>): GenderMetrics {
  const acc = (ps: typeof pairs) =>
    ps.filter((p) => (p.pMale >= 0.5 ? 1 : 0) === p.male).length / Math.max(1, ps.length);
  return {
    n: pairs.length,
    accuracy: acc(pairs),
    accuracyFemale: acc(pairs.filter((p) => p.male === 0)),
    accuracyMale: acc(pairs.filter((p) => p.male === 1)),
    logLoss:
      pairs.reduce((s, p) => s - Math.log(Math.max(1e-9, p.male ? p.pMale : 1 - p.pMale)), 0) /
      Math.max(1, pairs.length),
  };
}
