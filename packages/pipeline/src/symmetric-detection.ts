/**
 * Mirror test-time augmentation for the face mesh: detect on the photo and on
 * its mirror image, map the mirror's mesh back (flip x, swap mirrored
 * landmarks) and average. Landmark noise drops, and a mirrored photo gives
 * exactly the mirrored result (the METRICS.md mirror property by construction).
 */
import type { MirrorMap } from './geometry/mirror-pairs';
import type { DetectedFace, RgbImage } from './types';

export interface FaceDetector {
  detectFaces(img: RgbImage): Promise<DetectedFace[]>;
}

export function flipHorizontal(img: RgbImage): RgbImage {
  const { width, height, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const s = row + x * 3;
      const d = row + (width - 1 - x) * 3;
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
  }
  return { data: out, width, height };
}

/** Partner of each of the 478 points: mesh pairs from the UV map; iris centres swap; iris rings by nearest point. */
function fullMirror(mirror: MirrorMap, unflipped: DetectedFace['mesh'], mesh: DetectedFace['mesh']): Int32Array {
  const map = new Int32Array(mesh.length).fill(-1);
  map.set(mirror.subarray(0, Math.min(mirror.length, 468)));
  if (mesh.length >= 478) {
    map[468] = 473;
    map[473] = 468;
    for (const [ring, other] of [
      [
        [469, 470, 471, 472],
        [474, 475, 476, 477],
      ],
      [
        [474, 475, 476, 477],
        [469, 470, 471, 472],
      ],
    ]) {
      for (const i of ring) {
        let best = other[0];
        for (const j of other) if (dist2(mesh[i], unflipped[j]) < dist2(mesh[i], unflipped[best])) best = j;
        map[i] = best;
      }
    }
  }
  return map;
}

const dist2 = (a: readonly number[], b: readonly number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

function unflipFace(f: DetectedFace, width: number): DetectedFace {
  return {
    ...f,
    box: [width - f.box[0] - f.box[2], f.box[1], f.box[2], f.box[3]],
    mesh: f.mesh.map(([x, y, z]) => [width - 1 - x, y, z] as [number, number, number]),
  };
}

function iou(a: DetectedFace['box'], b: DetectedFace['box']): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}

function average(a: DetectedFace, mirrored: DetectedFace, mirror: MirrorMap): DetectedFace {
  const partner = fullMirror(mirror, mirrored.mesh, a.mesh);
  const mesh = a.mesh.map((p, i) => {
    const j = partner[i];
    if (j < 0) return p;
    const q = mirrored.mesh[j];
    return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2] as [number, number, number];
  });
  const box = a.box.map((v, k) => (v + mirrored.box[k]) / 2) as DetectedFace['box'];
  return { box, score: Math.min(a.score, mirrored.score), mesh };
}

export async function detectFacesSymmetric(
  detector: FaceDetector,
  img: RgbImage,
  mirror: MirrorMap,
): Promise<DetectedFace[]> {
  const faces = await detector.detectFaces(img);
  if (faces.length === 0) return faces;
  const mirroredFaces = (await detector.detectFaces(flipHorizontal(img))).map((f) => unflipFace(f, img.width));
  return faces.map((f) => {
    let best: DetectedFace | undefined;
    let bestIou = 0.5; // the same face in both passes overlaps well; otherwise keep the single pass
    for (const m of mirroredFaces) {
      const o = iou(f.box, m.box);
      if (o > bestIou) {
        bestIou = o;
        best = m;
      }
    }
    return best ? average(f, best, mirror) : f;
  });
}
