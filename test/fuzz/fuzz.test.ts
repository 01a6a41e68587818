/**
 * Fuzzing through the real service: mutated real photos (byte flips,
 * truncation, wrong headers, huge declared dimensions, ...) are uploaded to
 * the API; each gets a defined error code or goes to a worker and finishes
 * completed or failed with a defined input code. No process crashes, no 5xx,
 * memory stays bounded. `npm run test:fuzz` runs 500 cases, `npm test` 40.
 * The outcome of every case is written to test-artifacts/fuzz-report.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppError, ErrorCode } from '@face/errors';
import { portraitFiles } from '../helpers/datasets';
import { ROOT } from '../helpers/processes';
import { Stack } from '../helpers/stack';
import { corpus } from './mutations';

const CASES = Number(process.env.FUZZ_CASES ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
/** generous bounds: a leak or an unbounded decode shows as gigabytes */
const MAX_RSS = { api: 800 * 2 ** 20, worker: 2.5 * 2 ** 30 };
const PERMANENT_CODES = (Object.values(ErrorCode) as ErrorCode[]).filter((c) => new AppError(c, '').permanent);

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ workers: 1, env: { JOB_ATTEMPTS: '2' } });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** Three real portraits at phone-upload size, as JPEG, PNG and WebP. */
async function bases(): Promise<Array<{ name: string; bytes: Buffer }>> {
  const [a, b, c] = portraitFiles(3);
  const small = (f: string) => sharp(f).rotate().resize({ width: 900, height: 900, fit: 'inside' });
  return [
    { name: path.basename(a), bytes: await small(a).jpeg({ quality: 90 }).toBuffer() },
    { name: `${path.basename(b)} as PNG`, bytes: await small(b).png().toBuffer() },
    { name: `${path.basename(c)} as WebP`, bytes: await small(c).webp().toBuffer() },
  ];
}

test(`${CASES} mutated photos: a defined outcome for each, no crash, bounded memory`, async () => {
  const cases = corpus(await bases(), CASES, SEED);
  const outcomes: Array<{ name: string; http: number; code: string | null; id?: string; final?: string }> = [];
  const peak: Record<string, number> = {};
  const sample = async () => {
    for (const [name, u] of Object.entries(await stack.usage())) peak[name] = Math.max(peak[name] ?? 0, u.rss);
  };
  const sampler = setInterval(() => void sample().catch(() => undefined), 1000);
  try {
    // four uploads at a time, like a few app users at once
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < cases.length) {
          const c = cases[next++];
          const res = await stack.client.post({ bytes: c.bytes, name: 'selfie.jpg' });
          outcomes.push({
            name: c.name,
            http: res.status,
            code: res.body?.error?.code ?? null,
            id: res.status === 202 ? res.body.id : undefined,
          });
        }
      }),
    );
    const accepted = outcomes.filter((o) => o.id);
    const rows = await stack.waitFinished(
      accepted.map((o) => o.id!),
      900_000,
    );
    for (const o of accepted) {
      const row = rows.find((r) => r.id === o.id)!;
      o.final = row.status === 'completed' ? 'completed' : `failed ${row.error_code}`;
    }
    await sample();
  } finally {
    clearInterval(sampler);
    fs.mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, 'test-artifacts', 'fuzz-report.json'),
      JSON.stringify({ seed: SEED, cases: CASES, peakRssBytes: peak, outcomes }, null, 1),
    );
  }

  expect(outcomes).toHaveLength(CASES);
  // every refusal is a 4xx with an input code; nothing is a 5xx
  for (const o of outcomes.filter((x) => x.http !== 202)) {
    expect([o.name, o.http < 500, PERMANENT_CODES.includes(o.code as ErrorCode)]).toEqual([o.name, true, true]);
  }
  // every accepted photo finished with a result or an input code (never INTERNAL, never retried to death)
  for (const o of outcomes.filter((x) => x.id)) {
    const ok = o.final === 'completed' || PERMANENT_CODES.some((c) => o.final === `failed ${c}`);
    expect([o.name, o.final, ok]).toEqual([o.name, o.final, true]);
  }
  // both processes are the ones started at the beginning, still up
  for (const p of [stack.api, ...stack.workers])
    expect([p.name, p.child.exitCode, p.child.signalCode]).toEqual([p.name, null, null]);
  expect(peak.api).toBeLessThan(MAX_RSS.api);
  expect(peak['worker-1']).toBeLessThan(MAX_RSS.worker);
}, 1_200_000);
