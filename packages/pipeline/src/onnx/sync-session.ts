/**
 * An ONNX Runtime session that runs synchronously, for code that must return
 * a result from a synchronous call (Human's models call GraphModel.execute).
 * onnxruntime-node's native session is synchronous; its public `run` only
 * defers that same call to setImmediate and wraps it in a promise. This uses
 * the native session directly, so it depends on onnxruntime-node's internal
 * `dist/binding` module: the version is pinned exactly in package.json, and
 * onnx-translation.test.ts runs a model through it.
 */
import * as ort from 'onnxruntime-node';

interface NativeSession {
  loadModel(
    buffer: ArrayBuffer,
    byteOffset: number,
    byteLength: number,
    options: ort.InferenceSession.SessionOptions,
  ): void;
  run(
    feeds: Record<string, ort.Tensor>,
    fetches: Record<string, null>,
    options: Record<string, never>,
  ): Record<string, ort.Tensor>;
  readonly inputMetadata: Array<{ name: string }>;
  readonly outputMetadata: Array<{ name: string }>;
  dispose(): void;
}

const { binding, initOrt } = require('onnxruntime-node/dist/binding') as {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
};

export class SyncOnnxSession {
  private constructor(
    private readonly native: NativeSession,
    readonly inputNames: string[],
    readonly outputNames: string[],
  ) {}

  static create(model: Uint8Array, options: ort.InferenceSession.SessionOptions): SyncOnnxSession {
    initOrt();
    const native = new binding.InferenceSession();
    // options name the execution providers (onnx-model.ts sessionOptions); CPU when they do not
    native.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, {
      executionProviders: ['cpu'],
      ...options,
    });
    return new SyncOnnxSession(
      native,
      native.inputMetadata.map((m) => m.name),
      native.outputMetadata.map((m) => m.name),
    );
  }

  run(feeds: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
    const fetches = Object.fromEntries(this.outputNames.map((name) => [name, null]));
    return this.native.run(feeds, fetches, {});
  }

  release(): void {
    this.native.dispose();
  }
}
