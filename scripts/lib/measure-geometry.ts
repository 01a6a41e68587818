/** The geometry stage on one photo as the pipeline runs it (mirror-averaged landmarks, largest face), for benches and calibrations. */
import {
  computeGeometry,
  decodeImage,
  selectFace,
  type DetectedFace,
  type GroupResult,
  type MirrorMap,
  detectFacesSymmetric,
} from '@face/pipeline';
import { headPose, type HeadPose } from '@face/pipeline/stages';
import { FaceModelRuntime } from '@face/pipeline/face-models';

const MAX_PIXELS = 50_000_000;

export interface MeasuredGeometry {
  face: DetectedFace;
  geometry: GroupResult;
  pose: HeadPose;
}

export interface GeometryMeasurer {
  mirror: MirrorMap;
  /** null when the photo has no usable face of at least `minFacePx` */
  measure(input: string | Buffer, minFacePx?: number): Promise<MeasuredGeometry | null>;
}

export async function geometryMeasurer(): Promise<GeometryMeasurer> {
  const runtime = await FaceModelRuntime.load('cpu');
  const { mirror } = runtime.meshMaps();
  return {
    mirror,
    async measure(input, minFacePx = 32) {
      try {
        const image = await decodeImage(input, { maxPixels: MAX_PIXELS });
        const { face } = selectFace(await detectFacesSymmetric(runtime, image, mirror), 'largest', minFacePx);
        return { face, geometry: computeGeometry({ face, image, personMask: null, mirror }), pose: headPose(face) };
      } catch {
        return null; // photos without a usable face are left out
      }
    },
  };
}
