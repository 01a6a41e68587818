/** Percentiles and summaries for benchmark output. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export function summary(values: number[]): string {
  return `p50 ${fmt(percentile(values, 50))}  p95 ${fmt(percentile(values, 95))}  (n=${values.length})`;
}
