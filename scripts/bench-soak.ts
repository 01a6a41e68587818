/**
 * `npm run bench:soak [-- --count N --allocator jemalloc|glibc]`: N analyses (default 1,000) through one worker, posted at a steady
 * pace (at most 16 waiting). Samples the API's and the worker's resident memory every 5 s and checks that
 * it stays flat after warm-up (no tensor, handle or buffer leak) and that no analysis is lost or done twice.
 * The inference thread reports its live tensors, WASM heap and V8 heap with every completed job, so a
 * leak can be told apart from the C allocator holding freed pages. The processes run with jemalloc
 * preloaded, as the Docker image does (`--allocator glibc` for the system allocator).
 * Publishes the figures in docs/RELIABILITY.md.
 */
import fs from 'node:fs';
import type { ThreadMemory } from '@face/pipeline/thread';
import { Stack } from '../test/helpers/stack';
import { oneMegapixelPortraits } from './lib/photos';
import { publishSection, table } from './lib/report';
import { percentile } from './lib/stats';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

const MAX_GROWTH = 0.05;
const IN_FLIGHT = 16;
const MiB = 2 ** 20;
/** Where Debian's libjemalloc2 (installed in the Docker image) puts the library. */
const JEMALLOC = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

/** The inference thread's memory, in job order, from the worker's "analysis completed" log lines. */
function threadMemory(logs: string): ThreadMemory[] {
  return logs
    .split('\n')
    .filter((l) => l.includes('"analysis completed"'))
    .map((l) => (JSON.parse(l) as { memory: ThreadMemory }).memory);
}

interface Sample {
  at: number;
  finished: number;
  api: number;
  worker: number;
}

