/**
 * The colour measurements personal colour is judged on: skin (mean, dominant
 * k-means cluster, ITA°, hue), iris, sclera and hair.
 */
import type { SkinContext } from '../regions/skin-context';
import type { DetectedFace, PersonMask } from '../types';
import { chroma, hueAngle } from './convert';
import { eyeColours } from './eye-color';
import { hairColour, type HairColour } from './hair-color';
import { kmeans3d, type Cluster } from './kmeans';
import { LIPS, MOUTH_OPENING } from '../regions/landmark-sets';
import { fillPolygon } from '../regions/raster';
import { median } from '../shared/statistics';
import { srgbToLab } from '../shared/colour-space';

export interface ColourFeatures {
  skin: [number, number, number];
  clusters: Cluster[];
  /** the dominant cluster */
  dominant: [number, number, number];
  ita: number;
  hue: number;
  chroma: number;
  iris: [number, number, number] | null;
  sclera: [number, number, number] | null;
  hair: HairColour | null;
  /** lip colour (outer lip outline minus the mouth opening) */
  lips: [number, number, number] | null;
  /** background (outside the person mask), a possible white-balance reference */
  background: [number, number, number] | null;
}

/** Most skin pixels the clustering looks at (evenly strided), for a bounded cost. */
const MAX_CLUSTER_SAMPLES = 2000;

export function colourFeatures(
  skinCtx: SkinContext,
  face: DetectedFace,
  mask: PersonMask | null,
  imageSize: { width: number; height: number },
): ColourFeatures {
  const { lab, clean, crop } = skinCtx;
  let n = 0;
  for (let i = 0; i < clean.length; i++) n += clean[i];
  const stride = Math.max(1, Math.floor(n / MAX_CLUSTER_SAMPLES));
  const samples = new Float32Array(Math.ceil(n / stride) * 3);
  const sum = [0, 0, 0];
  let k = 0;
  let seen = 0;
  for (let i = 0; i < clean.length; i++) {
    if (!clean[i]) continue;
    sum[0] += lab.L[i];
    sum[1] += lab.a[i];
    sum[2] += lab.b[i];
    if (seen++ % stride === 0 && k < samples.length) {
      samples[k++] = lab.L[i];
      samples[k++] = lab.a[i];
      samples[k++] = lab.b[i];
    }
  }
  const skin = sum.map((v) => v / n) as [number, number, number];
  const clusters = kmeans3d(samples.subarray(0, k), 3);
  const dominant = clusters[0]?.centre ?? skin;
  const eyes = eyeColours(crop.mesh, lab);
  return {
    skin,
    clusters,
    dominant,
    ita: (Math.atan2(skin[0] - 50, skin[2]) * 180) / Math.PI,
    hue: hueAngle(skin[1], skin[2]),
    chroma: chroma(skin[1], skin[2]),
    iris: eyes.iris,
    sclera: eyes.sclera,
    hair: mask ? hairColour(mask, face, imageSize, skin) : null,
    lips: lipColour(crop.mesh, lab),
    background: mask ? backgroundColour(mask) : null,
  };
}

/** Median colour of the clearly-background pixels; null when the person fills the photo. */
function backgroundColour(mask: PersonMask): [number, number, number] | null {
  if (!mask.rgb) return null;
  const planes: number[][] = [[], [], []];
  for (let i = 0; i < mask.data.length; i += 2) {
    if (mask.data[i] > 0.1) continue;
    srgbToLab(mask.rgb[3 * i], mask.rgb[3 * i + 1], mask.rgb[3 * i + 2]).forEach((v, k) => planes[k].push(v));
  }
  return planes[0].length >= 500 ? (planes.map((p) => median(p)) as [number, number, number]) : null;
}

function lipColour(mesh: ReadonlyArray<readonly number[]>, lab: SkinContext['lab']): [number, number, number] | null {
  const { width: w, height: h } = lab;
  const lips = new Uint8Array(w * h);
  fillPolygon(
    lips,
    w,
    h,
    LIPS.map((j) => [mesh[j][0], mesh[j][1]] as const),
  );
  fillPolygon(
    lips,
    w,
    h,
    MOUTH_OPENING.map((j) => [mesh[j][0], mesh[j][1]] as const),
    0,
  );
  const planes: number[][] = [[], [], []];
  for (let i = 0; i < lips.length; i++) if (lips[i]) [lab.L, lab.a, lab.b].forEach((p, k) => planes[k].push(p[i]));
  return planes[0].length >= 20 ? (planes.map((p) => median(p)) as [number, number, number]) : null;
}
