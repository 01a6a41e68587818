/**
 * Handler of the `analyze` job: mark active, run the pipeline in an inference
 * thread with stage progress persisted, write the result once. Input errors
 * fail at once (UnrecoverableError); anything else is retried with back-off.
 */
import { flatKey, normedMetrics, type MetricGroup } from '@face/catalog';
import { cohortOf } from '@face/norms';
import type { ActiveAnalysis, AnalysisRepository, AnalysisResultRepository, PictureRepository } from '@face/db';
import { AppError, unavailableDependency, type ErrorCode } from '@face/errors';
import type { Logger } from '@face/logger';
import { encodeOverlayPng, type GroupResult, type PipelineParams, type PipelineResult } from '@face/pipeline';
import type { ThreadMemory } from '@face/pipeline/thread';
import type { analyzeJob, JobOf } from '@face/queue';
import type { ImageStore } from '@face/storage';
import { DelayedError, UnrecoverableError } from 'bullmq';
import type { ActiveModels } from '../active-models';
import type { ActiveNorms } from '../active-norms';
import { newCancelFlag, type AnalyseHooks, type InferencePool } from '../inference-pool';

export interface AnalyzeDeps {
  repo: AnalysisRepository;
  results: AnalysisResultRepository;
  pictures: PictureRepository;
  store: ImageStore;
  pool: InferencePool;
  logger: Logger;
  models: ActiveModels;
  /** the population norms results are compared with */
  norms: ActiveNorms;
  /** this deployment's identity: jobs stamped with another are never consumed here */
  deployment: string;
  params: Omit<PipelineParams, 'facePolicy' | 'ageGender' | 'undertone'>;
  /** called once an analysis is finished (completed or finally failed): queues its webhook */
  queueWebhook?: (analysisId: string) => Promise<unknown>;
  /** Prometheus: per-stage durations of completed analyses */
  stageSeconds?: { observe(labels: { stage: string }, seconds: number): void };
  /** Prometheus: the inference thread's memory after each completed job */
  inferenceMemory?: (memory: ThreadMemory) => void;
  /** how long a job waits before trying again when the database or image store is down, ms */
  dependencyRetryMs: number;
  /** how often a running job checks whether its analysis was cancelled or deleted, ms */
  cancelPollMs: number;
}

/** An analysis job enqueued by another deployment (another database) on the same queue namespace. */
class ForeignJobError extends Error {
  constructor(readonly deployment: string) {
    super(`job of deployment ${deployment}`);
  }
}

export type HandlerOutcome = 'completed' | 'skipped' | 'cancelled' | 'discarded';

