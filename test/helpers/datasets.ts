/** Photos from ../shared/datasets, read in place (never copied into the repo). */
import fs from 'node:fs';
import path from 'node:path';

export const DATASETS = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets');
export const photo = (...parts: string[]) => path.join(DATASETS, ...parts);

/** Good single-face portraits named in the datasets README. */
export const PORTRAITS = {
  frontal: photo('personal_color', 'summer', 'smr_20.jpg'),
  earrings: photo('personal_color', 'winter', 'wnt_3.jpg'),
  makeup: photo('personal_color', 'fall', 'fall_17.jpg'),
  tilt: photo('personal_color', 'spring', 'spr_14.jpg'),
};

/** `n` different real portraits (personal_color, every season), read in place. */
export function portraitFiles(n: number): string[] {
  const root = photo('personal_color');
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((f) => path.join(root, f));
  const step = Math.max(1, Math.floor(files.length / n));
  return files.filter((_, i) => i % step === 0).slice(0, n);
}
