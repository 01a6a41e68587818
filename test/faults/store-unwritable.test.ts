/**
 * Fault: the image-store directory cannot take writes (a read-only bind mount
 * of DATA_DIR, as a full or read-only volume behaves). The API answers 503
 * STORAGE_UNAVAILABLE and leaves no row and no partial file; a worker that
 * cannot store its overlay keeps the job waiting, and it completes once the
 * store is writable again.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portraitFiles, PORTRAITS } from '../helpers/datasets';
import { Stack } from '../helpers/stack';
import { expectExactlyOnce } from './exactly-once';

const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });
const readOnly = (dir: string) => {
  mount('--bind', dir, dir);
  mount('-o', 'remount,ro,bind', dir);
};
const writable = (dir: string) => execFileSync('umount', [dir], { stdio: 'pipe' });

/** Read-only bind mounts need root (CAP_SYS_ADMIN); without it the scenario is reported as skipped, not passed. */
function canMountReadOnly(): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-ro-probe-'));
  try {
    readOnly(dir);
    writable(dir);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());

const scenario = canMountReadOnly() ? test : test.skip;
let stack: Stack;
let mounted = false;

beforeAll(async () => {
  stack = await Stack.start({ workers: 0 });
}, 180_000);

afterAll(async () => {
  if (mounted) writable(stack.dataDir);
  await stack?.stop();
});

scenario(
  'an unwritable image store: 503 STORAGE_UNAVAILABLE at the API, jobs wait in the worker, nothing half-written',
  async () => {
    const ids: string[] = [];
    for (const file of portraitFiles(3)) ids.push((await stack.client.post(file)).body.id);
    const storedBefore = filesUnder(stack.dataDir).sort();

    readOnly(stack.dataDir);
    mounted = true;
    const refused = await stack.client.post(PORTRAITS.frontal);
    expect([refused.status, refused.body.error.code]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect((await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyses`))[0].n).toBe(ids.length);
    expect(filesUnder(stack.dataDir).sort()).toEqual(storedBefore);
    expect((await stack.client.request('GET', '/readyz')).body.checks.image_store).toMatch(/unavailable/);

    // the photos are readable, the overlays cannot be written: the jobs wait instead of failing
    const worker = await stack.addWorker();
    await worker.waitForLog(
      /dependency down: job waits without using an attempt.*STORAGE_UNAVAILABLE|STORAGE_UNAVAILABLE.*dependency down/,
      120_000,
    );
    expect((await stack.sql(`SELECT 1 FROM analyses WHERE status = 'failed'`)).length).toBe(0);

    writable(stack.dataDir);
    mounted = false;
    const rows = await stack.waitFinished(ids, 180_000);
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
    expect(filesUnder(stack.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await expectExactlyOnce(stack, ids);
  },
  400_000,
);
