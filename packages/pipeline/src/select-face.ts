/** Face selection policy (SPEC §5): the largest face, with a warning when there are several. */
import { AppError, type Warning } from '@face/errors';
import type { DetectedFace } from './types';

export interface FaceSelection {
  face: DetectedFace;
  warnings: Warning[];
}

export function selectFace(faces: DetectedFace[], policy: 'largest' | 'strict', minFacePx: number): FaceSelection {
  if (faces.length === 0) throw new AppError('NO_FACE', 'No face was found in the photo.');
  if (faces.length > 1 && policy === 'strict') {
    throw new AppError('MULTIPLE_FACES', `${faces.length} faces were found; face_policy=strict requires exactly one.`, {
      faces: faces.length,
    });
  }
  const face = [...faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
  const side = Math.min(face.box[2], face.box[3]);
  if (side < minFacePx) {
    throw new AppError(
      'FACE_TOO_SMALL',
      `The face is ${Math.round(side)} pixels across; at least ${minFacePx} are needed.`,
      { face_px: Math.round(side), min_face_px: minFacePx },
    );
  }
  const warnings: Warning[] =
    faces.length > 1
      ? [{ code: 'MULTIPLE_FACES', message: `${faces.length} faces found; the largest was analysed.` }]
      : [];
  return { face, warnings };
}
