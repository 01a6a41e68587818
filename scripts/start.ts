/**
 * `npm start`: the API and one worker, as separate processes. With no
 * DATABASE_URL it starts an embedded Postgres under DATA_DIR (in a process
 * group of its own, scripts/embedded-postgres.ts); with no REDIS_URL the
 * queue runs on BullMQ's Postgres backend in that database. A child that
 * exits unexpectedly is restarted; SIGINT/SIGTERM stop the API and worker
 * first and Postgres last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, publicBaseUrl } from '@face/config';
import { mintApiKey, openDatabase } from '@face/db';

const ROOT = path.resolve(__dirname, '..');
const log = (msg: string) => console.log(`[start] ${msg}`);

async function main() {
  const config = loadConfig();
  let embedded: EmbeddedPostgresProcess | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgresProcess(config.dataDir, config.EMBEDDED_PG_PORT);
    databaseUrl = embedded.url;
    log(`embedded Postgres on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${path.join(config.dataDir, 'pg')})`);
  }
  const ds = await openDatabase({ url: databaseUrl, applicationName: 'face-start' });
  await ds.destroy();
  log(`queue backend: ${config.REDIS_URL ? 'Redis' : 'PostgreSQL (BullMQ Postgres backend)'}`);

  const adminKey = config.ADMIN_API_KEY ?? localSecret(config.dataDir, ADMIN_KEY_FILE, mintApiKey);
  const webhookSecret =
    config.WEBHOOK_SECRET ??
    localSecret(config.dataDir, WEBHOOK_SECRET_FILE, () => `whsec_${randomBytes(32).toString('base64')}`);
  const urlSigningSecret =
    config.URL_SIGNING_SECRET ??
    localSecret(config.dataDir, URL_SIGNING_SECRET_FILE, () => randomBytes(32).toString('base64url'));
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: config.dataDir,
    ADMIN_API_KEY: adminKey,
    WEBHOOK_SECRET: webhookSecret,
    URL_SIGNING_SECRET: urlSigningSecret,
  };
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const run = (name: string, file: string) => {
    const child = spawn(process.execPath, [...process.execArgv, path.join(ROOT, file)], { env, stdio: 'inherit' });
    children.set(name, child);
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (stopping) return;
      log(`${name} exited (${signal ?? code}); restarting in 2 s`);
      setTimeout(() => !stopping && run(name, file), 2000);
    });
  };
  run('api', 'apps/api/src/main.ts');
  run('worker', 'apps/worker/src/main.ts');

  const base = publicBaseUrl(config);
  void waitForHealth(`http://127.0.0.1:${config.PORT}/healthz`).then((ok) => {
    if (!ok) return;
    log(`API ready at ${base}`);
    if (!config.ADMIN_API_KEY)
      log(`local admin key (kept in ${path.join(config.dataDir, ADMIN_KEY_FILE)}): ${adminKey}`);
    log(
      `try: curl -H 'Authorization: Bearer ${config.ADMIN_API_KEY ? '$ADMIN_API_KEY' : adminKey}' -F image=@../shared/datasets/personal_color/summer/smr_20.jpg '${base}/v1/analyses?wait=20'`,
    );
    log(`client keys for apps: npm run keys -- create --name <app> --scope client`);
  });

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${signal})`);
    await Promise.all(
      [...children.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

interface EmbeddedPostgresProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts scripts/embedded-postgres.ts detached (its own process group, so a terminal's Ctrl-C reaches only the
 * launcher's group) with an IPC channel (it stops Postgres when the launcher goes away, even killed outright).
 */
async function startEmbeddedPostgresProcess(dataDir: string, port: number): Promise<EmbeddedPostgresProcess> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(ROOT, 'scripts', 'embedded-postgres.ts'), dataDir, String(port)],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => {
    err += d;
    for (const line of String(d).split('\n'))
      if (line.trim() && !line.startsWith('embedded Postgres failed:')) log(line.trim());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const ready = /^ready (\S+)/m.exec(out);
      if (ready) resolve(ready[1]);
    };
    child.stdout!.on('data', onData);
    void exited.then(() =>
      reject(
        new Error(
          /embedded Postgres failed: (.*)/.exec(err)?.[1] ??
            `embedded Postgres exited before it was ready: ${err.trim().slice(-500)}`,
        ),
      ),
    );
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const ADMIN_KEY_FILE = 'admin-api-key';
const WEBHOOK_SECRET_FILE = 'webhook-secret';
const URL_SIGNING_SECRET_FILE = 'url-signing-secret';

/**
 * Without ADMIN_API_KEY / WEBHOOK_SECRET, `npm start` keeps a local one under
 * DATA_DIR (created on first start, readable by the owner only), so a fresh
 * checkout can call the API and receive signed webhooks at once.
 */
function localSecret(dataDir: string, name: string, mint: () => string): string {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = mint();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function waitForHealth(url: string, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

main().catch((e) => {
  console.error(`start failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
