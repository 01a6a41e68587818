/**
 * `npm run build`: compiles apps/, packages/ and migrations/ to CommonJS
 * JavaScript in dist/ (tsconfig.build.json), which production runs with plain
 * node (`npm run start:api|start:worker` with NODE_ENV=production, the Docker
 * images). Development and tests keep running the TypeScript through tsx.
 *
 * The workspace packages point `main`/`exports` at their .ts sources, so the
 * build gives dist/ its own view of them: dist/packages/<name>/package.json
 * with every .ts target turned into .js, and dist/node_modules/@face/<name>
 * linking to it. Node looks in dist/node_modules before the checkout's
 * node_modules, so compiled code resolves `@face/*` to compiled code and every
 * other package to the installed one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** Files that are not TypeScript but are read at run time beside the code. */
const ASSETS = ['apps/api/src/ops/public'];

/** `.ts` targets of main/types/exports become `.js`; `types` is dropped (no declarations are emitted). */
function compiledManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const toJs = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/\.ts$/, '.js');
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJs(v)]));
    return value;
  };
  const { types: _types, ...rest } = manifest;
  return toJs(rest) as Record<string, unknown>;
}

function main() {
  fs.rmSync(DIST, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  for (const asset of ASSETS) fs.cpSync(path.join(ROOT, asset), path.join(DIST, asset), { recursive: true });
  for (const group of ['apps', 'packages']) {
    for (const dir of fs.readdirSync(path.join(ROOT, group))) {
      const manifestFile = path.join(ROOT, group, dir, 'package.json');
      if (!fs.existsSync(manifestFile)) continue;
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown> & { name: string };
      fs.writeFileSync(
        path.join(DIST, group, dir, 'package.json'),
        `${JSON.stringify(compiledManifest(manifest), null, 2)}\n`,
      );
      const link = path.join(DIST, 'node_modules', manifest.name);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.relative(path.dirname(link), path.join(DIST, group, dir)), link, 'dir');
    }
  }
  console.log(
    `[build] ${path.relative(ROOT, DIST)}/ ready: node dist/apps/api/src/main.js, node dist/apps/worker/src/main.js`,
  );
}

main();