async function main() {
  const count = arg('count', 1000);
  const warmup = Math.round(count / 10);
  console.log(`# npm run bench:soak — ${count} analyses, warm-up ${warmup}`);
  const photos = await oneMegapixelPortraits(30);
  const allocator = process.argv.includes('--allocator')
    ? process.argv[process.argv.indexOf('--allocator') + 1]
    : 'jemalloc';
  if (allocator === 'jemalloc' && !fs.existsSync(JEMALLOC))
    throw new Error(`${JEMALLOC} not found: apt-get install libjemalloc2, or pass --allocator glibc`);
  const stack = await Stack.start({ workers: 1, env: allocator === 'jemalloc' ? { LD_PRELOAD: JEMALLOC } : {} });
  const samples: Sample[] = [];
  const t0 = Date.now();
  let finished = 0;
  try {
    const countFinished = async () =>
      (
        await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyses WHERE status IN ('completed','failed')`)
      )[0].n;
    const sample = async () => {
      const u = await stack.usage();
      finished = await countFinished();
      samples.push({ at: Date.now() - t0, finished, api: u.api.rss, worker: u['worker-1'].rss });
    };
    const sampler = setInterval(() => void sample().catch(() => undefined), 5000);
    const ids: string[] = [];
    while (ids.length < count) {
      if (ids.length - finished >= IN_FLIGHT) {
        await new Promise((r) => setTimeout(r, 200));
        finished = await countFinished();
        continue;
      }
      const res = await stack.client.post({
        bytes: photos[ids.length % photos.length],
        name: `soak-${ids.length}.jpg`,
      });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(res.body)}`);
      ids.push(res.body.id);
      if (ids.length % 100 === 0)
        console.log(`posted ${ids.length}, finished ${finished}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const rows = await stack.waitFinished(ids, 3_600_000);
    clearInterval(sampler);
    await sample();
    const elapsed = (Date.now() - t0) / 1000;

    const memory = threadMemory(stack.workers[0].logs());
    const completedLogs = memory.length;
    const completed = rows.filter((r) => r.status === 'completed').length;
    const failed = rows.filter((r) => r.status === 'failed');
    const lost = count - rows.length;
    const after = samples.filter((s) => s.finished >= warmup && s.finished < warmup * 2);
    const end = samples.filter((s) => s.finished >= count - warmup);
    const median = (xs: number[]) => percentile(xs, 50);
    const growth = (k: 'api' | 'worker') => median(end.map((s) => s[k])) / median(after.map((s) => s[k])) - 1;
    const g = { api: growth('api'), worker: growth('worker') };
    // the thread's own figures, same windows (by job number)
    const threadGrowth = (k: 'tensors' | 'wasmHeapBytes' | 'heapUsedBytes') => {
      const at = (from: number, to: number) => median(memory.slice(from, to).map((m) => m[k] ?? 0));
      return { after: at(warmup, warmup * 2), end: at(count - warmup, count) };
    };
    const tensors = threadGrowth('tensors');
    const wasm = threadGrowth('wasmHeapBytes');
    const heap = threadGrowth('heapUsedBytes');
    const tensorsFlat = memory.slice(warmup).every((m) => m.tensors === memory[warmup]?.tensors);
    const checkpoints = Array.from({ length: 11 }, (_, i) => Math.round((i * count) / 10))
      .map((n) => samples.find((s) => s.finished >= n))
      .filter((s): s is Sample => Boolean(s));
    const verdict = (x: number) =>
      `${(x * 100).toFixed(1)} % (${Math.abs(x) < MAX_GROWTH ? 'within' : 'OVER'} the ${MAX_GROWTH * 100} % bound)`;
    const body = [
      `Windows compared: analyses ${warmup}–${warmup * 2} after warm-up against the last ${warmup} (medians of the samples in each). ` +
        `${count} analyses of ~1 MP portraits (30 different photos in turn) through one worker (concurrency 1), posted with at most ${IN_FLIGHT} waiting; ${(elapsed / 60).toFixed(1)} min, ${(count / elapsed).toFixed(2)} analyses/s.`,
      '',
      table(
        ['', 'result'],
        [
          ['finished / posted', `${rows.length} / ${count} (lost: ${lost})`],
          ['completed', completed],
          [
            'failed (input codes)',
            failed.length === 0 ? '0' : `${failed.length}: ${[...new Set(failed.map((f) => f.error_code))].join(', ')}`,
          ],
          [
            '"analysis completed" logged',
            `${completedLogs} (one per completed analysis: ${completedLogs === completed ? 'yes' : 'NO'})`,
          ],
          [`API RSS growth after warm-up (${warmup} analyses)`, verdict(g.api)],
          ['worker RSS growth after warm-up', verdict(g.worker)],
          [
            'inference thread: live tensors after each job',
            `${tensors.after} → ${tensors.end} (${tensorsFlat ? 'the same after every job: no tensor leak' : 'CHANGED: tensors leak'})`,
          ],
          [
            'inference thread: WASM heap (median)',
            `${(wasm.after / MiB).toFixed(0)} → ${(wasm.end / MiB).toFixed(0)} MiB`,
          ],
          [
            'inference thread: V8 heap in use (median)',
            `${(heap.after / MiB).toFixed(0)} → ${(heap.end / MiB).toFixed(0)} MiB`,
          ],
          ['allocator', allocator === 'jemalloc' ? 'jemalloc (LD_PRELOAD, as in the Docker image)' : 'glibc malloc'],
        ],
      ),
      '',
      'Resident memory as the run went on (sampled every 5 s):',
      '',
      table(
        ['finished', 'time s', 'API RSS MiB', 'worker RSS MiB'],
        checkpoints.map((s) => [
          s.finished,
          (s.at / 1000).toFixed(0),
          (s.api / MiB).toFixed(0),
          (s.worker / MiB).toFixed(0),
        ]),
      ),
    ].join('\n');
    console.log(body);
    publishSection(
      'RELIABILITY.md',
      'bench-soak',
      'Soak: 1,000 analyses through one worker',
      body,
      `npm run bench:soak -- --count ${count} --allocator ${allocator}`,
    );
    const ok =
      lost === 0 &&
      completedLogs === completed &&
      tensorsFlat &&
      Math.abs(g.api) < MAX_GROWTH &&
      Math.abs(g.worker) < MAX_GROWTH;
    await stack.stop();
    process.exit(ok ? 0 : 1);
  } catch (e) {
    await stack.stop();
    throw e;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
