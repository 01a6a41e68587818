/** Photos from ../shared/datasets, read in place (never copied into the repo). */
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
