/** A GPU worker without a GPU backend refuses to start with a clear message (it never falls back silently). */
import { REDIS_URL } from '../helpers/env';
import { startProcess } from '../helpers/processes';

test('--device gpu without @tensorflow/tfjs-node-gpu exits with a clear message', async () => {
  let hasGpuBackend = true;
  try {
    require.resolve('@tensorflow/tfjs-node-gpu');
  } catch {
    hasGpuBackend = false;
  }
  if (hasGpuBackend) return; // a GPU image: nothing to refuse
  const worker = startProcess('worker-gpu', 'apps/worker/src/main.ts', { DATABASE_URL: 'postgres://127.0.0.1:1/none', REDIS_URL, WORKER_DEVICE: 'gpu' });
  const code = await new Promise<number | null>((resolve) => worker.child.on('exit', resolve));
  expect(code).toBe(1);
  expect(worker.logs()).toMatch(/WORKER_DEVICE=gpu needs @tensorflow\/tfjs-node-gpu/);
});
