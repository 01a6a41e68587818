/**
 * The fitted models the pipeline reads and their parameter layouts (`@face/pipeline/models`): the age and
 * gender corrections, the undertone calibration and the season model, with the seed versions a new deployment
 * starts from. The worker loads active versions of them; @face/calibration refits them.
 */
export * from './context/age-gender-model';
export * from './context/seed-models';
export * from './color/undertone-calibration';
export * from './color/season';
export * from './color/season-recipe';
export { SEASON_MODEL } from './color';
export { standaloneParams } from './standalone-params';
