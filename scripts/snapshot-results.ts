/**
 * `npm run snapshot:results -- <out.json> [--portraits N]`: sends N portraits (default 10) through a whole
 * service on loopback (API, queue, one worker, a fresh database) and writes what a client reads back:
 * the flat result in Korean, the nested result, and the overlay's and drape's bytes as hashes. Only what
 * differs by run (ids, times, signed links, durations) is blanked. Two snapshots taken before and after a
 * refactoring must be byte-identical: `cmp before.json after.json`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Stack } from '../test/helpers/stack';
import { oneMegapixelPortraits } from './lib/photos';

/** Keys whose values change from run to run, whatever the code does. */
const VOLATILE = /(^id$|_id$|_at$|_url$|^url$|_ms$|duration|token|expires|attempt|^links$)/;

function blankVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(blankVolatile);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, VOLATILE.test(k) && v !== null ? '<varies>' : blankVolatile(v)]),
    );
  return value;
}

async function main() {
  const out = process.argv[2];
  if (!out || out.startsWith('--')) throw new Error('usage: npm run snapshot:results -- <out.json> [--portraits N]');
  const at = process.argv.indexOf('--portraits');
  const count = at > 0 ? Number(process.argv[at + 1]) : 10;
  const photos = await oneMegapixelPortraits(count);
  const stack = await Stack.start({ workers: 1 });
  try {
    const client = stack.client;
    const snapshot = [];
    for (const [i, photo] of photos.entries()) {
      const posted = await client.post(
        { bytes: photo, name: `portrait-${i}.jpg` },
        { external_id: `snapshot-${i}`, birth_date: `${1975 + 3 * i}-05-01`, gender: i % 2 ? 'male' : 'female' },
      );
      if (posted.status !== 202) throw new Error(`portrait ${i}: ${posted.status} ${JSON.stringify(posted.body)}`);
      const id = posted.body.id as string;
      await client.waitForStatus(id, ['completed', 'failed'], 180_000);
      const flat = (await client.get(id, '?format=flat&lang=ko')).body;
      const nested = (await client.get(id)).body;
      const picture = async (kind: string) => {
        const res = await fetch(`${client.base}/v1/analyses/${id}/${kind}.png`, {
          headers: { authorization: `Bearer ${client.key}` },
        });
        return `${res.status} ${crypto
          .createHash('sha256')
          .update(Buffer.from(await res.arrayBuffer()))
          .digest('hex')}`;
      };
      snapshot.push({
        portrait: i,
        flat: blankVolatile(flat),
        nested: blankVolatile(nested),
        overlay: await picture('overlay'),
        drape: await picture('drape'),
      });
      console.log(`portrait ${i}: ${flat.status}`);
    }
    fs.writeFileSync(out, JSON.stringify(snapshot, null, 1) + '\n');
    console.log(`wrote ${out}`);
  } finally {
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
