export * from './job-definition';
export * from './jobs';
export * from './queue-names';
export * from './registry';
