/** The face's own 2D frame in the image: origin at the nose bridge, u towards the subject's left cheek, v towards the chin. */
import { LM } from '../shared/landmarks';

export interface FaceFrame {
  origin: readonly number[];
  u: [number, number];
  v: [number, number];
  /** bizygomatic width, px */
  faceWidth: number;
}

export function faceFrame(mesh: ReadonlyArray<readonly number[]>): FaceFrame {
  const o = mesh[LM.nasion];
  const ax = [mesh[LM.zygionLeft][0] - mesh[LM.zygionRight][0], mesh[LM.zygionLeft][1] - mesh[LM.zygionRight][1]];
  const faceWidth = Math.hypot(ax[0], ax[1]);
  const u: [number, number] = [ax[0] / faceWidth, ax[1] / faceWidth];
  return { origin: o, u, v: [-u[1], u[0]], faceWidth };
}

/** (u, v) of an image point in the frame, in pixels. */
export function toFrame(f: FaceFrame, x: number, y: number): [number, number] {
  const dx = x - f.origin[0];
  const dy = y - f.origin[1];
  return [dx * f.u[0] + dy * f.u[1], dx * f.v[0] + dy * f.v[1]];
}
