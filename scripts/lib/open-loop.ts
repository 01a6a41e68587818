/**
 * Open-loop load: requests arrive as a Poisson process at a fixed mean rate,
 * whatever the server is doing, and each one's latency is counted from the
 * moment it was due — so a slow server cannot slow the arrivals down and hide
 * its own queueing (coordinated omission).
 *
 * Hand-written because autocannon's rate mode fits neither need: it sends each
 * connection's per-second quota in a burst at the top of every second, and it
 * corrects coordinated omission with an expected interval of ceil(1/rate) ms —
 * 1 ms at one request a second — which turns a single 90 ms response into 90
 * synthetic samples.
 */
import { Pool } from 'undici';
import prand from 'pure-rand';
import { percentile } from './stats';

export interface OpenLoopOptions {
  /** base URL, e.g. http://127.0.0.1:3000 */
  origin: string;
  path: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: Buffer;
  /** mean arrivals per second, across all clients */
  rate: number;
  seconds: number;
  /** concurrent clients (connections); a request due while all are busy waits, and the wait counts */
  clients: number;
  seed?: number;
}

export interface OpenLoopResult {
  sent: number;
  completed: number;
  ratePerSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const pool = new Pool(o.origin, { connections: o.clients, pipelining: 1 });
  const rng = prand.xoroshiro128plus(o.seed ?? 20261122); // seeded: reruns send the same arrival pattern
  const uniform = () => prand.unsafeUniformIntDistribution(1, 2 ** 31 - 1, rng) / 2 ** 31; // in (0, 1)
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const inFlight: Array<Promise<void>> = [];
  const start = performance.now();
  let due = start;
  for (;;) {
    due += (-Math.log(uniform()) / o.rate) * 1000; // exponential inter-arrival time
    if (due - start > o.seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const scheduled = due;
    inFlight.push(
      pool
        .request({ path: o.path, method: o.method, headers: o.headers, body: o.body })
        .then(async (res) => {
          await res.body.dump();
          latencies.push(performance.now() - scheduled);
          if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(inFlight);
  await pool.close();
  return {
    sent: inFlight.length,
    completed: latencies.length,
    ratePerSecond: inFlight.length / o.seconds,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    max: Math.round(Math.max(...latencies)),
    non2xx,
    errors,
  };
}
