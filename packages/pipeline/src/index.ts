/**
 * Light entry point: image checks, catalog-facing types and the pure stages.
 * The model runtime (heavy) is imported only by inference threads and scripts,
 * from '@face/pipeline/src/human/runtime'.
 */
export * from './types';
export type { PipelineParams } from './params';
export { inspectImage, decodeImage, MIN_IMAGE_SIDE, type ImageInfo, type ImageLimits } from './decode';
export { computeGeometry } from './geometry';
export { mirrorMapFromUV, type MirrorMap } from './geometry/mirror-pairs';
export { runPipeline, PipelineCancelled, type FaceModels, type MeshMaps, type PipelineHooks } from './run-pipeline';
export { meshTopology, type MeshTopology } from './texture/curvature';
export { selectFace } from './select-face';
export { encodeOverlayPng, OVERLAY_MAX_SIDE } from './overlay';
