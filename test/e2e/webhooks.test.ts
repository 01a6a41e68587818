/**
 * Webhooks end to end (SPEC §6) through real processes: API → Redis → worker →
 * a real local HTTP receiver acting as Bubble. Signatures are checked with an
 * independent HMAC (node:crypto), not with the library that signs them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { catalog, flatKey } from '@face/catalog';
import { ApiClient, TEST_ADMIN_KEY } from '../helpers/api-client';
import { PORTRAITS, photo } from '../helpers/datasets';
import { REDIS_URL, createTestDatabase, eventually, freePort, uniqueName, type TestDatabase } from '../helpers/env';
import { validatorFor } from '../helpers/openapi-validator';
import { startProcess, type RunningProcess } from '../helpers/processes';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
  /** when the request reached the receiver (ms) */
  at: number;
}

const SECRET_BYTES = randomBytes(32);
const SECRET = `whsec_${SECRET_BYTES.toString('base64')}`;
const BUBBLE_TOKEN = 'bubble-workflow-token-123';

let db: TestDatabase;
let api: RunningProcess;
let worker: RunningProcess;
let client: ApiClient;
let receiver: http.Server;
let receiverBase: string;
const received: Received[] = [];
const failuresLeft = new Map<string, number>();
let workerMetricsPort: number;

/** Standard Webhooks: base64 HMAC-SHA256 of `id.timestamp.body` with the secret's bytes. */
function expectedSignature(secret: Buffer, h: http.IncomingHttpHeaders, body: string): string {
  return createHmac('sha256', secret).update(`${h['webhook-id']}.${h['webhook-timestamp']}.${body}`).digest('base64');
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const at = Date.now();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      let answered = 200;
      // /flaky fails the first two attempts of each message
      if (req.url === '/flaky') {
        const left = failuresLeft.get(id) ?? 2;
        if (left > 0) answered = 500;
        failuresLeft.set(id, left - 1);
      }
      received.push({ path: req.url!, headers: req.headers, body, answered, at });
      res
        .writeHead(answered, { 'content-type': 'text/plain' })
        .end(answered === 200 ? 'ok' : 'receiver is having a bad day');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  db = await createTestDatabase();
  const port = await freePort();
  workerMetricsPort = await freePort();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('wh').toLowerCase(),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'face-webhooks-')),
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_AUTH_TOKENS: JSON.stringify({ [receiverBase]: BUBBLE_TOKEN }),
    // the receiver is on loopback: allowed here as in local development
    OUTBOUND_ALLOWLIST: '127.0.0.1/32',
    WEBHOOK_RETRY_SCHEDULE: '0.3,0.3,0.3',
    WORKER_METRICS_PORT: String(workerMetricsPort),
  };
  api = startProcess('api', 'apps/api/src/main.ts', env);
  worker = startProcess('worker', 'apps/worker/src/main.ts', env);
  await Promise.all([api.waitForLog(/api listening/), worker.waitForLog(/worker ready/)]);
  client = new ApiClient(`http://127.0.0.1:${port}`);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await new Promise<void>((r) => receiver.close(() => r()));
  await db?.drop();
});

