/**
 * Mirror partners of the mesh landmarks, derived from the mesh's UV map, which
 * is symmetric about u = 0.5 (the canonical face is left-right symmetric).
 */
export type MirrorMap = Int32Array;

export function mirrorMapFromUV(uv: ReadonlyArray<readonly [number, number]>): MirrorMap {
  const map = new Int32Array(uv.length).fill(-1);
  for (let i = 0; i < uv.length; i++) {
    const [u, v] = uv[i];
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < uv.length; j++) {
      const d = Math.hypot(1 - uv[j][0] - u, uv[j][1] - v);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    // partners must be mutual and close; midline points map to themselves
    if (bestD < 0.01) map[i] = best;
  }
  for (let i = 0; i < map.length; i++) if (map[i] >= 0 && map[map[i]] !== i) map[i] = -1;
  return map;
}
