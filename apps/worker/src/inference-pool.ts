/**
 * Inference threads (Piscina): one per concurrent job, each with its own
 * models. The worker's event loop only relays messages, so BullMQ can renew
 * job locks while a photo is analysed.
 */
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { PipelineParams, Stage } from '@face/pipeline';
import type { StageMessage, ThreadData, ThreadOutcome, ThreadTask } from '@face/pipeline/thread';
import { AppError } from '@face/errors';
import pLimit, { type Limit } from 'p-limit';
import { Piscina } from 'piscina';

// .ts under tsx, .js in the compiled build (dist/)
const THREAD_FILE = path.join(
  path.dirname(require.resolve('@face/pipeline')),
  'thread',
  `analysis-thread${path.extname(__filename)}`,
);

export interface AnalyseHooks {
  onStage(stage: Stage, progress: number, timingsMs: Record<string, number>): void;
}

export class InferencePool {
  private readonly pool: Piscina;
  /** one permit per thread: see whenThreadFree */
  private readonly free: Limit;

  constructor(
    private readonly threads: number,
    device: ThreadData['device'],
    private readonly jobTimeoutMs: number,
  ) {
    this.pool = new Piscina({
      filename: THREAD_FILE,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { device } satisfies ThreadData,
    });
    this.free = pLimit(threads);
  }

  /**
   * Runs `work` (which starts an analysis) once a thread is free, holding the thread until it settles.
   * The worker fetches a job more than it has threads, so the next photo starts the moment a thread
   * finishes, while the finished job is still being written; and a job waiting here is not yet marked
   * active, nor is its timeout running.
   */
  whenThreadFree<T>(work: () => Promise<T>): Promise<T> {
    return this.free(work);
  }

  /** Loads the models in every thread; throws with the runtime's message when they cannot load (e.g. no GPU backend). */
  async warmup(): Promise<string> {
    const outcomes = await Promise.all(
      Array.from(
        { length: this.threads },
        () => this.pool.run({ kind: 'warmup' } satisfies ThreadTask) as Promise<ThreadOutcome>,
      ),
    );
    for (const o of outcomes) {
      if (!o.ok && !o.cancelled) throw new Error(o.error.message);
    }
    const first = outcomes[0];
    return first.ok && 'warmup' in first ? first.warmup.backend : 'unknown';
  }

  async analyse(
    imagePath: string,
    params: PipelineParams,
    hooks: AnalyseHooks,
    cancel: Int32Array,
  ): Promise<ThreadOutcome> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: StageMessage) => hooks.onStage(m.stage, m.progress, m.timingsMs as Record<string, number>));
    try {
      const task: ThreadTask = { kind: 'analyse', imagePath, params, port: port2, cancel };
      // A hung inference is aborted: Piscina terminates that thread and starts a fresh one.
      return (await this.pool.run(task, {
        transferList: [port2],
        signal: AbortSignal.timeout(this.jobTimeoutMs),
      })) as ThreadOutcome;
    } catch (e) {
      if ((e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError') {
        throw new AppError('INTERNAL', `analysis exceeded WORKER_JOB_TIMEOUT_MS (${this.jobTimeoutMs} ms)`);
      }
      throw e;
    } finally {
      port1.close();
    }
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

export function newCancelFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}
