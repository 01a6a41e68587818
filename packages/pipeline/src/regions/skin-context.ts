import type { LabImage } from '../shared/lab-image';
import type { FaceCrop } from './face-crop';
import type { FaceRegions } from './face-regions';
import type { Mask } from './raster';

/** The skin as the texture stage reads it, which the colour and context stages reuse (not measured twice). */
export interface SkinContext {
  crop: FaceCrop;
  regions: FaceRegions;
  lab: LabImage;
  /** skin pixels fit for colour statistics */
  clean: Mask;
}
