export * from './names';
export * from './payloads';
export * from './policies';
export * from './registry';
