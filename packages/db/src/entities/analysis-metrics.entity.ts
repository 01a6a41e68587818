import { catalog, columnType, flatKey } from '@face/catalog';
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';

/** One row per completed analysis; a column per catalog metric, named by its flat key. */
export interface AnalysisMetricsRow {
  analysis_id: string;
  null_reasons: Record<string, string>;
  /** percentiles of the normed metrics among the person's cohort (null until norms existed for it) */
  percentiles: { values: Record<string, number | null>; reasons: Record<string, string> } | null;
  percentile_basis: { age_band: string; gender: string; source: string; norms_version: string } | null;
  created_at: Date;
  [flatKey: string]: unknown;
}

const metricColumns: Record<string, EntitySchemaColumnOptions> = Object.fromEntries(
  catalog.map((m) => [flatKey(m), { type: columnType(m), nullable: true }]),
);

export const AnalysisMetricsEntity = new EntitySchema<AnalysisMetricsRow>({
  name: 'AnalysisMetrics',
  tableName: 'analysis_metrics',
  columns: {
    analysis_id: { type: 'uuid', primary: true },
    null_reasons: { type: 'jsonb' },
    percentiles: { type: 'jsonb', nullable: true },
    percentile_basis: { type: 'jsonb', nullable: true },
    created_at: { type: 'timestamptz', createDate: true },
    ...metricColumns,
  },
});
