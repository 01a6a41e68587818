/**
 * `npm run test:faults` / `npm run test:fuzz`: runs the fault-injection or the fuzz suite in its full form
 * (jest, the same tests `npm test` runs in a short form), then publishes the outcome in docs/RELIABILITY.md.
 * Exits with jest's exit code.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { publishSection, table } from './lib/report';

const ROOT = path.resolve(__dirname, '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

const SUITES = {
  faults: { dir: 'test/faults', env: { FAULTS_FULL: '1' }, heading: 'Fault injection', command: 'npm run test:faults' },
  fuzz: {
    dir: 'test/fuzz',
    env: { FUZZ_CASES: '500' },
    heading: 'Fuzzing: 500 mutated real photos',
    command: 'npm run test:fuzz',
  },
} as const;

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{
    name: string;
    assertionResults: Array<{ title: string; status: string; duration: number | null; failureMessages: string[] }>;
  }>;
}

function main() {
  const which = process.argv[2] as keyof typeof SUITES;
  const suite = SUITES[which];
  if (!suite) throw new Error(`usage: run-suite.ts ${Object.keys(SUITES).join('|')}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const resultsFile = path.join(ARTIFACTS, `${which}-results.json`);
  const run = spawnSync('npx', ['jest', '--runInBand', suite.dir, '--json', `--outputFile=${resultsFile}`], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...suite.env },
  });
  const code = run.status ?? 1;
  if (!fs.existsSync(resultsFile)) process.exit(code);
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as JestJson;
  const rows = results.testResults.flatMap((f) =>
    f.assertionResults.map((a) => [
      path.basename(f.name, '.test.ts'),
      a.title,
      a.status === 'passed' ? 'passed' : `**${a.status}**`,
      ((a.duration ?? 0) / 1000).toFixed(1),
    ]),
  );
  const parts = [
    which === 'faults'
      ? 'Each scenario runs the real API and worker processes against real servers with 24 real portraits, injects the fault mid-run and then checks: every analysis finished (none left queued or active), exactly one "analysis completed" per analysis across all workers, at most one result row, and where a webhook receiver listens, exactly one delivery per analysis. `npm test` runs the same scenarios with 6 photos.'
      : 'Mutations (seeded) of three real portraits as JPEG, PNG and WebP: bit flips, truncation, swapped headers, huge declared dimensions, inserted, zeroed and copied blocks, random bytes. Uploaded four at a time to the real API with one worker. Each must get a defined input error code at the API, or be analysed to a result or a defined input code; no 5xx, no process exit, bounded memory. `npm test` runs 40 cases.',
    '',
    table(['suite', 'scenario', 'result', 'seconds'], rows),
    '',
    `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped.`,
  ];
  const fuzzReport = path.join(ARTIFACTS, 'fuzz-report.json');
  if (which === 'fuzz' && fs.existsSync(fuzzReport)) {
    const report = JSON.parse(fs.readFileSync(fuzzReport, 'utf8')) as {
      seed: number;
      peakRssBytes: Record<string, number>;
      outcomes: Array<{ http: number; code: string | null; final?: string }>;
    };
    const counts = new Map<string, number>();
    for (const o of report.outcomes) {
      const key = o.http === 202 ? `accepted → ${o.final ?? 'unfinished'}` : `refused ${o.http} ${o.code}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    parts.push(
      '',
      `Outcomes (seed ${report.seed}):`,
      '',
      table(
        ['outcome', 'cases'],
        [...counts.entries()].sort((a, b) => b[1] - a[1]),
      ),
      '',
      `Peak resident memory: ${Object.entries(report.peakRssBytes)
        .map(([p, b]) => `${p} ${(b / 2 ** 20).toFixed(0)} MiB`)
        .join(', ')}.`,
    );
  }
  publishSection('RELIABILITY.md', `test-${which}`, suite.heading, parts.join('\n'), suite.command);
  process.exit(code);
}

main();
