/**
 * Backup and restore of what the service owns: the database (pg_dump custom
 * format, restored with pg_restore) and the content-addressed image store
 * (a gzipped tar). A backup is a directory `<dir>/YYYYMMDDHHmm/` holding
 * `database.dump`, `images.tar.gz` and `manifest.json` (row counts, for a check
 * after restoring).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import { Client } from 'pg';

const run = promisify(execFile);

/** Tables whose row counts the manifest records and a restore checks. */
export const COUNTED_TABLES = [
  'analyses',
  'profiles',
  'analysis_metrics',
  'face_observations',
  'model_versions',
  'api_keys',
  'webhook_deliveries',
  'webhook_attempts',
];

export interface Manifest {
  created_at: string;
  pg_dump: string;
  rows: Record<string, number>;
  images: number;
}

/** pg_dump / pg_restore from PG_BIN_DIR when set (a client matching the server's major version), else from PATH. */
const pgTool = (name: 'pg_dump' | 'pg_restore', binDir?: string) => (binDir ? path.join(binDir, name) : name);

export async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of COUNTED_TABLES) out[t] = Number((await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
    return out;
  } finally {
    await c.end();
  }
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

export async function backup(
  databaseUrl: string,
  imageDir: string,
  outDir: string,
  { at = new Date(), binDir }: { at?: Date; binDir?: string } = {},
): Promise<{ dir: string; manifest: Manifest }> {
  const dir = path.join(outDir, at.toISOString().replace(/[-:T]/g, '').slice(0, 12));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { stdout: version } = await run(pgTool('pg_dump', binDir), ['--version']);
  // custom format: compressed, restorable table by table, portable across minor versions
  await run(
    pgTool('pg_dump', binDir),
    ['--format=custom', '--no-owner', '--file', path.join(dir, 'database.dump'), databaseUrl],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const images = countFiles(imageDir);
  if (images > 0)
    await tar.create({ gzip: true, file: path.join(dir, 'images.tar.gz'), cwd: imageDir }, fs.readdirSync(imageDir));
  const manifest: Manifest = {
    created_at: at.toISOString(),
    pg_dump: version.trim(),
    rows: await rowCounts(databaseUrl),
    images,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest };
}

/**
 * Restores a backup directory (or its database.dump) into `databaseUrl`,
 * replacing what is there (pg_restore --clean), and unpacks the images into
 * `imageDir` (content-addressed: existing files are the same bytes).
 * Returns the row counts found after restoring, checked against the manifest.
 */
export async function restore(
  source: string,
  databaseUrl: string,
  imageDir: string,
  binDir?: string,
): Promise<{ manifest: Manifest; rows: Record<string, number> }> {
  const dir = fs.statSync(source).isDirectory() ? source : path.dirname(source);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  await run(
    pgTool('pg_restore', binDir),
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      '--dbname',
      databaseUrl,
      path.join(dir, 'database.dump'),
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  if (fs.existsSync(path.join(dir, 'images.tar.gz'))) {
    fs.mkdirSync(imageDir, { recursive: true });
    await tar.extract({ file: path.join(dir, 'images.tar.gz'), cwd: imageDir });
  }
  const rows = await rowCounts(databaseUrl);
  const differ = COUNTED_TABLES.filter((t) => rows[t] !== manifest.rows[t]);
  if (differ.length > 0)
    throw new Error(
      `restored row counts differ from the backup's manifest: ${differ.map((t) => `${t} ${rows[t]} ≠ ${manifest.rows[t]}`).join(', ')}`,
    );
  return { manifest, rows };
}
