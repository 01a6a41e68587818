/**
 * The worker's heartbeat: a row on the operations dashboard (with the jobs in hand) and a Prometheus timestamp,
 * every WORKER_HEARTBEAT_MS. It runs on the event loop, so it stalls when the loop does (the pipeline itself
 * runs in inference threads) — which is what an operator wants to see.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { OpsRepository } from '@face/db';
import type { Logger } from '@face/logger';
import type { Worker } from 'bullmq';

export interface WorkerIdentity {
  device: string;
  /** the inference backend the models run on */
  backend: string;
  concurrency: number;
}

export interface Heartbeat {
  readonly workerId: string;
  /** Stops beating and removes the worker's row (a clean exit is not a silent worker). */
  stop(): Promise<void>;
}

export function startHeartbeat(
  worker: Worker,
  ops: OpsRepository,
  identity: WorkerIdentity,
  opts: { everyMs: number; logger: Logger; onBeat(): void },
): Heartbeat {
  const active = new Set<string>();
  worker.on('active', (job) => active.add(String(job.id)));
  worker.on('completed', (job) => active.delete(String(job.id)));
  worker.on('failed', (job) => job && active.delete(String(job.id)));
  const self = {
    worker_id: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    host: os.hostname(),
    pid: process.pid,
    ...identity,
    started_at: new Date(),
  };
  const beat = () => {
    opts.onBeat();
    ops
      .beat({ ...self, current_jobs: [...active] })
      .catch((err) => opts.logger.debug('heartbeat not recorded', { err: (err as Error).message }));
  };
  beat();
  const timer = setInterval(beat, opts.everyMs).unref();
  return {
    workerId: self.worker_id,
    async stop() {
      clearInterval(timer);
      await ops.leave(self.worker_id).catch(() => undefined);
    },
  };
}
