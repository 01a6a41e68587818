/**
 * The analyses CSV (issue 6) against the real Postgres: columns equal the
 * catalog, Korean text survives a round trip through the BOM-marked UTF-8
 * file, `npm run export` writes the same thing, 10,000 rows stream
 * through a server-side cursor without the heap growing with them, and no
 * text a user wrote opens as a formula in a spreadsheet.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { catalog, columnType, flatKey, PROFILE_FIELDS, valueLabel } from '@face/catalog';
import { exportColumns, openDatabase, streamAnalysesCsv } from '@face/db';
import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../helpers/env';

const ROOT = path.resolve(__dirname, '..', '..');
let db: TestDatabase;
let ds: DataSource;

/** A value of the column's type for every metric, so no column is empty by accident. */
function metricValue(m: (typeof catalog)[number], i: number): unknown {
  const t = columnType(m);
  if (t === 'double precision') return i + 0.25;
  if (t === 'jsonb') return JSON.stringify({ n: i, label: '웜톤' });
  return m.categories?.[i % m.categories.length] ?? `#a0b0c${i % 10}`;
}

/** Inserts `n` completed analyses with a profile and every metric, in one statement each. */
async function insertAnalyses(n: number, externalId: (i: number) => string) {
  const cols = catalog.map((m) => `"${flatKey(m)}"`).join(', ');
  const vals = catalog.map((m, j) => {
    const t = columnType(m);
    const v = metricValue(m, j);
    return t === 'double precision' ? `(g + ${j})::double precision` : t === 'jsonb' ? `'${v}'::jsonb` : `'${v}'`;
  });
  const ids = `SELECT g, (md5(g::text || '${Math.random()}'))::uuid AS id FROM generate_series(1, ${n}) g`;
  await ds.query(
    `
    WITH s AS (${ids}),
    a AS (INSERT INTO analyses (id, status, face_policy, external_id, created_at, completed_at, warnings)
          SELECT id, 'completed', 'largest', $1 || g, now() - (g || ' seconds')::interval, now(), '[{"code":"LOW_QUALITY","message":"x"}]'::jsonb FROM s RETURNING id),
    p AS (INSERT INTO profiles (analysis_id, birth_date, gender, country, skin_concerns, self_undertone, outdoor_ratio)
          SELECT id, '1995-03-01', 'female', 'KR', '{dry,acne}', 'warm', 30 FROM s)
    INSERT INTO analysis_metrics (analysis_id, ${cols}) SELECT id, ${vals.join(', ')} FROM s`,
    [externalId(0)],
  );
}

