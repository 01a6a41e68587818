/**
 * Versions of the fitted age and gender models (SPEC §8) and the labelled
 * observations they are fitted on. One version per kind is active; switching
 * is one transaction, so workers never see zero or two.
 */
import type { DataSource } from 'typeorm';

export type ModelKind = 'age' | 'gender';

export interface ModelVersionRow<P = unknown> {
  id: number;
  kind: ModelKind;
  version: string;
  parameters: P;
  training_set: Record<string, unknown>;
  metrics: Record<string, unknown>;
  active: boolean;
  created_at: Date;
  activated_at: Date | null;
}

export interface NewModelVersion<P = unknown> {
  kind: ModelKind;
  version: string;
  parameters: P;
  trainingSet: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface LabelledObservation {
  analysis_id: string;
  features: number[];
  true_age: number | null;
  declared_gender: string | null;
}

export class ModelVersionRepository {
  constructor(private readonly ds: DataSource) {}

  async active(kind: ModelKind): Promise<ModelVersionRow | null> {
    const rows = await this.ds.query(`SELECT * FROM model_versions WHERE kind = $1 AND active`, [kind]);
    return rows[0] ?? null;
  }

  /** Version names of the active models (cheap: workers poll it to notice a switch). */
  async activeVersions(): Promise<Partial<Record<ModelKind, string>>> {
    const rows: Array<{ kind: ModelKind; version: string }> = await this.ds.query(`SELECT kind, version FROM model_versions WHERE active`);
    return Object.fromEntries(rows.map((r) => [r.kind, r.version]));
  }

  async list(kind?: ModelKind): Promise<ModelVersionRow[]> {
    return kind
      ? this.ds.query(`SELECT * FROM model_versions WHERE kind = $1 ORDER BY id`, [kind])
      : this.ds.query(`SELECT * FROM model_versions ORDER BY id`);
  }

  /** Stores a version (inactive unless `activate`). */
  async insert(v: NewModelVersion, { activate = false } = {}): Promise<ModelVersionRow> {
    return this.ds.transaction(async (em) => {
      if (activate) await em.query(`UPDATE model_versions SET active = false WHERE kind = $1 AND active`, [v.kind]);
      const rows = await em.query(
        `INSERT INTO model_versions (kind, version, parameters, training_set, metrics, active, activated_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6, CASE WHEN $6 THEN now() END) RETURNING *`,
        [v.kind, v.version, JSON.stringify(v.parameters), JSON.stringify(v.trainingSet), JSON.stringify(v.metrics), activate],
      );
      return rows[0];
    });
  }

  /** Stores the seed version only when the kind has no version yet (first start of a fresh database). */
  async seedIfEmpty(v: NewModelVersion): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('model_versions_seed'))`);
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM model_versions WHERE kind = $1`, [v.kind]);
      if (n > 0) return false;
      await em.query(
        `INSERT INTO model_versions (kind, version, parameters, training_set, metrics, active, activated_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, true, now())`,
        [v.kind, v.version, JSON.stringify(v.parameters), JSON.stringify(v.trainingSet), JSON.stringify(v.metrics)],
      );
      return true;
    });
  }

  /** Observations whose profile gave a true age or a declared female / male gender. */
  async labelledObservations(): Promise<LabelledObservation[]> {
    return this.ds.query(
      `SELECT analysis_id, features, true_age, declared_gender FROM face_observations
       WHERE true_age IS NOT NULL OR declared_gender IN ('female', 'male') ORDER BY created_at, analysis_id`,
    );
  }
}
