/**
 * Model calibration for operators (admin keys, SPEC §8): start a `calibrate`
 * job and see every stored model version with its measured metrics.
 */
import type { ModelVersionRepository } from '@face/db';
import { calibrateJob, type QueueRegistry } from '@face/queue';
import { Router } from 'express';
import { callerOf, requireScope } from '../http/authenticate';

export function calibrationRouter(deps: { queue: QueueRegistry; versions: ModelVersionRepository }): Router {
  const router = Router();
  const admin = requireScope('admin');

  router.post('/calibrations', admin, async (_req, res) => {
    const jobId = await deps.queue.enqueue(calibrateJob, { requestedBy: callerOf(res).name });
    res.status(202).json({ job_id: jobId, status: 'queued' });
  });

  router.get('/model-versions', admin, async (_req, res) => {
    const rows = await deps.versions.list();
    // parameters are large (a weight per feature) and not for reading here
    res.json({
      data: rows.map((v) => ({
        kind: v.kind,
        version: v.version,
        active: v.active,
        training_set: v.training_set,
        metrics: v.metrics,
        created_at: v.created_at,
        activated_at: v.activated_at,
      })),
    });
  });
  return router;
}
