/** The labelled faces the age and gender models are fitted and measured on: All-Age-Faces and UTKFace. */
import { faceFeatures } from '@face/pipeline/models';
import type { LabelledSample } from '@face/calibration';
import { labelledFaces, readCached, type LabelledFace } from './face-features';

export const AGE_GENDER_SETS = ['aaf', 'utkface'] as const;

/**
 * How many times a face of each set counts in the age fit. The client's users
 * are mostly East-Asian, like All-Age-Faces, so its faces count twice. 5-fold CV
 * on the 9,368 faces (NumPy replica of fitAge): AAF MAE 5.47 → 5.43 (×1.5: 5.44,
 * ×3: 5.42), UTK 5.86 → 5.93 (×1.5: 5.89, ×3: 6.03).
 */
export const AGE_FIT_WEIGHTS: Record<(typeof AGE_GENDER_SETS)[number], number> = { aaf: 2, utkface: 1 };

export interface TaggedSample extends LabelledSample {
  set: string;
  file: string;
  raw: LabelledFace;
}

/** With `cachedOnly`, photos not measured yet are left out instead of measured now. */
export async function ageGenderSamples({ cachedOnly = false } = {}): Promise<{
  samples: TaggedSample[];
  noFace: Record<string, number>;
  total: Record<string, number>;
}> {
  const samples: TaggedSample[] = [];
  const noFace: Record<string, number> = {};
  const total: Record<string, number> = {};
  for (const set of AGE_GENDER_SETS) {
    const faces = cachedOnly ? [...readCached(set).values()] : await labelledFaces(set);
    total[set] = faces.length;
    noFace[set] = faces.filter((f) => !f.views).length;
    for (const f of faces) {
      if (!f.views) continue;
      samples.push({
        set,
        file: f.file,
        raw: f,
        features: faceFeatures(f.views),
        age: f.age,
        weight: AGE_FIT_WEIGHTS[set],
        ...(f.gender && { male: f.gender === 'male' ? 1 : 0 }),
      });
    }
  }
  return { samples, noFace, total };
}
