/**
 * Inference thread (run by Piscina inside a worker process). Models load once
 * per thread; the worker's main thread stays free for BullMQ lock renewal.
 */
import { threadId, workerData } from 'node:worker_threads';
import { AppError } from '@face/errors';
import { FaceModelRuntime } from '../face-models/runtime';
import { PipelineCancelled, runPipeline, type MeshMaps } from '../run-pipeline';
import type { StageMessage, ThreadData, ThreadOutcome, ThreadTask } from './protocol';

let loading: Promise<{ runtime: FaceModelRuntime; maps: MeshMaps }> | undefined;
function models() {
  loading ??= FaceModelRuntime.load((workerData as ThreadData).device).then((runtime) => ({
    runtime,
    maps: runtime.meshMaps(),
  }));
  loading.catch(() => (loading = undefined)); // a failed load is retried by the next task
  return loading;
}

function failure(e: unknown): ThreadOutcome {
  if (e instanceof PipelineCancelled) return { ok: false, cancelled: true };
  if (e instanceof AppError)
    return {
      ok: false,
      cancelled: false,
      error: { code: e.code, message: e.message, details: e.details ?? null, permanent: e.permanent },
    };
  return {
    ok: false,
    cancelled: false,
    error: { code: 'INTERNAL', message: (e as Error)?.message ?? String(e), details: null, permanent: false },
  };
}

export default async function analyse(task: ThreadTask): Promise<ThreadOutcome> {
  try {
    const { runtime, maps } = await models();
    if (task.kind === 'warmup') return { ok: true, warmup: { backend: runtime.backend } };
    try {
      const result = await runPipeline(
        task.imagePath,
        task.params,
        runtime,
        maps,
        {
          onStage: (stage, progress, timingsMs) =>
            task.port.postMessage({ stage, progress, timingsMs } satisfies StageMessage),
          isCancelled: () => Atomics.load(task.cancel, 0) === 1,
        },
        { overlay: true },
      );
      return {
        ok: true,
        result,
        memory: { ...runtime.memory(), heapUsedBytes: process.memoryUsage().heapUsed, threadId },
      };
    } finally {
      task.port.close();
    }
  } catch (e) {
    return failure(e);
  }
}
