/**
 * Skin regions from the face mesh (METRICS.md): the skin mask (face oval
 * minus eyes, brows, lips and nostrils, with margins), forehead, T-zone,
 * under-eye bands, cheek references and crow's-feet zones.
 */
import type { Point2 } from '../shared/vec';
import { LM } from '../shared/landmarks';
import * as S from './landmark-sets';
import { NO_ROWS, convexHull, fillDisc, fillPolygon, joinRows, scalePolygon, type Mask, type RowSpan } from './raster';

export interface FaceRegions {
  width: number;
  height: number;
  /** the whole face oval (every other region lies inside it) */
  oval: Mask;
  skin: Mask;
  forehead: Mask;
  tZone: Mask;
  underEye: [right: Mask, left: Mask];
  cheek: [right: Mask, left: Mask];
  crowsFeet: Mask;
}

export function buildRegions(mesh: ReadonlyArray<readonly number[]>, width: number, height: number): FaceRegions {
  const p = (i: number): Point2 => [mesh[i][0], mesh[i][1]];
  const poly = (ids: readonly number[]) => ids.map(p);
  const faceWidth = Math.hypot(
    mesh[LM.zygionRight][0] - mesh[LM.zygionLeft][0],
    mesh[LM.zygionRight][1] - mesh[LM.zygionLeft][1],
  );
  const newMask = () => new Uint8Array(width * height);
  const fill = (mask: Mask, pts: ReadonlyArray<Point2>, v = 1) => fillPolygon(mask, width, height, pts, v);

  const oval = newMask();
  fill(oval, poly(S.FACE_OVAL));
  // the skin mask's oval is pulled in a little: its edge mixes skin with hair and background
  const inner = newMask();
  fill(inner, scalePolygon(poly(S.FACE_OVAL), 0.94));

  const skin = inner;
  for (const eye of [S.EYE_RIGHT, S.EYE_LEFT]) fill(skin, scalePolygon(poly(eye), 1.8), 0);
  for (const brow of [S.BROW_RIGHT, S.BROW_LEFT]) fill(skin, scalePolygon(poly(brow), 1.35), 0);
  fill(skin, scalePolygon(poly(S.LIPS), 1.15), 0);
  fill(skin, scalePolygon(convexHull(poly(S.NOSTRIL_HULL)), 1.1), 0);

  // regions are small next to the crop: intersections and unions walk only the rows a shape covers
  const within = (shape: Mask, base: Mask, rows: RowSpan) => {
    for (let i = rows.first * width, end = (rows.last + 1) * width; i < end; i++) shape[i] &= base[i];
    return shape;
  };
  const region = (ids: readonly number[], base: Mask) => {
    const m = newMask();
    const rows = fill(m, poly(ids));
    return { mask: within(m, base, rows), rows };
  };

  const forehead = region(S.FOREHEAD, skin);
  const tZone = region(S.NOSE, skin).mask;
  for (let i = forehead.rows.first * width, end = (forehead.rows.last + 1) * width; i < end; i++)
    tZone[i] |= forehead.mask[i];

  // under the eye the band touches the lid, so it gets a narrower exclusion than the skin mask
  const underEye = [S.UNDER_EYE_RIGHT, S.UNDER_EYE_LEFT].map((ids, k) => {
    const { mask } = region(ids, oval);
    fill(mask, scalePolygon(poly(k === 0 ? S.EYE_RIGHT : S.EYE_LEFT), 1.15), 0);
    return mask;
  }) as [Mask, Mask];

  const cheek = [S.CHEEK_RIGHT, S.CHEEK_LEFT].map((i) => {
    const m = newMask();
    return within(m, skin, fillDisc(m, width, height, p(i), faceWidth * 0.07));
  }) as [Mask, Mask];

  const crowsFeet = newMask();
  let crowsRows = NO_ROWS;
  for (const [outer, inner, eye] of [
    [LM.eyeOuterRight, LM.eyeInnerRight, S.EYE_RIGHT],
    [LM.eyeOuterLeft, LM.eyeInnerLeft, S.EYE_LEFT],
  ] as const) {
    const o = p(outer);
    const i = p(inner);
    crowsRows = joinRows(
      crowsRows,
      fillDisc(crowsFeet, width, height, [o[0] + (o[0] - i[0]) * 0.55, o[1] + (o[1] - i[1]) * 0.55], faceWidth * 0.08),
    );
    fill(crowsFeet, scalePolygon(poly(eye), 1.3), 0);
  }
  return {
    width,
    height,
    oval,
    skin,
    forehead: forehead.mask,
    tZone,
    underEye,
    cheek,
    crowsFeet: within(crowsFeet, oval, crowsRows),
  };
}
