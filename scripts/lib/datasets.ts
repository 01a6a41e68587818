/** Paths into ../shared/datasets (read in place; photos are never copied into the repo). */
import fs from 'node:fs';
import path from 'node:path';

export const DATASETS_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets');

export function datasetPath(...parts: string[]): string {
  return path.join(DATASETS_DIR, ...parts);
}

/** Every photo listed in a data set's labels.csv (first column = file, relative to the folder), in file order. */
export function datasetFiles(set: string): string[] {
  const root = datasetPath(set);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(jpe?g|png|webp)$/i.test(e.name)) found.push(p);
    }
  };
  walk(root);
  return found;
}

/** Every k-th item so that `n` are taken, spread over the whole list (a set's files, a labels table). */
export const spread = <T>(items: T[], n: number): T[] =>
  items.filter((_, i) => i % Math.max(1, Math.floor(items.length / n)) === 0).slice(0, n);
