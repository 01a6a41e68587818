/** Shared data shapes passed between pipeline stages (plain data, transferable to threads). */
import type { Warning } from '@face/errors';

export interface RgbImage {
  /** 8-bit sRGB, 3 channels, row-major */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface DetectedFace {
  /** [x, y, width, height] in pixels */
  box: [number, number, number, number];
  score: number;
  /** 478 points [x, y, z] in pixels (z on the same scale as x, relative) */
  mesh: Array<[number, number, number]>;
}

/** Person probability mask at the segmentation model's resolution, 0..1. */
export interface PersonMask {
  data: Float32Array;
  width: number;
  height: number;
  /** the photo resampled to the mask's size (8-bit sRGB), for colours inside the mask */
  rgb?: Uint8Array;
}

export type Stage = 'decode' | 'detect' | 'geometry' | 'texture' | 'color' | 'context' | 'persist';

/** A metric value; null comes with a reason. Structured metrics (clusters, palette) are plain JSON. */
export type MetricValue = number | string | null | JsonObject | JsonObject[];
export interface JsonObject {
  [key: string]: number | string | boolean | null | JsonObject | Array<number | string | JsonObject>;
}

export interface GroupResult {
  values: Record<string, MetricValue>;
  nullReasons: Record<string, string>;
}

/** Raw model outputs and estimates of one face, stored for calibration (SPEC §8). */
export interface FaceObservation {
  /** layout of `features` (FEATURE_SET): a model is refitted only on observations of its own layout */
  featureSet: string;
  features: number[];
  ageEstimate: number;
  maleProbability: number;
  undertone: string | null;
  ageVersion: string;
  genderVersion: string;
  /** layout of `colourFeatures` (COLOUR_FEATURE_SET): the undertone calibration is refitted only on its own layout */
  colourFeatureSet: string;
  /** the season model's inputs (seasonFeatureVector), null where not measured */
  colourFeatures: Array<number | null>;
  undertoneVersion: string;
}

export interface PipelineResult {
  image: { width: number; height: number };
  face: { box: [number, number, number, number]; score: number; count: number };
  groups: { geometry: GroupResult; texture: GroupResult; color: GroupResult; context: GroupResult };
  warnings: Warning[];
  /** raw model outputs and estimates kept for calibration (SPEC §8) */
  observation: FaceObservation;
  /** per stage, plus `overlay` when the picture was drawn */
  timingsMs: Partial<Record<Stage | 'overlay' | 'drape', number>>;
  /** the overlay picture, drawn but not encoded (see encodeOverlayPng) */
  overlay?: RgbImage;
  /** the colour drape (drape.ts), drawn with the overlay when the result has a palette */
  drape?: RgbImage;
}
