/**
 * The port between the pipeline and whatever runs the face networks: what the pipeline asks of a face-model
 * runtime and what it gets back. FaceModelRuntime (runtime.ts: Human and ONNX Runtime) is the production
 * adapter; the pipeline, its stages and the worker see only this file, which loads nothing.
 */
import type { MirrorMap } from '../geometry/mirror-pairs';
import type { MeshTopology } from '../texture/curvature';
import type { DetectedFace, PersonMask, RgbImage } from '../types';

/** What the pipeline needs from a model runtime (FaceModelRuntime in production). */
export interface FaceModels {
  detectFaces(img: RgbImage): Promise<DetectedFace[]>;
  segmentPerson(img: RgbImage): Promise<PersonMask>;
  describeFace(img: RgbImage, face: DetectedFace, options: { mirror: boolean }): Promise<FaceModelOutputs[]>;
}

/** Raw outputs of the attribute models for one view of one face. */
export interface FaceModelOutputs {
  /** FaceRes-deep: P(male), expected age over its 100 one-year bins, 1024-value face descriptor */
  faceresMale: number;
  faceresAge: number;
  descriptor: number[];
  /** expression scores in EXPRESSIONS order (softmax, sum 1) */
  emotion: number[];
  /** SSR-Net age (years) and P(male) */
  ssrnetAge: number;
  ssrnetMale: number;
}

/** Expression labels in the emotion model's output order. */
export const EXPRESSIONS = ['angry', 'disgusted', 'fearful', 'happy', 'sad', 'surprised', 'neutral'] as const;

export interface InferenceMemory {
  tensors: number;
  tensorBytes: number;
  /** null on a native backend */
  wasmHeapBytes: number | null;
}

/** The mesh's mirror pairs and triangle topology, made once per runtime and shared by every run. */
export interface MeshMaps {
  mirror: MirrorMap;
  topology: MeshTopology;
}
