/** A GPU worker without a GPU backend refuses to start with a clear message (it never falls back silently). */
import { REDIS_URL } from '../helpers/env';
import { startProcess } from '../helpers/processes';

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

// On an image that has the GPU backend there is nothing to refuse: the test is reported as skipped there.
(installed('@tensorflow/tfjs-node-gpu') ? test.skip : test)('--device gpu without @tensorflow/tfjs-node-gpu exits with a clear message', async () => {
  const worker = startProcess('worker-gpu', 'apps/worker/src/main.ts', { DATABASE_URL: 'postgres://127.0.0.1:1/none', REDIS_URL, WORKER_DEVICE: 'gpu' });
  const code = await new Promise<number | null>((resolve) => worker.child.on('exit', resolve));
  expect(code).toBe(1);
  expect(worker.logs()).toMatch(/WORKER_DEVICE=gpu needs @tensorflow\/tfjs-node-gpu/);
});
