/** Liveness (/healthz: the process answers) and readiness (/readyz: Postgres, queue and image store reachable). */
import type { AnalysisRepository } from '@face/db';
import type { QueueRegistry } from '@face/queue';
import type { ImageStore } from '@face/storage';
import { Router } from 'express';

export function healthRouter(deps: { repo: AnalysisRepository; queue: QueueRegistry; store: ImageStore }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const check = async (fn: () => Promise<void>) => {
      try {
        await fn();
        return 'ok';
      } catch (e) {
        return `unavailable: ${(e as Error).message.slice(0, 120)}`;
      }
    };
    const [database, queue, imageStore] = await Promise.all([
      check(() => deps.repo.ping()),
      check(() => deps.queue.ping()),
      check(() => deps.store.checkWritable()),
    ]);
    const ready = database === 'ok' && queue === 'ok' && imageStore === 'ok';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      checks: { database, queue, queue_backend: deps.queue.backend, image_store: imageStore },
    });
  });
  return router;
}
