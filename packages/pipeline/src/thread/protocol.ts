/** Messages between a worker process and its inference threads. */
import type { MessagePort } from 'node:worker_threads';
import type { PipelineParams, PipelineResult, Stage } from '../types';

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
  | { ok: true; result: PipelineResult; tensors: number }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; error: { code: string; message: string; details: unknown; permanent: boolean } }
  | { ok: true; warmup: { backend: string } };

export interface ThreadData {
  device: 'cpu' | 'gpu';
}
