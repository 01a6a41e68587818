/** Starts the real API, worker and launcher processes for end-to-end tests, and collects their logs. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sleep } from './env';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  logs(): string;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM and wait for exit; returns the exit code */
  stop(timeoutMs?: number): Promise<number | null>;
  kill(): Promise<void>;
}

/** `file` is a TypeScript source (run through tsx, as in development) or a compiled `dist/…js` (plain node, as in production). */
export function startProcess(
  name: string,
  file: string,
  env: Record<string, string>,
  args: string[] = [],
): RunningProcess {
  const runner = file.endsWith('.js') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...runner, path.join(ROOT, file), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    name,
    child,
    logs: () => out,
    async waitForLog(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        // a process that exited will never print it: fail now, not at the deadline
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `${name} exited (${child.exitCode ?? child.signalCode}) before logging ${pattern}:\n${out.slice(-3000)}`,
          );
        if (Date.now() > deadline)
          throw new Error(`${name}: ${pattern} not logged within ${timeoutMs} ms\n--- log ---\n${out.slice(-3000)}`);
        await sleep(100);
      }
    },
    async stop(timeoutMs = 40_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
