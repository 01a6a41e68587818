import { AppError } from '@face/errors';
import { selectFace } from './select-face';
import type { DetectedFace } from './types';

const face = (size: number, x = 0): DetectedFace => ({ box: [x, 0, size, size], score: 0.9, mesh: [] });

describe('face selection policy', () => {
  test('no face is NO_FACE', () => {
    expect(() => selectFace([], 'largest', 64)).toThrow(expect.objectContaining({ code: 'NO_FACE' }));
  });

  test('several faces: the largest, with a MULTIPLE_FACES warning', () => {
    const { face: chosen, warnings } = selectFace([face(100), face(300, 400), face(200, 800)], 'largest', 64);
    expect(chosen.box[2]).toBe(300);
    expect(warnings.map((w) => w.code)).toEqual(['MULTIPLE_FACES']);
  });

  test('strict policy rejects several faces', () => {
    expect(() => selectFace([face(100), face(300)], 'strict', 64)).toThrow(AppError);
  });

  test('a face below the minimum size is FACE_TOO_SMALL', () => {
    expect(() => selectFace([face(40)], 'largest', 64)).toThrow(expect.objectContaining({ code: 'FACE_TOO_SMALL' }));
  });
});
