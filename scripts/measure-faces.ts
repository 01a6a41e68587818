/**
 * `npm run measure:faces -- <set> [--shard i/n] [--limit N]`: fills the
 * attribute-model cache (.cache/face-features) for a labelled data set; run
 * one process per core with --shard to use the whole machine.
 */
import { measureFaces } from './lib/face-features';

async function main() {
  const set = process.argv[2];
  if (!set) throw new Error('usage: measure-faces <aaf|utkface|glasses> [--shard i/n] [--limit N]');
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const shard = (arg('--shard') ?? '0/1').split('/').map(Number) as [number, number];
  await measureFaces(set, { shard, limit: Number(arg('--limit') ?? Infinity) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
