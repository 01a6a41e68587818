/**
 * The pipeline as the inference threads run it (`@face/pipeline`): the stages, their types and the pictures.
 * It loads no model runtime; that is `@face/pipeline/face-models`. Other entries: `/image` (photo checks,
 * all the API needs), `/types`, `/models` (fitted models), `/thread` (the inference thread's messages) and
 * `/stages` (building blocks for calibration scripts and harnesses).
 */
export * from './types';
export type { PipelineParams } from './params';
export { inspectImage, decodeImage, MIN_IMAGE_SIDE, type ImageInfo, type ImageLimits } from './decode';
export { computeGeometry } from './geometry';
export { mirrorMapFromUV, type MirrorMap } from './geometry/mirror-pairs';
export { runPipeline, PipelineCancelled, type FaceModels, type MeshMaps, type PipelineHooks } from './run-pipeline';
export { meshTopology, type MeshTopology } from './texture/curvature';
export { selectFace } from './select-face';
export { detectFacesSymmetric } from './symmetric-detection';
export { encodeOverlayPng, OVERLAY_MAX_SIDE } from './overlay';
export { DRAPE_GAP, DRAPE_PANEL } from './drape';
