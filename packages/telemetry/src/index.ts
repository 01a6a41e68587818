/**
 * Prometheus metrics (prom-client): one registry per process with Node's
 * default metrics, prefixed `face_`. The API exports HTTP traffic and, at
 * scrape time, queue depth and recent outcomes; each worker exports its job
 * and webhook counters on its own port (WORKER_METRICS_PORT).
 */
import http from 'node:http';
import client from 'prom-client';

export type { Registry } from 'prom-client';

export function createRegistry(service: 'api' | 'worker'): client.Registry {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry, prefix: 'face_' });
  return registry;
}

export function httpMetrics(registry: client.Registry) {
  return {
    requests: new client.Counter({
      name: 'face_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new client.Histogram({
      name: 'face_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

/** A gauge whose values are read when Prometheus scrapes (queue depth, recent outcomes). */
export function scrapedGauge(
  registry: client.Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>,
) {
  return new client.Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read().catch(() => [])) this.set(labels, value);
    },
  });
}

export function workerMetrics(registry: client.Registry) {
  return {
    jobs: new client.Counter({
      name: 'face_jobs_total',
      help: 'Jobs of the analysis queue handled, by job (analyze, calibrate, retention) and outcome (analyze: completed, skipped, cancelled, discarded, retry, failed)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    stageSeconds: new client.Histogram({
      name: 'face_job_stage_seconds',
      help: 'Pipeline stage duration',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2],
      registers: [registry],
    }),
    jobSeconds: new client.Histogram({
      name: 'face_job_seconds',
      help: 'Whole job run time by job and outcome',
      labelNames: ['job', 'outcome'],
      buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    webhookAttempts: new client.Counter({
      name: 'face_webhook_attempts_total',
      help: 'Webhook attempts by outcome (delivered, retry, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    inferenceMemory: new client.Gauge({
      name: 'face_inference_memory_bytes',
      help: 'Inference thread memory after its last job: kind = tensors (live tensor data), wasm_heap (grows, never shrinks), thread_heap (V8)',
      labelNames: ['thread', 'kind'],
      registers: [registry],
    }),
    inferenceTensors: new client.Gauge({
      name: 'face_inference_tensors',
      help: 'Live tensors in an inference thread after its last job (flat when nothing leaks)',
      labelNames: ['thread'],
      registers: [registry],
    }),
    heartbeat: new client.Gauge({
      name: 'face_worker_heartbeat_timestamp_seconds',
      help: 'Last time this worker finished a job or was scraped idle',
      registers: [registry],
    }),
  };
}

/** Serves `registry` at /metrics on `port` (workers have no other HTTP server). */
export function serveMetrics(registry: client.Registry, port: number, host: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    registry
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body))
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