export function createAnalyzeHandler(deps: AnalyzeDeps) {
  const { repo, store, pool, logger } = deps;

  /**
   * A database or image store that is down says nothing about the photo: the
   * job goes back to the delayed set without using one of its attempts, and
   * waits there as long as the outage lasts (nothing is failed, nothing lost).
   */
  return async function analyze(job: JobOf<typeof analyzeJob>, token?: string): Promise<HandlerOutcome> {
    try {
      return await run(job);
    } catch (e) {
      if (e instanceof ForeignJobError && token) {
        // Its owner's workers share this queue namespace (QueueRegistry.bindDeployment makes that a start-up error, so
        // the marker was lost): put it back untouched, without using an attempt, for them to take.
        logger.error(
          'job of another deployment on this queue: released, not consumed; give each deployment its own QUEUE_PREFIX',
          {
            job_id: job.id,
            job_deployment: e.deployment,
            deployment: deps.deployment,
          },
        );
        await job.moveToDelayed(Date.now() + deps.dependencyRetryMs, token);
        throw new DelayedError();
      }
      const down = e instanceof UnrecoverableError ? null : unavailableDependency(e);
      if (!down || !token) throw e;
      logger.warn('dependency down: job waits without using an attempt', {
        analysis_id: job.id,
        code: down,
        retry_in_ms: deps.dependencyRetryMs,
      });
      await job.moveToDelayed(Date.now() + deps.dependencyRetryMs, token);
      throw new DelayedError();
    }
  };

  /** Runs the pipeline in a thread; the thread stops at its next stage boundary once the analysis is no longer active (cancelled, deleted). */
  async function analyseWatchingForCancel(
    analysisId: string,
    imagePath: string,
    params: PipelineParams,
    onStage: AnalyseHooks['onStage'],
  ) {
    const cancel = newCancelFlag();
    const watch = setInterval(() => {
      repo
        .statusOf(analysisId)
        .then((s) => s !== 'active' && Atomics.store(cancel, 0, 1))
        .catch(() => undefined);
    }, deps.cancelPollMs);
    try {
      return await pool.analyse(imagePath, params, { onStage }, cancel);
    } finally {
      clearInterval(watch);
    }
  }

  async function run(job: JobOf<typeof analyzeJob>): Promise<HandlerOutcome> {
    const { analysisId, imageKey, deployment } = job.data;
    if (deployment && deployment !== deps.deployment) throw new ForeignJobError(deployment);
    // times started, counting a start lost with a killed worker (attemptsMade counts only failures)
    const started = Math.max(job.attemptsStarted ?? 0, job.attemptsMade + 1);
    const log = logger.child({ analysis_id: analysisId, job_id: job.id, attempt: started });

    let active = false;
    let truth: ActiveAnalysis['truth'] = { age: null, gender: null };
    let lastStage = 'decode';
    try {
      // With one job fetched ahead (see main.ts), the next analysis is marked active only once an
      // inference thread is free, while the previous job's result is still being written.
      const outcome = await pool.whenThreadFree(async () => {
        const analysis = await repo.markActive(analysisId, started);
        if (!analysis) return null;
        active = true;
        truth = analysis.truth;
        const photo = await store.localCopy(imageKey).catch(async (e: unknown) => {
          if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
          await repo.markFailed(analysisId, 'INVALID_IMAGE', 'The stored photo is missing.', 'decode');
          throw new UnrecoverableError('INVALID_IMAGE');
        });
        try {
          const params = { ...deps.params, facePolicy: analysis.face_policy, ...(await deps.models.current()) };
          return await analyseWatchingForCancel(analysisId, photo.path, params, (stage, progress, timingsMs) => {
            lastStage = stage;
            repo
              .reportStage(analysisId, stage, progress, timingsMs)
              .catch((err) => log.warn('stage not recorded', { stage, err: (err as Error).message }));
            job.updateProgress(progress).catch(() => undefined);
          });
        } finally {
          await photo.release().catch((err) => log.warn('scratch copy not removed', { err: (err as Error).message }));
        }
      });
      if (!outcome) {
        log.info('job skipped: analysis is finished, cancelled or deleted');
        return 'skipped';
      }
      if (outcome.ok && 'result' in outcome)
        return await persistResult(deps, analysisId, outcome.result, { truth, memory: outcome.memory, log });
      if (!outcome.ok && outcome.cancelled) {
        log.info('analysis cancelled at a stage boundary');
        return 'cancelled';
      }
      if (!outcome.ok) {
        const { code, message, permanent } = outcome.error;
        if (permanent) {
          await repo.markFailed(analysisId, code, message, lastStage);
          log.info('analysis failed on input', { code });
          await queueWebhook(deps, analysisId);
          throw new UnrecoverableError(code);
        }
        throw new AppError(code as ErrorCode, message);
      }
      throw new AppError('INTERNAL', 'inference thread returned no result');
    } catch (e) {
      // before the analysis is marked active (database or image store down) there is nothing to record
      if (e instanceof UnrecoverableError || !active) throw e;
      await recordTransientFailure(job, analysisId, e, lastStage, deps).catch((err) =>
        log.warn('failure not recorded', { err: (err as Error).message }),
      );
      throw e;
    }
  }
}

/**
 * Writes a finished pipeline result: the pictures to the store, the metrics and percentiles to Postgres (once,
 * by a conditional update), then queues the webhook. A result for an analysis no longer active is discarded,
 * with the pictures only it used.
 */
