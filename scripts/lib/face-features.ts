/**
 * Raw attribute-model outputs (FaceRes-deep descriptor, ages, P(male), expression)
 * for the labelled photos in ../shared/datasets, measured through the
 * production stages (decode, mirror-averaged detection, face selection, upright
 * crop, both mirror views) and cached under .cache/face-features so fitting and
 * benchmarking do not re-run the models.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeImage, selectFace, detectFacesSymmetric } from '@face/pipeline';
import { FaceModelRuntime, type FaceModelOutputs } from '@face/pipeline/face-models';
import { datasetPath } from './datasets';
import { parseLabels } from './labels';

export const CACHE_DIR = path.resolve(__dirname, '..', '..', '.cache', 'face-features');

export interface LabelledFace {
  set: string;
  file: string;
  age?: number;
  gender?: 'female' | 'male';
  eyeglasses?: 0 | 1;
  /** null when no face was found (the reason in `error`) */
  views: FaceModelOutputs[] | null;
  error?: string;
}

const cacheFile = (set: string, shard = '') => path.join(CACHE_DIR, `${set}${shard}.jsonl`);

/** Reads every cached line of a set (all shards). */
export function readCached(set: string): Map<string, LabelledFace> {
  const out = new Map<string, LabelledFace>();
  if (!fs.existsSync(CACHE_DIR)) return out;
  for (const f of fs.readdirSync(CACHE_DIR).filter((n) => n === `${set}.jsonl` || n.startsWith(`${set}.shard`))) {
    for (const line of fs.readFileSync(path.join(CACHE_DIR, f), 'utf8').split('\n')) {
      if (!line) continue;
      const row = JSON.parse(line) as LabelledFace;
      out.set(row.file, row);
    }
  }
  return out;
}

function labelsOf(set: string): Array<Omit<LabelledFace, 'views'>> {
  return parseLabels(datasetPath(set, 'labels.csv')).map((r) => ({
    set,
    file: r.file,
    ...(r.age !== undefined && { age: Number(r.age) }),
    ...(r.gender !== undefined && { gender: r.gender as 'female' | 'male' }),
    ...(r.eyeglasses !== undefined && { eyeglasses: Number(r.eyeglasses) as 0 | 1 }),
  }));
}

/**
 * Measures every photo of `set` not yet cached (this process's share of them
 * when `shard` = [index, count]), appending to the cache as it goes.
 */
export async function measureFaces(
  set: string,
  { shard = [0, 1] as [number, number], limit = Infinity, log = true } = {},
): Promise<void> {
  const cached = readCached(set);
  const todo = labelsOf(set)
    .filter((_, i) => i % shard[1] === shard[0])
    .filter((r) => !cached.has(r.file))
    .slice(0, limit);
  if (todo.length === 0) return;
  const runtime = await FaceModelRuntime.load('cpu');
  const { mirror } = runtime.meshMaps();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const out = fs.openSync(cacheFile(set, shard[1] > 1 ? `.shard${shard[0]}` : ''), 'a');
  const t0 = performance.now();
  for (const [n, row] of todo.entries()) {
    let line: LabelledFace;
    try {
      const img = await decodeImage(datasetPath(set, row.file), { maxPixels: 50_000_000 });
      const { face } = selectFace(await detectFacesSymmetric(runtime, img, mirror), 'largest', 16);
      line = { ...row, views: await runtime.describeFace(img, face, { mirror: true }) };
    } catch (e) {
      line = { ...row, views: null, error: (e as Error).message };
    }
    fs.writeSync(out, `${JSON.stringify(line, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e5) / 1e5 : v))}\n`);
    if (log && (n + 1) % 200 === 0)
      console.log(`${set}: ${n + 1}/${todo.length} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  fs.closeSync(out);
}

/** The labelled faces of a set with model outputs, measuring what is missing first. */
export async function labelledFaces(set: string): Promise<LabelledFace[]> {
  await measureFaces(set);
  const cached = readCached(set);
  return labelsOf(set).map((r) => cached.get(r.file)!);
}
