/**
 * The operations snapshot: queue depth by state, throughput and
 * failure rate, stage latency, live workers, recent failures, webhook outcomes,
 * Redis memory and eviction policy. Postgres is read for what it records;
 * the queue for what only it knows.
 */
import type { OpsRepository } from '@face/db';
import { QueueName, type QueueRegistry } from '@face/queue';
import { INPUT_ERROR_CODES } from '@face/errors';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
/** A worker silent for three heartbeats is shown as not alive. */
const MISSED_BEATS = 3;

export class OpsService {
  constructor(
    private readonly ops: OpsRepository,
    private readonly queue: QueueRegistry,
    /** the workers' WORKER_HEARTBEAT_MS */
    private readonly heartbeatMs: number,
  ) {}

  async snapshot() {
    const [analysis, webhooks, throughput, stages, workers, failures, deliveries, last24h, lastHour, redis] =
      await Promise.all([
        this.queue.queue(QueueName.Analysis).getJobCounts(...STATES),
        this.queue.queue(QueueName.Webhooks).getJobCounts(...STATES),
        this.ops.throughput(6, 10),
        this.ops.stageLatency(1),
        this.ops.workers(),
        this.ops.recentFailures(20),
        this.ops.webhooks(24),
        this.ops.statusCounts(24),
        this.ops.outcomes(1, INPUT_ERROR_CODES),
        this.redis(),
      ]);
    const finishedLastHour = lastHour.completed + lastHour.rejected + lastHour.failed;
    const share = (n: number) => (finishedLastHour > 0 ? n / finishedLastHour : null);
    return {
      at: new Date().toISOString(),
      queue_backend: this.queue.backend,
      queues: { analysis, webhooks },
      analyses_last_24h: last24h,
      // photos rejected for what they are (NO_FACE, IMAGE_TOO_SMALL, …) are the users' input, not the service failing
      failure_rate_last_hour: share(lastHour.failed),
      rejection_rate_last_hour: share(lastHour.rejected),
      outcomes_last_hour: lastHour,
      throughput,
      stages,
      workers: workers.map((w) => ({ ...w, alive: w.age_s <= (MISSED_BEATS * this.heartbeatMs) / 1000 })),
      recent_failures: failures,
      webhooks: {
        ...deliveries,
        success_rate:
          deliveries.delivered + deliveries.failed > 0
            ? deliveries.delivered / (deliveries.delivered + deliveries.failed)
            : null,
        backlog: deliveries.pending,
      },
      redis,
    };
  }

  /** Redis memory and eviction policy; a policy other than noeviction can silently drop queued jobs. */
  private async redis(): Promise<{
    used_memory_human: string;
    maxmemory_human: string;
    maxmemory_policy: string;
    warning: string | null;
  } | null> {
    const info = await this.queue.redisInfo('memory');
    if (info === null) return null;
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
    const policy = field('maxmemory_policy');
    return {
      used_memory_human: field('used_memory_human'),
      maxmemory_human: field('maxmemory_human'),
      maxmemory_policy: policy,
      warning:
        policy === 'noeviction'
          ? null
          : `maxmemory-policy is ${policy}: Redis may evict queue keys; set it to noeviction`,
    };
  }
}
