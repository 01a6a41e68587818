/**
 * The mesh model's depth (z) is in the model's own input units: it does not
 * grow with the photo while x and y are image pixels. Anything that mixes z
 * with x/y (surface curvature, head pose) first puts depth on the image scale
 * by normalising its spread to DEPTH_SD_RATIO × face width, so the result is
 * the same for the same face at any photo size.
 */
import { LM } from './landmarks';

/** Standard deviation of depth over the mesh, as a fraction of face width (≈ a real face's). */
export const DEPTH_SD_RATIO = 0.12;

type P3 = readonly number[];

/** Mean raw depth and the factor that puts (z − mean) on the image's pixel scale. */
export function depthScale(mesh: ReadonlyArray<P3>, sdRatio = DEPTH_SD_RATIO): { mean: number; scale: number } {
  const faceWidth = Math.hypot(
    mesh[LM.zygionRight][0] - mesh[LM.zygionLeft][0],
    mesh[LM.zygionRight][1] - mesh[LM.zygionLeft][1],
  );
  const n = Math.min(468, mesh.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += mesh[i][2];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (mesh[i][2] - mean) ** 2;
  const sd = Math.sqrt(ss / n) || 1;
  return { mean, scale: (sdRatio * faceWidth) / sd };
}