async function persistResult(
  deps: AnalyzeDeps,
  analysisId: string,
  result: PipelineResult,
  context: { truth: ActiveAnalysis['truth']; memory: ThreadMemory; log: Logger },
): Promise<'completed' | 'discarded'> {
  const t0 = performance.now();
  await deps.repo.reportStage(analysisId, 'persist', 95, result.timingsMs as Record<string, number>);
  // encoded here, on the main thread, while the inference thread already analyses the next photo
  const overlayKey = result.overlay ? await deps.store.put(await encodeOverlayPng(result.overlay)) : null;
  const drapeKey = result.drape ? await deps.store.put(await encodeOverlayPng(result.drape)) : null;
  const timingsMs = { ...result.timingsMs, persist: Math.round((performance.now() - t0) * 10) / 10 } as Record<
    string,
    number
  >;
  const groups = Object.entries(result.groups) as Array<[MetricGroup, GroupResult]>;
  const metrics: Record<string, unknown> = Object.assign({}, ...groups.map(([g, res]) => byFlatKey(g, res.values)));
  const { percentiles, percentileBasis } = await compareWithCohort(deps, context.truth, metrics);
  const written = await deps.results.complete(analysisId, {
    metrics,
    percentiles,
    percentileBasis,
    nullReasons: Object.assign({}, ...groups.map(([g, res]) => byFlatKey(g, res.nullReasons))),
    warnings: result.warnings,
    timingsMs,
    faceBox: result.face.box,
    faceCount: result.face.count,
    overlayKey,
    drapeKey,
    observation: result.observation,
  });
  for (const key of [overlayKey, drapeKey])
    if (!written && key && !(await deps.pictures.isReferenced(key))) await deps.store.delete(key);
  // memory rides along so a soak (or an operator) can tell a leak from allocator growth
  context.log.info(written ? 'analysis completed' : 'result discarded: analysis no longer active', {
    ms: timingsMs,
    memory: context.memory,
  });
  deps.inferenceMemory?.(context.memory);
  if (written) {
    for (const [stage, ms] of Object.entries(timingsMs)) deps.stageSeconds?.observe({ stage }, ms / 1000);
    await queueWebhook(deps, analysisId);
  }
  return written ? 'completed' : 'discarded';
}

/**
 * The result is safe in Postgres whatever happens here: a webhook that cannot
 * be queued now is logged, and the worker's start-up sweep queues it later.
 */
async function queueWebhook(deps: AnalyzeDeps, analysisId: string): Promise<void> {
  await deps
    .queueWebhook?.(analysisId)
    .catch((err) => deps.logger.warn('webhook not queued', { analysis_id: analysisId, err: (err as Error).message }));
}

async function recordTransientFailure(
  job: JobOf<typeof analyzeJob>,
  id: string,
  e: unknown,
  stage: string,
  deps: AnalyzeDeps,
) {
  const { repo, logger } = deps;
  const code = e instanceof AppError ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  const attempts = job.opts.attempts ?? 1;
  // a dependency outage never uses up the attempts (see analyze): the row says why it waits
  if (job.attemptsMade + 1 >= attempts && !unavailableDependency(e)) {
    await repo.markFailed(id, code, message, stage);
    logger.error('analysis failed after all attempts', { analysis_id: id, code, attempts });
    await queueWebhook(deps, id);
  } else {
    await repo.markRetrying(id, code, message);
    logger.warn('analysis attempt failed; will retry', { analysis_id: id, code, attempt: job.attemptsMade + 1 });
  }
}

function byFlatKey<T>(group: MetricGroup, values: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(values).map(([key, v]) => [flatKey({ group, key }), v]));
}

const NORMED = normedMetrics().map(flatKey);

/** Percentiles of the normed metrics among the people of the same gender and age band (profile first, else estimates). */
async function compareWithCohort(deps: AnalyzeDeps, truth: ActiveAnalysis['truth'], metrics: Record<string, unknown>) {
  const table = await deps.norms.current();
  const cohort = cohortOf(truth, { age: metrics.context_age_estimate, gender: metrics.context_gender });
  return {
    percentiles: table.percentiles(metrics, NORMED, cohort),
    percentileBasis: cohort
      ? { age_band: cohort.ageBand, gender: cohort.gender, source: cohort.source, norms_version: table.version }
      : null,
  };
}
