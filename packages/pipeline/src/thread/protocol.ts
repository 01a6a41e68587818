/** Messages between a worker process and its inference threads. */
import type { MessagePort } from 'node:worker_threads';
import type { InferenceMemory } from '../face-models/port';
import type { PipelineParams } from '../params';
import type { PipelineResult, Stage } from '../types';

export type ThreadTask =
  | { kind: 'warmup' }
  | {
      kind: 'analyse';
      imagePath: string;
      params: PipelineParams;
      /** stage reports: {stage, progress, timingsMs} */
      port: MessagePort;
      /** Int32Array over a SharedArrayBuffer; [0] = 1 asks the thread to stop at the next stage boundary */
      cancel: Int32Array;
    };

export interface StageMessage {
  stage: Stage;
  progress: number;
  timingsMs: PipelineResult['timingsMs'];
}

export type ThreadOutcome =
  | { ok: true; result: PipelineResult; memory: ThreadMemory }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; error: { code: string; message: string; details: unknown; permanent: boolean } }
  | { ok: true; warmup: { backend: string } };

/** The inference thread's memory after a job: what a leak would grow. */
export interface ThreadMemory extends InferenceMemory {
  /** the thread's own V8 heap in use */
  heapUsedBytes: number;
  threadId: number;
}

export interface ThreadData {
  device: 'cpu' | 'gpu';
}
