export * from './data-source';
export * from './entities/analysis.entity';
export * from './entities/analysis-metrics.entity';
export * from './entities/profile.entity';
export * from './repositories/analysis.repository';
export * from './repositories/model-version.repository';
export * from './repositories/api-key.repository';
export * from './repositories/webhook.repository';
