/**
 * The analysis pipeline: stages run in order, each timed; between stages the
 * caller is told the progress and may cancel. Pure of I/O except reading the
 * image file and the model runtime it is given.
 */
import { AppError } from '@face/errors';
import { decodeImage } from './decode';
import { computeGeometry } from './geometry';
import { computeColor } from './color';
import { seasonFeatureVector } from './color/season-recipe';
import { COLOUR_FEATURE_SET } from './color/undertone-calibration';
import { computeContext } from './context';
import type { FaceModels, MeshMaps } from './face-models/port';
import { drawDrape } from './drape';
import { drawOverlay, overlayBase } from './overlay';
import { computeTexture } from './texture';
import { selectFace } from './select-face';
import { detectFacesSymmetric } from './symmetric-detection';
import type { PipelineParams } from './params';
import type { PipelineResult, RgbImage, Stage } from './types';

export type { FaceModels, MeshMaps } from './face-models/port';

/** Attribute models also read the face's mirror image: averaging the two views steadies age and gender. */
export const ATTRIBUTE_MIRROR_VIEWS = true;

export interface PipelineOptions {
  /** also draw the overlay picture and the colour drape (raw RGB; `encodeOverlayPng` makes the PNGs) */
  overlay?: boolean;
}

export interface PipelineHooks {
  /** called when a stage starts, with the overall progress 0–100 */
  onStage?(stage: Stage, progress: number, timingsMs: PipelineResult['timingsMs']): void;
  /** checked at every stage boundary */
  isCancelled?(): boolean;
}

export class PipelineCancelled extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'PipelineCancelled';
  }
}

const PROGRESS: Record<'decode' | 'detect' | 'geometry' | 'texture' | 'color' | 'context', number> = {
  decode: 5,
  detect: 20,
  geometry: 55,
  texture: 65,
  color: 75,
  context: 85,
};

/** Fixed facts about the mesh layout, computed once per runtime. */

export async function runPipeline(
  input: Buffer | string,
  params: PipelineParams,
  models: FaceModels,
  { mirror, topology }: MeshMaps,
  hooks: PipelineHooks = {},
  options: PipelineOptions = {},
): Promise<PipelineResult> {
  const timingsMs: PipelineResult['timingsMs'] = {};
  async function stage<T>(name: keyof typeof PROGRESS, fn: () => Promise<T> | T): Promise<T> {
    if (hooks.isCancelled?.()) throw new PipelineCancelled();
    hooks.onStage?.(name, PROGRESS[name], { ...timingsMs });
    const t0 = performance.now();
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AppError && e.details === undefined) throw new AppError(e.code, e.message, { stage: name });
      throw e;
    } finally {
      timingsMs[name] = Math.round((performance.now() - t0) * 10) / 10;
    }
  }

  const image = await stage('decode', () => decodeImage(input, params));
  // sharp works in its own threads: the person mask's and the overlay's downscales run while faces are detected
  const pending = { mask: models.segmentPerson(image), overlayBase: options.overlay ? overlayBase(image) : null };
  for (const p of Object.values(pending)) p?.catch(() => undefined); // a photo without a face never awaits them
  const { selection, mask, faceCount } = await stage('detect', async () => {
    const faces = await detectFacesSymmetric(models, image, mirror);
    const selection = selectFace(faces, params.facePolicy, params.minFacePx);
    return { selection, mask: await pending.mask, faceCount: faces.length };
  });
  const geometry = await stage('geometry', () =>
    computeGeometry({ face: selection.face, image, personMask: mask, mirror }),
  );
  const { context: skin, ...texture } = await stage('texture', () =>
    computeTexture({ image, face: selection.face, topology, mirror }),
  );
  const { features, ...color } = await stage('color', () =>
    computeColor(skin, selection.face, mask, image, params.undertone.parameters),
  );
  const context = await stage('context', async () =>
    computeContext({
      image,
      face: selection.face,
      skin,
      mask,
      outputs: await models.describeFace(image, selection.face, { mirror: ATTRIBUTE_MIRROR_VIEWS }),
      models: params.ageGender,
      quality: params.quality,
    }),
  );
  if (hooks.isCancelled?.()) throw new PipelineCancelled();
  let overlay: RgbImage | undefined;
  if (pending.overlayBase) {
    const t0 = performance.now();
    overlay = await drawOverlay({
      image,
      face: selection.face,
      mask,
      features,
      color,
      triangulation: topology.triangles,
      base: await pending.overlayBase,
    });
    timingsMs.overlay = Math.round((performance.now() - t0) * 10) / 10;
  }
  let drape: RgbImage | undefined;
  const palette = color.values.palette as { best?: string[]; avoid?: string[] } | null | undefined;
  if (options.overlay && palette?.best?.[0] && palette.avoid?.[0]) {
    const t0 = performance.now();
    drape = drawDrape({ image, face: selection.face, mask, colours: [palette.best[0], palette.avoid[0]] });
    timingsMs.drape = Math.round((performance.now() - t0) * 10) / 10;
  }

  return {
    image: { width: image.width, height: image.height },
    face: {
      box: selection.face.box.map((v) => Math.round(v)) as PipelineResult['face']['box'],
      score: selection.face.score,
      count: faceCount,
    },
    groups: {
      geometry,
      texture,
      color: { values: color.values, nullReasons: color.nullReasons },
      context: { values: context.values, nullReasons: context.nullReasons },
    },
    warnings: [...selection.warnings, ...color.warnings, ...context.warnings],
    observation: {
      featureSet: context.observation.featureSet,
      features: context.observation.features,
      ageEstimate: context.values.age_estimate as number,
      maleProbability: context.values.gender_male_probability as number,
      undertone: typeof color.values.undertone === 'string' ? color.values.undertone : null,
      ageVersion: context.observation.ageVersion,
      genderVersion: context.observation.genderVersion,
      colourFeatureSet: COLOUR_FEATURE_SET,
      colourFeatures: seasonFeatureVector(features),
      undertoneVersion: params.undertone.version,
    },
    timingsMs,
    overlay,
    drape,
  };
}
