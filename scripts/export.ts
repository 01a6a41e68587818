/**
 * `npm run export [-- --from YYYY-MM-DD --to YYYY-MM-DD --status completed --lang ko --dir ./db_backup]`:
 * writes every analysis with its profile and metrics to <dir>/YYYYMMDDHHmm.csv
 * (the same CSV as GET /v1/exports/analyses.csv), streamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '@face/config';
import { openDatabase, streamAnalysesCsv, type AnalysisStatus } from '@face/db';
import { embeddedUrl } from '@face/db/embedded-url';

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 12);

async function main() {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      status: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      dir: { type: 'string', default: './db_backup' },
    },
  });
  if (values.lang !== 'en' && values.lang !== 'ko') throw new Error('--lang must be en or ko');
  const date = (v?: string) => {
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${v}`);
    return d;
  };
  const config = loadConfig();
  const ds = await openDatabase({
    url: config.DATABASE_URL ?? embeddedUrl(config.EMBEDDED_PG_PORT),
    applicationName: 'face-export',
  });
  try {
    fs.mkdirSync(values.dir!, { recursive: true });
    const file = path.join(values.dir!, `${stamp(new Date())}.csv`);
    const csv = await streamAnalysesCsv(
      ds,
      { from: date(values.from), to: date(values.to), status: values.status as AnalysisStatus | undefined },
      values.lang,
    );
    await pipeline(csv, fs.createWriteStream(file, { mode: 0o600 }));
    console.log(`wrote ${file} (${fs.statSync(file).size} bytes)`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
