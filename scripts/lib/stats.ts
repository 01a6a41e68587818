/** Percentiles, correlations and summaries for benchmark output. */
import { linearRegression, sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Pearson's correlation of two equally long series (NaN for fewer than two pairs). */
export const pearson = (a: number[], b: number[]): number => (a.length < 2 ? NaN : sampleCorrelation(a, b));

/** Spearman's rank correlation (ties get their mean rank). */
export const spearman = (a: number[], b: number[]): number => (a.length < 2 ? NaN : sampleRankCorrelation(a, b));

/** Least-squares slope of y on x. */
export const slope = (x: number[], y: number[]): number => linearRegression(x.map((v, i) => [v, y[i]])).m;

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export function summary(values: number[]): string {
  return `p50 ${fmt(percentile(values, 50))}  p95 ${fmt(percentile(values, 95))}  (n=${values.length})`;
}