async function collect(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDatabase({ url: db.url, applicationName: 'export-test' });
  await insertAnalyses(3, () => '김민지-셀카-');
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

test('columns are the analysis fields, every profile field and every catalog metric; Korean survives the round trip', async () => {
  for (const lang of ['en', 'ko'] as const) {
    const text = await collect(await streamAnalysesCsv(ds, {}, lang));
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parse(text.slice(1), { relax_column_count: false }) as string[][];
    expect(header).toEqual(exportColumns(lang).map((c) => c.header));
    expect(header.slice(-catalog.length).map((h) => /\(([a-z0-9_]+)\)$/.exec(h)![1])).toEqual(catalog.map(flatKey));
    expect(
      exportColumns(lang)
        .filter((c) => c.key.startsWith('profile_'))
        .map((c) => c.key),
    ).toEqual(PROFILE_FIELDS.map((f) => `profile_${f}`));
    if (lang === 'ko') expect(header).toContain('얼굴형 (geometry_face_shape)');
    // category values: codes in English, Korean text in the Korean export
    const shapeAt = exportColumns(lang).findIndex((c) => c.key === 'geometry_face_shape');
    const shapes = catalog.find((m) => flatKey(m) === 'geometry_face_shape')!.categories!;
    expect(lang === 'ko' ? shapes.map((c) => valueLabel('geometry_face_shape', c, 'ko')) : shapes).toContain(
      rows[0][shapeAt],
    );
    expect(rows).toHaveLength(3);
    const row = Object.fromEntries(exportColumns(lang).map((c, i) => [c.key, rows[0][i]]));
    expect(row.external_id).toMatch(/^김민지-셀카-\d$/);
    expect(row.profile_skin_concerns).toBe('dry,acne');
    expect(row.profile_birth_date).toBe('1995-03-01');
    expect(row.warnings).toBe('LOW_QUALITY');
    expect(JSON.parse(row.color_palette)).toMatchObject({ label: '웜톤' });
    for (const m of catalog) expect([flatKey(m), row[flatKey(m)] === '']).toEqual([flatKey(m), false]);
  }
});

test('filters by status and date', async () => {
  const none = await collect(await streamAnalysesCsv(ds, { status: 'failed' }, 'en'));
  expect(parse(none.slice(1))).toHaveLength(1); // the header only
  const future = await collect(await streamAnalysesCsv(ds, { from: new Date(Date.now() + 3600_000) }, 'en'));
  expect(parse(future.slice(1))).toHaveLength(1);
});

test('npm run export writes the same CSV to db_backup/YYYYMMDDHHmm.csv', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-export-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/export.ts'), '--lang', 'ko', '--dir', dir],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: db.url },
    },
  );
  const [file] = fs.readdirSync(dir);
  expect(file).toMatch(/^\d{12}\.csv$/);
  expect(stdout).toContain(file);
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  expect(text).toBe(await collect(await streamAnalysesCsv(ds, {}, 'ko')));
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('10,000 rows stream through a cursor without the heap growing with them', async () => {
  await insertAnalyses(10_000, () => 'bulk-');
  // live heap after a full collection: garbage does not count, what is held does
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const live = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = live();
  let peak = 0;
  let rows = 0;
  let bytes = 0;
  for await (const chunk of await streamAnalysesCsv(ds, {}, 'en')) {
    bytes += chunk.length;
    const n = (chunk.toString().match(/\n/g) ?? []).length;
    if (Math.floor((rows + n) / 2000) > Math.floor(rows / 2000)) peak = Math.max(peak, live() - before);
    rows += n;
  }
  expect(rows).toBe(10_003 + 1);
  // holding the rows (or the CSV text, > 5 MB) would show here; a cursor holds one batch of 500 rows
  expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
  expect(peak).toBeLessThan(4 * 1024 * 1024);
}, 120_000);

/** Values that a spreadsheet runs as formulas (OWASP CSV injection), with the leading whitespace that Excel trims. */
const FORMULAS = [
  '=HYPERLINK("http://evil.example/x","click")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  ' =1+1',
  '\u3000=김민지',
  '\u00a0-1',
  '\uFF1D1+1', // full-width =
  '\uFF20SUM(A1)',
];
/** Text that only looks close: it must come out exactly as written. */
const HARMLESS = ['김민지-셀카-1', 'a=b', '1-2', 'user@example.com', ''];

test('every cell a spreadsheet would run as a formula starts with an apostrophe; negative numbers stay numbers', async () => {
  const from = new Date(Date.now() + 1000);
  for (const [i, externalId] of [...FORMULAS, ...HARMLESS].entries()) {
    const [{ id }] = await ds.query(
      `INSERT INTO analyses (id, status, face_policy, external_id, created_at, completed_at, warnings)
       VALUES (gen_random_uuid(), 'completed', 'largest', $1, $2, now(), '[]'::jsonb) RETURNING id`,
      [externalId, new Date(from.getTime() + 1000 * (i + 1))],
    );
    await ds.query(`INSERT INTO profiles (analysis_id, gender) VALUES ($1, 'female')`, [id]);
    await ds.query(
      `INSERT INTO analysis_metrics (analysis_id, context_roll, color_undertone_b) VALUES ($1, -2.5, -0.125)`,
      [id],
    );
  }
  for (const lang of ['en', 'ko'] as const) {
    const text = await collect(await streamAnalysesCsv(ds, { from }, lang));
    const [, ...rows] = parse(text.slice(1)) as string[][];
    const cells = rows.map((r) => Object.fromEntries(exportColumns(lang).map((c, i) => [c.key, r[i]])));
    expect(cells.map((c) => c.external_id)).toEqual([...FORMULAS.map((f) => `'${f}`), ...HARMLESS]);
    for (const c of cells) expect([c.context_roll, c.color_undertone_b]).toEqual(['-2.5', '-0.125']);
  }
});
