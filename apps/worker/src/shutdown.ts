/**
 * Graceful shutdown on SIGTERM / SIGINT: the analysis worker finishes its active jobs within
 * SHUTDOWN_TIMEOUT_MS; jobs still running after it are released to lock expiry, so another worker retries them.
 * Then everything else closes, in the order given, and the process exits.
 */
import type { Logger } from '@face/logger';
import type { Worker } from 'bullmq';

export function stopOnSignals(
  worker: Worker,
  opts: { deadlineMs: number; logger: Logger; thenClose: Array<() => unknown> },
): void {
  const { logger } = opts;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('worker stopping: finishing active jobs', { signal, deadline_ms: opts.deadlineMs });
    const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), opts.deadlineMs).unref());
    const closed = await Promise.race([worker.close().then(() => 'closed' as const), deadline]);
    if (closed === 'timeout') {
      logger.warn('shutdown deadline passed; releasing active jobs');
      await worker.close(true).catch(() => undefined);
    }
    for (const close of opts.thenClose) await Promise.resolve(close()).catch(() => undefined);
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
