/**
 * Human's face detector, mesh and iris models evaluated by ONNX Runtime
 * instead of TF.js WASM. Human keeps its own pre- and post-processing (boxes,
 * rotation, crops, landmark mapping); only each model's `execute` is replaced
 * by the ONNX translation of the same file, run synchronously as Human
 * expects. Outputs match TF.js to ~1e-6 of their scale (onnx-translation.test.ts).
 * Used on the WASM backend (every GPU worker, and CPU workers without tfjs-node): native TensorFlow is kept.
 */
import * as ort from 'onnxruntime-node';
import { sessionOptions, translateModelFile, type Device } from '../onnx/onnx-model';
import { SyncOnnxSession } from '../onnx/sync-session';

type HumanModule = typeof import('@vladmandic/human');
type Human = InstanceType<HumanModule['Human']>;
type Tf = Human['tf'];
type GraphModel = Awaited<ReturnType<Tf['loadGraphModel']>>;
type Tensor = ReturnType<Tf['tensor']>;

/** Human's model names and the files they load. */
export const DELEGATED_MODELS = { blazeface: 'blazeface.json', facemesh: 'facemesh.json', iris: 'iris.json' } as const;

function delegate(model: GraphModel, session: SyncOnnxSession, tf: Tf): void {
  // GraphModel.execute returns its outputs in this order (one output: the tensor itself)
  const outputs: string[] = model.outputs.map((o: { name: string }) => o.name.replace(/:0$/, ''));
  const missing = outputs.filter((name) => !session.outputNames.includes(name));
  if (missing.length > 0) throw new Error(`the ONNX translation lacks outputs ${missing.join(', ')}`);
  const inputName = session.inputNames[0];
  const execute = (input: Tensor): Tensor | Tensor[] => {
    const data =
      input.dtype === 'float32'
        ? (input.dataSync() as Float32Array)
        : Float32Array.from(input.dataSync() as ArrayLike<number>);
    const results = session.run({ [inputName]: new ort.Tensor('float32', data, input.shape) });
    const tensors = outputs.map(
      (name) => tf.tensor(results[name].data as Float32Array, results[name].dims as number[], 'float32') as Tensor,
    );
    return tensors.length === 1 ? tensors[0] : tensors;
  };
  (model as unknown as { execute: typeof execute }).execute = execute;
}

/** Replaces `execute` on Human's loaded detector, mesh and iris models (the sessions live as long as the models). */
export async function delegateFaceModelsToOnnx(human: Human, device: Device): Promise<void> {
  for (const [name, file] of Object.entries(DELEGATED_MODELS)) {
    const model = human.models.models[name as keyof typeof human.models.models] as GraphModel | null;
    if (!model) throw new Error(`Human has no ${name} model loaded`);
    delegate(model, SyncOnnxSession.create(await translateModelFile(file), sessionOptions(device)), human.tf);
  }
}
