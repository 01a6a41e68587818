/** The TypeORM DataSource: migrations only (never synchronize). */
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { AnalysisMetricsEntity } from './entities/analysis-metrics.entity';
import { AnalysisEntity } from './entities/analysis.entity';
import { ProfileEntity } from './entities/profile.entity';

export interface DataSourceOptions {
  url: string;
  /** pool size; default 10 */
  poolSize?: number;
  /** connect timeout, ms; default 5000 */
  connectTimeoutMs?: number;
  applicationName?: string;
}

export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: [AnalysisEntity, ProfileEntity, AnalysisMetricsEntity],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'face-analysis',
    extra: { connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000, query_timeout: 30000 },
  });
}

/** Initialise and bring the schema up to date. */
export async function openDatabase(opts: DataSourceOptions & { migrate?: boolean }): Promise<DataSource> {
  const ds = createDataSource(opts);
  await ds.initialize();
  if (opts.migrate !== false) await migrate(ds);
  return ds;
}

/** Any number of processes may start at once: an advisory lock lets one migrate while the others wait. */
const MIGRATION_LOCK = 7_283_001;
async function migrate(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
