/**
 * Population norms on the real Postgres: the worker stores the shipped seed once and uses its cells that rest on
 * enough people; the calibrate job's refit from analyses with profile truth replaces a cell only where the new one
 * rests on MIN_CELL_OBSERVATIONS people, and a worker reads the refit without a restart.
 */
import { randomUUID } from 'node:crypto';
import { NormsRepository, openDatabase } from '@face/db';
import { MIN_CELL_OBSERVATIONS } from '@face/norms';
import { SEED_NORMS } from '@face/norms/seed';
import type { DataSource } from 'typeorm';
import { ActiveNorms } from '../../apps/worker/src/active-norms';
import { refitNorms } from '../../apps/worker/src/jobs/calibrate.handler';
import { createTestDatabase, type TestDatabase } from '../helpers/env';

let db: TestDatabase;
let ds: DataSource;
let norms: NormsRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDatabase({ url: db.url, applicationName: 'norms-test' });
  norms = new NormsRepository(ds);
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

/** A completed analysis of a person of this age and gender (profile truth) with one measured metric. */
async function storeAnalysis(age: number, gender: string, ratio: number) {
  const id = randomUUID();
  const created = new Date('2026-06-01T12:00:00Z');
  const birth = `${2026 - age - 1}-12-31`; // completed years on 2026-06-01: age
  await ds.query(
    `INSERT INTO analyses (id, status, face_policy, created_at, completed_at, warnings) VALUES ($1, 'completed', 'largest', $2, $2, '[]'::jsonb)`,
    [id, created],
  );
  await ds.query(`INSERT INTO profiles (analysis_id, birth_date, gender) VALUES ($1, $2, $3)`, [id, birth, gender]);
  await ds.query(
    `INSERT INTO analysis_metrics (analysis_id, null_reasons, geometry_face_length_width_ratio) VALUES ($1, '{}'::jsonb, $2)`,
    [id, ratio],
  );
}

test('the seed is stored once; its cells that rest on enough people are the ones in use', async () => {
  const active = new ActiveNorms(norms, 0);
  const seeded = await active.seed();
  const usable = SEED_NORMS.cells.filter((c) => c.n >= MIN_CELL_OBSERVATIONS);
  expect(seeded).toEqual({ stored: SEED_NORMS.cells.length, activated: usable.length });
  expect(await active.seed()).toBeNull();
  const table = await active.current();
  expect(table.size).toBe(usable.length);
  expect(table.version).toBe(SEED_NORMS.version);
  expect(usable.length).toBeGreaterThan(0);
});

test('a refit replaces a cell only where it rests on enough people; the worker reads it without a restart', async () => {
  const active = new ActiveNorms(norms, 0);
  const cohort = { ageBand: '20-29', gender: 'female', source: 'profile' } as const;
  const male = { ...cohort, gender: 'male' } as const;
  const seededFemale = (await active.current()).cell('geometry_face_length_width_ratio', cohort);
  const seededMale = (await active.current()).cell('geometry_face_length_width_ratio', male);
  // enough women of 25 with ratios 2.00 … 2.39 (far from any real face: the refit is unmistakable); too few men
  for (let i = 0; i < MIN_CELL_OBSERVATIONS + 10; i++) await storeAnalysis(25, 'female', 2 + i / 100);
  for (let i = 0; i < MIN_CELL_OBSERVATIONS - 1; i++) await storeAnalysis(25, 'male', 2 + i / 100);
  const summary = await refitNorms(norms, '20261206T120000', '1', 'test');
  expect(summary).toMatchObject({ status: 'refitted', observations: 2 * MIN_CELL_OBSERVATIONS + 9, activated: 1 });

  const table = await active.current();
  const refitted = table.cell('geometry_face_length_width_ratio', cohort)!;
  expect([refitted.n, refitted.quantiles[0], refitted.quantiles[100]]).toEqual([MIN_CELL_OBSERVATIONS + 10, 2, 2.39]);
  expect(refitted).not.toEqual(seededFemale);
  // the thin male cell was stored for the record, the seed's stays in use
  expect(table.cell('geometry_face_length_width_ratio', male)).toEqual(seededMale);
  const stored = await ds.query(`SELECT n, active FROM norms WHERE version = $1 AND gender = 'male'`, [
    summary.version,
  ]);
  expect(stored).toEqual([{ n: MIN_CELL_OBSERVATIONS - 1, active: false }]);
  // a woman of 25 with ratio 2.2 now stands in the middle of her cohort
  expect(
    table.percentiles({ geometry_face_length_width_ratio: 2.195 }, ['geometry_face_length_width_ratio'], cohort).values
      .geometry_face_length_width_ratio,
  ).toBeCloseTo(50, 0);
  // one active cell per metric, band and gender
  const [{ duplicates }] = await ds.query(
    `SELECT count(*)::int AS duplicates FROM (SELECT 1 FROM norms WHERE active GROUP BY metric, age_band, gender HAVING count(*) > 1) d`,
  );
  expect(duplicates).toBe(0);
});
