export * from './fit-age-gender';
export * from './fit-undertone';
export * from './metrics';
export { fitPlatt } from './logistic';
export * from './recalibrate';
