import { catalog, columnType, flatKey } from '@face/catalog';
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';

/** One row per completed analysis; a column per catalog metric, named by its flat key. */
export interface AnalysisMetricsRow {
  analysis_id: string;
  null_reasons: Record<string, string>;
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
    created_at: { type: 'timestamptz', createDate: true },
    ...metricColumns,
  },
});
