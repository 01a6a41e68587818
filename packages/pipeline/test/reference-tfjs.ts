/** TF.js on its WASM backend (Human's bundled copy), as the reference the ONNX Runtime paths are checked against. */
import path from 'node:path';
import { MODELS_DIR, WASM_DIR, dirUrl, installFileFetch } from '../src/model-files';

type HumanModule = typeof import('@vladmandic/human');
export type Tf = InstanceType<HumanModule['Human']>['tf'];
export type Tensor = ReturnType<Tf['tensor']>;

export async function referenceTfjs(): Promise<Tf> {
  installFileFetch();
  const { Human } = require(
    path.join(path.dirname(require.resolve('@vladmandic/human')), 'human.node-wasm.js'),
  ) as HumanModule;
  const human = new Human({ backend: 'wasm', wasmPath: dirUrl(WASM_DIR), modelBasePath: dirUrl(MODELS_DIR) });
  await human.init();
  return human.tf;
}
