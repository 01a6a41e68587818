/**
 * A GPU worker runs every network on ONNX Runtime's CUDA execution provider; where that provider cannot load (no
 * CUDA binaries, libraries or GPU, as on this CI machine) it refuses to start with a clear message and never falls
 * back to the CPU silently.
 */
import { REDIS_URL } from '../helpers/env';
import { startProcess } from '../helpers/processes';

function cudaProviderInstalled(): boolean {
  try {
    require.resolve('onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so');
    return true;
  } catch {
    return false;
  }
}

// On a GPU image the provider loads and there is nothing to refuse: the test is reported as skipped there.
(cudaProviderInstalled() ? test.skip : test)(
  '--device gpu without a loadable CUDA provider exits with a clear message',
  async () => {
    const worker = startProcess(
      'worker-gpu',
      'apps/worker/src/main.ts',
      { DATABASE_URL: 'postgres://127.0.0.1:1/none', REDIS_URL },
      ['--device', 'gpu'],
    );
    const code = await new Promise<number | null>((resolve) => worker.child.on('exit', resolve));
    expect(code).toBe(1);
    expect(worker.logs()).toMatch(
      /worker failed to start: .*WORKER_DEVICE=gpu runs every network on ONNX Runtime's CUDA execution provider, which could not be loaded here/,
    );
    expect(worker.logs()).toMatch(/Run this worker with WORKER_DEVICE=cpu, or use the GPU image/);
    // it stopped before touching the queue or the database
    expect(worker.logs()).not.toMatch(/worker ready|ECONNREFUSED/);
  },
  120_000,
);
