export * from './fit-age-gender';
export * from './metrics';
export { fitPlatt } from './logistic';
export * from './recalibrate';
