/**
 * The norms table: versions of per-cell percentiles, and which cell is in use. A new version's cell replaces the
 * active one only when it rests on enough people (MIN_CELL_OBSERVATIONS); a thinner cell is kept for the record.
 */
import {
  MIN_CELL_OBSERVATIONS,
  type AgeBand,
  type NormCell,
  type NormGender,
  type NormObservation,
  type NormsVersion,
} from '@face/norms';
import type { DataSource } from 'typeorm';

interface NormRow {
  version: string;
  metric: string;
  age_band: AgeBand;
  gender: NormGender;
  n: number;
  quantiles: number[];
}

export class NormsRepository {
  constructor(private readonly ds: DataSource) {}

  async hasVersion(version: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM norms WHERE version = $1 LIMIT 1`, [version])).length > 0;
  }

  /** The cells in use, and the versions they come from. */
  async active(): Promise<{ cells: NormCell[]; versions: string[] }> {
    const rows: NormRow[] = await this.ds.query(
      `SELECT version, metric, age_band, gender, n, quantiles FROM norms WHERE active`,
    );
    return {
      cells: rows.map((r) => ({
        metric: r.metric,
        ageBand: r.age_band,
        gender: r.gender,
        n: r.n,
        quantiles: r.quantiles.map(Number),
      })),
      versions: [...new Set(rows.map((r) => r.version))].sort(),
    };
  }

  /**
   * Completed analyses whose profile gives the truth (age on the day of the photo, female or male), with the values of
   * `metrics`: what a refit rests on (SPEC §8). Deleted analyses are gone with their metrics.
   */
  async profiledObservations(metrics: readonly string[]): Promise<NormObservation[]> {
    // the face's size goes along: texture norms take only faces large enough (feedsNorms)
    const wanted = [...new Set([...metrics, 'context_face_size_px'])];
    const columns = wanted.map((m) => `m."${m.replace(/"/g, '')}"`).join(', ');
    const rows: Array<Record<string, number | string | null>> = await this.ds.query(
      `SELECT date_part('year', age(a.created_at::date, p.birth_date))::int AS age, p.gender, ${columns}
         FROM analyses a JOIN profiles p ON p.analysis_id = a.id JOIN analysis_metrics m ON m.analysis_id = a.id
        WHERE a.status = 'completed' AND a.deleted_at IS NULL AND p.birth_date IS NOT NULL AND p.gender IN ('female', 'male')`,
    );
    return rows.map((r) => ({
      age: Number(r.age),
      gender: r.gender as NormGender,
      values: Object.fromEntries(wanted.map((m) => [m, r[m] === null ? null : Number(r[m])])),
    }));
  }

  /** Stores a version (once: a version already stored is left as it is) and activates its cells that rest on enough people. */
  async store(v: NormsVersion): Promise<{ stored: number; activated: number }> {
    return this.ds.transaction(async (em) => {
      const inserted: Array<{ id: string; n: number; metric: string; age_band: string; gender: string }> =
        await em.query(
          `INSERT INTO norms (version, kind, metric, age_band, gender, n, quantiles, source)
         SELECT $1, $2, c.metric, c.age_band, c.gender, c.n, c.quantiles, $3
           FROM jsonb_to_recordset($4::jsonb) AS c(metric text, age_band text, gender text, n int, quantiles double precision[])
         ON CONFLICT (version, metric, age_band, gender) DO NOTHING
         RETURNING id, n, metric, age_band, gender`,
          [
            v.version,
            v.kind,
            JSON.stringify(v.source),
            JSON.stringify(
              v.cells.map((c) => ({
                metric: c.metric,
                age_band: c.ageBand,
                gender: c.gender,
                n: c.n,
                quantiles: c.quantiles,
              })),
            ),
          ],
        );
      const usable = inserted.filter((r) => r.n >= MIN_CELL_OBSERVATIONS).map((r) => r.id);
      if (usable.length > 0) {
        await em.query(
          `UPDATE norms o SET active = false FROM norms n WHERE n.id = ANY($1::bigint[]) AND o.active
              AND o.metric = n.metric AND o.age_band = n.age_band AND o.gender = n.gender`,
          [usable],
        );
        await em.query(`UPDATE norms SET active = true, activated_at = now() WHERE id = ANY($1::bigint[])`, [usable]);
      }
      return { stored: inserted.length, activated: usable.length };
    });
  }
}
