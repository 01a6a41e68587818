/**
 * The face-model runtime: @vladmandic/human on the best TensorFlow.js backend
 * this machine has. `cpu` prefers native tfjs-node and falls back to WASM;
 * `gpu` requires tfjs-node-gpu and refuses to start without it.
 */
import path from 'node:path';
import { AppError } from '@face/errors';
import type { DetectedFace, PersonMask, RgbImage } from '../types';
import { resizeRaw } from '../decode';
import { mirrorMapFromUV } from '../geometry/mirror-pairs';
import type { MeshMaps } from '../run-pipeline';
import { meshTopology } from '../texture/curvature';
import { MODELS_DIR, WASM_DIR, dirUrl, installFileFetch } from './model-files';

// Human's types are re-exported from its package; the runtime object is loaded by file path
// because the package's `exports` map does not expose its Node builds.
type HumanModule = typeof import('@vladmandic/human');
type Human = InstanceType<HumanModule['Human']>;
type Tf = Human['tf'];

export type Device = 'cpu' | 'gpu';

const HUMAN_DIST = path.dirname(require.resolve('@vladmandic/human'));

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

function humanBuildFor(device: Device): { file: string; backend: 'wasm' | 'tensorflow' } {
  if (device === 'gpu') {
    if (!installed('@tensorflow/tfjs-node-gpu')) {
      throw new AppError('MODEL_UNAVAILABLE', 'WORKER_DEVICE=gpu needs @tensorflow/tfjs-node-gpu (with CUDA) installed; it is not. Run CPU workers instead or install it in the GPU image.');
    }
    return { file: 'human.node-gpu.js', backend: 'tensorflow' };
  }
  if (installed('@tensorflow/tfjs-node')) return { file: 'human.node.js', backend: 'tensorflow' };
  return { file: 'human.node-wasm.js', backend: 'wasm' };
}

/** Person segmentation at the model's own resolution (MediaPipe selfie, 256×256). */
/** Models Human must report loaded before the runtime is usable. */
const REQUIRED_MODELS = ['blazeface', 'facemesh', 'iris'];

const SEGMENTATION_MODEL = 'selfie.json';
const SEGMENTATION_SIZE = 256;

export class FaceModelRuntime {
  private constructor(
    private readonly human: Human,
    private readonly segmenter: Awaited<ReturnType<Tf['loadGraphModel']>>,
    readonly backend: string,
  ) {}

  static async load(device: Device): Promise<FaceModelRuntime> {
    const build = humanBuildFor(device);
    installFileFetch();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
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
      const segmenter = await human.tf.loadGraphModel(dirUrl(MODELS_DIR) + SEGMENTATION_MODEL);
      const loaded = human.models.loaded();
      const missing = REQUIRED_MODELS.filter((m) => !loaded.includes(m));
      if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
      return new FaceModelRuntime(human, segmenter, human.tf.getBackend());
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

  async detectFaces(img: RgbImage): Promise<DetectedFace[]> {
    const tf = this.human.tf;
    const input = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
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
    const tf = this.human.tf;
    const small = await resizeRaw(img, SEGMENTATION_SIZE, SEGMENTATION_SIZE);
    const output = tf.tidy(() => {
      const x = tf.div(tf.cast(tf.tensor4d(small.data, [1, SEGMENTATION_SIZE, SEGMENTATION_SIZE, 3], 'int32'), 'float32'), 255);
      return this.segmenter.execute(x) as ReturnType<Tf['tensor']>;
    });
    try {
      const data = (await output.data()) as Float32Array;
      return { data: Float32Array.from(data), width: SEGMENTATION_SIZE, height: SEGMENTATION_SIZE, rgb: small.data };
    } finally {
      output.dispose();
    }
  }

  /** Live tensor count, for leak checks. */
  tensorCount(): number {
    return this.human.tf.memory().numTensors;
  }
}
