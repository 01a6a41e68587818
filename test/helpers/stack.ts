/**
 * A whole service on loopback for fault, fuzz, load and soak runs: a database
 * (a fresh one on the machine's Postgres, or an embedded Postgres that can be
 * stopped and started), a queue (the machine's Redis with an own key prefix,
 * an own redis-server that can be restarted, or BullMQ's Postgres backend),
 * one API and any number of workers. Everything it starts, it stops and removes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pidusage from 'pidusage';
import { ApiClient, TEST_ADMIN_KEY } from './api-client';
import { REDIS_URL, createTestDatabase, eventually, freePort, uniqueName, type TestDatabase } from './env';
import { startProcess, type RunningProcess } from './processes';

const EMBEDDED_PG = 'scripts/embedded-postgres.ts';

export interface StackOptions {
  /** `machine`: a fresh database on 127.0.0.1:5432; `embedded`: an own Postgres that `restartPostgres` can stop */
  postgres?: 'machine' | 'embedded';
  /** `machine`: 127.0.0.1:6379 with an own prefix; `own`: an own redis-server (AOF on); `postgres`: BullMQ's Postgres backend */
  queue?: 'machine' | 'own' | 'postgres';
  workers?: number;
  /** extra environment for the API and the workers */
  env?: Record<string, string>;
  /** run the compiled build (dist/, `npm run build`) with plain node, as production does, instead of tsx */
  compiled?: boolean;
}

/** An own redis-server with append-only persistence, so a restart keeps the queue (like production). */
export class RedisServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), fs.mkdtempSync(path.join(os.tmpdir(), 'face-redis-')));
    await server.up();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--maxmemory-policy',
      'noeviction',
    ];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited: ${out.slice(-500)}`);
        return /Ready to accept connections/.test(out);
      },
      15_000,
      50,
    );
  }

  /** SIGTERM: Redis flushes the append-only file and exits, as in a planned restart. */
  async down(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  async remove(): Promise<void> {
    await this.down();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export class Stack {
  api!: RunningProcess;
  workers: RunningProcess[] = [];
  client!: ApiClient;
  env!: Record<string, string>;
  dataDir!: string;
  redis?: RedisServer;
  private db?: TestDatabase;
  private embedded?: RunningProcess;
  private pgDir?: string;
  private pgPort = 0;
  private workerSeq = 0;

  constructor(private readonly opts: StackOptions = {}) {}

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const stack = new Stack(opts);
    try {
      await stack.boot();
    } catch (e) {
      await stack.stop();
      throw e;
    }
    return stack;
  }

  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }

  private async boot(): Promise<void> {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-stack-'));
    let databaseUrl: string;
    if (this.opts.postgres === 'embedded') {
      this.pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-pg-'));
      fs.chmodSync(this.pgDir, 0o755); // as root, initdb runs as the postgres user, who must reach the data directory
      this.pgPort = await freePort();
      databaseUrl = await this.startEmbedded();
    } else {
      this.db = await createTestDatabase();
      databaseUrl = this.db.url;
    }
    const queue = this.opts.queue ?? 'machine';
    if (queue === 'own') this.redis = await RedisServer.start();
    const port = await freePort();
    this.env = {
      DATABASE_URL: databaseUrl,
      ...(queue === 'postgres' ? {} : { REDIS_URL: queue === 'own' ? this.redis!.url : REDIS_URL }),
      QUEUE_PREFIX: uniqueName('stack').toLowerCase(),
      DATA_DIR: this.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      RATE_LIMIT_PER_MINUTE: '1000000',
      // short locks and back-off so a lost worker's job is recovered within seconds
      WORKER_LOCK_MS: '4000',
      WORKER_STALLED_INTERVAL_MS: '2000',
      JOB_BACKOFF_MS: '500',
      ...this.opts.env,
    };
    this.api = startProcess('api', this.entry('api'), this.env);
    this.client = new ApiClient(`http://127.0.0.1:${port}`);
    const workers = Array.from({ length: this.opts.workers ?? 1 }, () => this.addWorker());
    await Promise.all([this.api.waitForLog(/api listening/), ...workers]);
  }

  /** Starts one more worker and waits until it takes jobs. */
  async addWorker(extraEnv: Record<string, string> = {}): Promise<RunningProcess> {
    const worker = startProcess(`worker-${++this.workerSeq}`, this.entry('worker'), { ...this.env, ...extraEnv });
    this.workers.push(worker);
    await worker.waitForLog(/worker ready/, 120_000);
    return worker;
  }

  private entry(app: 'api' | 'worker'): string {
    return this.opts.compiled ? `dist/apps/${app}/src/main.js` : `apps/${app}/src/main.ts`;
  }

  private async startEmbedded(): Promise<string> {
    this.embedded = startProcess('postgres', EMBEDDED_PG, {}, [this.pgDir!, String(this.pgPort)]);
    await this.embedded.waitForLog(/^ready /m, 120_000);
    return /^ready (\S+)/m.exec(this.embedded.logs())![1];
  }

  /** Stops the embedded Postgres (a clean shutdown), waits `downMs`, starts it again on the same port and data. */
  async restartPostgres(downMs: number, whileDown: () => Promise<void> = async () => undefined): Promise<void> {
    if (!this.embedded) throw new Error('restartPostgres needs postgres: "embedded"');
    await this.embedded.stop();
    const until = Date.now() + downMs;
    await whileDown();
    await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())));
    await this.startEmbedded();
  }

  async sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.databaseUrl });
    await c.connect();
    try {
      return (await c.query(query, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /** Waits until every given analysis has finished (completed or failed); returns their rows. */
  async waitFinished(
    ids: string[],
    timeoutMs: number,
  ): Promise<Array<{ id: string; status: string; error_code: string | null }>> {
    await eventually(
      async () => {
        const [{ n }] = await this.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM analyses WHERE id = ANY($1) AND status IN ('completed','failed')`,
          [ids],
        );
        return n === ids.length;
      },
      timeoutMs,
      500,
    );
    return this.sql(`SELECT id, status, error_code FROM analyses WHERE id = ANY($1)`, [ids]);
  }

  /** Resident memory (bytes) and CPU (%) of the API and each worker process. */
  async usage(): Promise<Record<string, { rss: number; cpu: number }>> {
    const procs = [this.api, ...this.workers].filter(
      (p) => p.child.exitCode === null && p.child.signalCode === null && p.child.pid,
    );
    const stats = await pidusage(procs.map((p) => p.child.pid!));
    return Object.fromEntries(
      procs.map((p) => [p.name, { rss: stats[p.child.pid!].memory, cpu: stats[p.child.pid!].cpu }]),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([this.api?.stop(), ...this.workers.map((w) => w.stop())]);
    pidusage.clear();
    await this.redis?.remove();
    await this.db?.drop().catch(() => undefined);
    await this.embedded?.stop();
    if (this.pgDir) fs.rmSync(this.pgDir, { recursive: true, force: true });
    if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