test('a receiver that fails twice then succeeds gets one successful delivery, three logged attempts, one webhook-id, valid signatures', async () => {
  const created = await client.post(PORTRAITS.frontal, {
    callback_url: `${receiverBase}/flaky`,
    external_id: 'bubble-thing-1',
  });
  expect(created.status).toBe(202);
  const id = created.body.id;
  const delivery = await eventually(async () => {
    const list = await client.request('GET', `/v1/webhooks/deliveries?analysis_id=${id}`);
    return list.body.data[0]?.status === 'delivered' ? list.body.data[0] : null;
  }, 90_000);
  expect(delivery.attempts).toBe(3);
  const log = await client.request('GET', `/v1/webhooks/deliveries/${delivery.id}`);
  expect(log.body.attempts_log.map((a: { status_code: number }) => a.status_code)).toEqual([500, 500, 200]);
  expect(log.body.attempts_log[0].response_snippet).toBe('receiver is having a bad day');
  // an attempt's started_at is when it was sent: before the receiver saw it, not when its answer was logged
  const arrivals = received
    .filter((r) => r.path === '/flaky' && r.headers['webhook-id'] === delivery.id)
    .map((r) => r.at);
  log.body.attempts_log.forEach((a: { started_at: string }, i: number) =>
    expect(Date.parse(a.started_at)).toBeLessThanOrEqual(arrivals[i]),
  );

  const hits = received.filter((r) => r.path === '/flaky' && r.headers['webhook-id'] === delivery.id);
  expect(hits.map((h) => h.answered)).toEqual([500, 500, 200]);
  for (const h of hits) {
    const [version, signature] = String(h.headers['webhook-signature']).split(',');
    expect(version).toBe('v1');
    expect(signature).toBe(expectedSignature(SECRET_BYTES, h.headers, h.body));
    expect(signature).not.toBe(expectedSignature(randomBytes(32), h.headers, h.body));
    expect(Math.abs(Number(h.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(120);
    expect(h.headers.authorization).toBe(`Bearer ${BUBBLE_TOKEN}`);
    expect(h.headers['content-type']).toBe('application/json');
  }
  // the body is the flat result (every key, like ?format=flat) with the event
  const body = JSON.parse(hits[2].body);
  expect(body.event).toBe('analysis.completed');
  expect(body.id).toBe(id);
  expect(body.external_id).toBe('bubble-thing-1');
  for (const m of catalog) expect(body).toHaveProperty(flatKey(m));
  // every attempt carried the same bytes
  expect(new Set(hits.map((h) => h.body)).size).toBe(1);
}, 120_000);

test('a replay sends the same message again (same id and body, fresh signature)', async () => {
  const created = await client.post(PORTRAITS.frontal, { callback_url: `${receiverBase}/ok` });
  const id = created.body.id;
  const delivery = await eventually(async () => {
    const list = await client.request('GET', `/v1/webhooks/deliveries?analysis_id=${id}`);
    return list.body.data[0]?.status === 'delivered' ? list.body.data[0] : null;
  }, 90_000);
  const before = received.filter((r) => r.headers['webhook-id'] === delivery.id);
  expect(before).toHaveLength(1);
  const replay = await client.request('POST', `/v1/webhooks/deliveries/${delivery.id}/replay`);
  expect(replay.status).toBe(202);
  const after = await eventually(async () => {
    const hits = received.filter((r) => r.headers['webhook-id'] === delivery.id);
    return hits.length === 2 ? hits : null;
  }, 30_000);
  expect(after[1].body).toBe(after[0].body);
  expect(String(after[1].headers['webhook-signature']).split(',')[1]).toBe(
    expectedSignature(SECRET_BYTES, after[1].headers, after[1].body),
  );
  expect((await client.request('GET', `/v1/webhooks/deliveries/${delivery.id}`)).body.attempts).toBe(2);
  // another client cannot see or replay it
  expect((await client.as(null).request('POST', `/v1/webhooks/deliveries/${delivery.id}/replay`)).status).toBe(401);
}, 120_000);

test('a failed analysis is delivered too, as analysis.failed', async () => {
  const created = await client.post(photo('samples', 'no_face_background.jpg'), { callback_url: `${receiverBase}/ok` });
  const id = created.body.id;
  const hit = await eventually(async () => received.find((r) => JSON.parse(r.body).id === id) ?? null, 60_000);
  const body = JSON.parse(hit.body);
  expect(body.event).toBe('analysis.failed');
  expect(body.error_code).toBe('NO_FACE');
}, 90_000);

test('callback URLs into our own network are refused when the analysis is created', async () => {
  for (const url of ['http://10.0.0.1/hook', 'http://169.254.169.254/latest', 'http://192.168.0.10/hook']) {
    const r = await client.post(PORTRAITS.frontal, { callback_url: url });
    expect([url, r.status, r.body.error?.code]).toEqual([url, 400, 'DESTINATION_NOT_ALLOWED']);
  }
});

test("POST /v1/webhooks/test sends a complete signed sample to <url>/initialize (Bubble's detect data) and, on request, to <url>", async () => {
  const r = await client.request('POST', '/v1/webhooks/test', {
    body: JSON.stringify({ url: `${receiverBase}/bubble/`, send_to_url: true }),
    headers: { 'content-type': 'application/json' },
  });
  expect(r.status).toBe(200);
  expect(r.body.sent.map((s: { url: string; status_code: number }) => [s.url, s.status_code])).toEqual([
    [`${receiverBase}/bubble/initialize`, 200],
    [`${receiverBase}/bubble`, 200],
  ]);
  const hit = received.find((x) => x.path === '/bubble/initialize')!;
  expect(String(hit.headers['webhook-signature']).split(',')[1]).toBe(
    expectedSignature(SECRET_BYTES, hit.headers, hit.body),
  );
  const body = JSON.parse(hit.body);
  // marked, so a live workflow can skip it: the event is analysis.test and the external_id "sample"
  expect([body.event, body.external_id]).toEqual(['analysis.test', 'sample']);
  for (const m of catalog) expect(body[flatKey(m)]).not.toBeNull();
  // the same keys as a real delivery and as GET /v1/analyses/sample
  const real = JSON.parse(
    received.find((x) => x.path === '/ok' && JSON.parse(x.body).event === 'analysis.completed')!.body,
  );
  expect(Object.keys(body).sort()).toEqual(Object.keys(real).sort());
  const sample = await client.request('GET', '/v1/analyses/sample?format=flat');
  expect(Object.keys(sample.body).sort()).toEqual(
    Object.keys(real)
      .filter((k) => k !== 'event')
      .sort(),
  );
  // a URL given with /initialize already, or with a query, is parsed, not appended to
  const again = await client.request('POST', '/v1/webhooks/test', {
    body: JSON.stringify({ url: `${receiverBase}/bubble/initialize?debug=1` }),
    headers: { 'content-type': 'application/json' },
  });
  expect(again.body.sent.map((s: { url: string }) => s.url)).toEqual([`${receiverBase}/bubble/initialize?debug=1`]);
  // and never to a private address
  const refused = await client.request('POST', '/v1/webhooks/test', {
    body: JSON.stringify({ url: 'http://10.0.0.1/hook' }),
    headers: { 'content-type': 'application/json' },
  });
  expect([refused.status, refused.body.error.code]).toEqual([400, 'DESTINATION_NOT_ALLOWED']);
});

test('Prometheus: the API exports HTTP traffic and queue depth, the worker its jobs, stages and webhook attempts', async () => {
  // a request refused before routing (no key) is labelled with its route too, not "unmatched"
  expect((await client.as(null).request('POST', '/v1/analyses')).status).toBe(401);
  const api = await (await fetch(`${client.base}/metrics`)).text();
  expect(api).toMatch(/face_http_requests_total\{[^}]*method="POST",route="\/v1\/analyses",status="202"[^}]*\} [1-9]/);
  expect(api).toMatch(/face_http_requests_total\{[^}]*method="POST",route="\/v1\/analyses",status="401"[^}]*\} 1/);
  expect(api).toMatch(
    /face_http_requests_total\{[^}]*method="GET",route="\/v1\/webhooks\/deliveries\/\{id\}",status="200"[^}]*\} [1-9]/,
  );
  expect(api).toMatch(/face_queue_jobs\{[^}]*queue="analysis",state="completed"[^}]*\} [1-9]/);
  expect(api).toMatch(/face_analyses_last_24h\{[^}]*status="completed"[^}]*\} [1-9]/);
  expect(api).toMatch(/face_webhook_deliveries_last_24h\{[^}]*status="delivered"[^}]*\} [1-9]/);
  const worker = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
  expect(worker).toMatch(/face_jobs_total\{[^}]*job="analyze",outcome="completed"[^}]*\} [1-9]/);
  expect(worker).toMatch(/face_jobs_total\{[^}]*job="analyze",outcome="failed"[^}]*\} [1-9]/);
  expect(worker).toMatch(/face_job_stage_seconds_count\{[^}]*stage="detect"[^}]*\} [1-9]/);
  expect(worker).toMatch(/face_webhook_attempts_total\{[^}]*outcome="retry"[^}]*\} 2/);
  // the inference thread's memory after its last job: live tensors (the loaded models' weights) and the WASM heap
  expect(Number(/face_inference_tensors\{[^}]*thread="\d+"[^}]*\} (\d+)/.exec(worker)?.[1])).toBeGreaterThan(100);
  expect(Number(/face_inference_memory_bytes\{[^}]*kind="wasm_heap"[^}]*\} (\d+)/.exec(worker)?.[1])).toBeGreaterThan(
    2 ** 20,
  );
  const beat = Number(/face_worker_heartbeat_timestamp_seconds\{[^}]*\} (\d+(\.\d+)?)/.exec(worker)![1]);
  expect(Date.now() / 1000 - beat).toBeLessThan(15);
});

test('every message received in this suite (completed, failed, test) is a WebhookMessage of the published document', async () => {
  const validator = await validatorFor(client.base);
  const events = new Set<string>();
  for (const r of received) {
    const body = JSON.parse(r.body);
    events.add(body.event);
    expect([r.path, validator.checkComponent('WebhookMessage', body)]).toEqual([r.path, []]);
  }
  expect([...events].sort()).toEqual(['analysis.completed', 'analysis.failed', 'analysis.test']);
});
