/**
 * The stages' building blocks (`@face/pipeline/stages`), for the calibration scripts and validity harnesses
 * that measure one part of the pipeline on its own. The service runs the whole pipeline (`@face/pipeline`).
 */
export { faceShapeFeatures } from './geometry';
export { YAW_DRIFT } from './geometry/yaw-drift';
export { headPose, type HeadPose } from './shared/head-pose';
export { deltaE76, labToLinearRgb, linearRgbToLab } from './shared/colour-space';
export { cropFace } from './regions/face-crop';
export { buildRegions } from './regions/face-regions';
export { computeTexture, TONE_FACE_WIDTH } from './texture';
export { poreDensity, scaleSpace, wrinkleDensity } from './texture/fine-texture';
export { drawDots, drawLines, MM_PER_PX, SIZE, skinPatch } from './texture/synthetic-skin';
export { colourFeatures, type ColourFeatures } from './color/features';
export { chroma } from './color/convert';
export { TYPICAL_SCLERA_B } from './color/illuminant';
export { fitLda, ldaPosterior } from './color/lda';
export { GLASSES_BRIDGE_THRESHOLD } from './context';
export { glassesEvidence } from './context/glasses';
export { makeupContrasts, type MakeupContrasts } from './context/makeup';
