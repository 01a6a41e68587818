/**
 * Surface shape from the 3D face mesh: a discrete mean curvature per vertex
 * (umbrella operator along the vertex normal), scale-normalised by face width,
 * so it is unitless. Depth is first put on the image scale (geometry/depth.ts);
 * the values describe shape between faces rather than absolute millimetre curvature.
 */
import { depthScale } from '../shared/mesh-depth';
import { FACE_OVAL, FOREHEAD } from '../regions/landmark-sets';
import { LM } from '../shared/landmarks';

type P3 = readonly [number, number, number] | readonly number[];

export interface MeshTopology {
  /** neighbours of each of the 468 vertices */
  neighbours: number[][];
  /** triangles incident to each vertex (indices into the triangle list / 3) */
  triangles: Int32Array;
  incident: number[][];
}

export function meshTopology(triangulation: ReadonlyArray<number>): MeshTopology {
  const neighbours = Array.from({ length: 468 }, () => new Set<number>());
  const incident: number[][] = Array.from({ length: 468 }, () => []);
  for (let t = 0; t < triangulation.length; t += 3) {
    const [a, b, c] = [triangulation[t], triangulation[t + 1], triangulation[t + 2]];
    for (const [u, v] of [
      [a, b],
      [b, c],
      [c, a],
    ]) {
      neighbours[u].add(v);
      neighbours[v].add(u);
    }
    for (const v of [a, b, c]) incident[v].push(t / 3);
  }
  return { neighbours: neighbours.map((s) => [...s]), triangles: Int32Array.from(triangulation), incident };
}

const sub = (a: P3, b: P3) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (u: number[], v: number[]) => [
  u[1] * v[2] - u[2] * v[1],
  u[2] * v[0] - u[0] * v[2],
  u[0] * v[1] - u[1] * v[0],
];

export interface CurvatureResult {
  meanCurvature: number;
  convexity: number;
  jawCurvature: number;
  foreheadCurvature: number;
}

/**
 * The mesh's triangulation is not exactly left-right symmetric, so curvature
 * is computed on the mesh and on its mirror image and averaged per vertex:
 * a mirrored photo then gives the same values.
 */
export function meshCurvature(rawMesh: ReadonlyArray<P3>, topo: MeshTopology, mirror: Int32Array): CurvatureResult {
  const mirrored = rawMesh.slice(0, 468).map((_, i) => {
    const p = rawMesh[mirror[i] >= 0 ? mirror[i] : i];
    return [-p[0], p[1], p[2]] as const;
  });
  const k1 = vertexCurvature(rawMesh, topo);
  const k2 = vertexCurvature(mirrored, topo);
  const kappa = k1.map((k, i) => (mirror[i] >= 0 ? (k + k2[mirror[i]]) / 2 : k));
  const mesh = rawMesh;
  const mouthY = (mesh[LM.mouthCornerRight][1] + mesh[LM.mouthCornerLeft][1]) / 2;
  const foreheadPoly = FOREHEAD.map((j) => [mesh[j][0], mesh[j][1]] as const);
  // the outline's own vertices lie on its edge, where inside/outside is undefined: they are left out
  const outline = new Set(FOREHEAD);
  const pick = (keep: (i: number) => boolean) => {
    const vals: number[] = [];
    for (let i = 0; i < 468; i++) if (!Number.isNaN(kappa[i]) && keep(i)) vals.push(kappa[i]);
    return vals;
  };
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const all = pick(() => true);
  // jaw: interior vertices below the mouth corners; forehead: interior vertices inside the forehead outline
  return {
    meanCurvature: avg(all),
    convexity: all.filter((k) => k > 0).length / all.length,
    jawCurvature: avg(pick((i) => mesh[i][1] > mouthY)),
    foreheadCurvature: avg(pick((i) => !outline.has(i) && insidePolygon([mesh[i][0], mesh[i][1]], foreheadPoly))),
  };
}

function vertexCurvature(rawMesh: ReadonlyArray<P3>, topo: MeshTopology): Float64Array {
  const faceWidth = Math.hypot(
    rawMesh[LM.zygionRight][0] - rawMesh[LM.zygionLeft][0],
    rawMesh[LM.zygionRight][1] - rawMesh[LM.zygionLeft][1],
  );
  const { mean: zMean, scale: zScale } = depthScale(rawMesh);
  const mesh = smooth(
    rawMesh.slice(0, 468).map((p) => [p[0], p[1], (p[2] - zMean) * zScale]),
    topo,
  );
  const boundary = new Set(FACE_OVAL);
  const kappa = new Float64Array(468).fill(NaN);
  for (let i = 0; i < 468; i++) {
    if (boundary.has(i) || topo.neighbours[i].length < 3) continue;
    // vertex normal: area-weighted mean of incident triangle normals, turned towards the camera (−z)
    const n = [0, 0, 0];
    for (const t of topo.incident[i]) {
      const [a, b, c] = [topo.triangles[3 * t], topo.triangles[3 * t + 1], topo.triangles[3 * t + 2]];
      const tn = cross(sub(mesh[b], mesh[a]), sub(mesh[c], mesh[a]));
      const sign = tn[2] > 0 ? -1 : 1;
      for (let k = 0; k < 3; k++) n[k] += sign * tn[k];
    }
    const len = Math.hypot(n[0], n[1], n[2]);
    if (len === 0) continue;
    const nb = topo.neighbours[i];
    const centroid = [0, 1, 2].map((k) => nb.reduce((s, j) => s + mesh[j][k], 0) / nb.length);
    const delta = sub(centroid, mesh[i]);
    const edge2 =
      nb.reduce(
        (s, j) => s + (mesh[j][0] - mesh[i][0]) ** 2 + (mesh[j][1] - mesh[i][1]) ** 2 + (mesh[j][2] - mesh[i][2]) ** 2,
        0,
      ) / nb.length;
    // a vertex that bulges towards the camera has its neighbours behind it: κ > 0
    kappa[i] = ((-2 * (delta[0] * n[0] + delta[1] * n[1] + delta[2] * n[2])) / len / edge2) * faceWidth;
  }
  return kappa;
}

/**
 * Laplacian smoothing (SMOOTHING_PASSES passes, half-way to the neighbours'
 * centroid): curvature is a second derivative, so landmark jitter would
 * otherwise dominate it. The silhouette is kept fixed.
 */
export const SMOOTHING_PASSES = 3;
function smooth(mesh: number[][], topo: MeshTopology): number[][] {
  const boundary = new Set(FACE_OVAL);
  let cur = mesh;
  for (let pass = 0; pass < SMOOTHING_PASSES; pass++) {
    cur = cur.map((p, i) => {
      const nb = topo.neighbours[i];
      if (boundary.has(i) || nb.length === 0) return p;
      const c = [0, 1, 2].map((k) => nb.reduce((s, j) => s + cur[j][k], 0) / nb.length);
      return [0, 1, 2].map((k) => p[k] + 0.5 * (c[k] - p[k]));
    });
  }
  return cur;
}

function insidePolygon(p: readonly [number, number], poly: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
