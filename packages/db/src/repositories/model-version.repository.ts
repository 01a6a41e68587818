/**
 * Versions of the fitted age and gender models and of the undertone calibration (SPEC §8) and the labelled
 * observations they are fitted on. One version per kind is active; switching
 * is one transaction, so workers never see zero or two.
 */
import type { DataSource } from 'typeorm';

export type ModelKind = 'age' | 'gender' | 'undertone';

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

export interface UndertoneObservation {
  analysis_id: string;
  /** the season model's inputs (nulls where a feature was not measured) */
  colour_features: Array<number | null>;
  self_undertone: 'warm' | 'cool';
}

export class ModelVersionRepository {
  constructor(private readonly ds: DataSource) {}

  async active(kind: ModelKind): Promise<ModelVersionRow | null> {
    const rows = await this.ds.query(`SELECT * FROM model_versions WHERE kind = $1 AND active`, [kind]);
    return rows[0] ?? null;
  }

  /** Version names of the active models (cheap: workers poll it to notice a switch). */
  async activeVersions(): Promise<Partial<Record<ModelKind, string>>> {
    const rows: Array<{ kind: ModelKind; version: string }> = await this.ds.query(
      `SELECT kind, version FROM model_versions WHERE active`,
    );
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
        [
          v.kind,
          v.version,
          JSON.stringify(v.parameters),
          JSON.stringify(v.trainingSet),
          JSON.stringify(v.metrics),
          activate,
        ],
      );
      return rows[0];
    });
  }

  /**
   * Stores and activates the seed version unless the active version of its
   * kind is to be kept (`keepActive`): on the first start of a fresh database
   * there is none; after an upgrade whose models read a new feature layout the
   * active one cannot be read any more. One worker at a time decides.
   */
  async seedUnlessCurrent(v: NewModelVersion, keepActive: (active: ModelVersionRow) => boolean): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('model_versions_seed'))`);
      const [active] = await em.query(`SELECT * FROM model_versions WHERE kind = $1 AND active`, [v.kind]);
      if (active && keepActive(active)) return false;
      await em.query(`UPDATE model_versions SET active = false WHERE kind = $1 AND active`, [v.kind]);
      // a seed stored earlier (and since replaced) is re-activated as it is, not stored twice
      await em.query(
        `INSERT INTO model_versions (kind, version, parameters, training_set, metrics, active, activated_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, true, now())
         ON CONFLICT (version) DO UPDATE SET active = true, activated_at = now()`,
        [v.kind, v.version, JSON.stringify(v.parameters), JSON.stringify(v.trainingSet), JSON.stringify(v.metrics)],
      );
      return true;
    });
  }

  /** Observations of one feature layout whose profile gave a true age or a declared female / male gender. */
  async labelledObservations(featureSet: string): Promise<LabelledObservation[]> {
    return this.ds.query(
      `SELECT analysis_id, features, true_age, declared_gender FROM face_observations
       WHERE feature_set = $1 AND (true_age IS NOT NULL OR declared_gender IN ('female', 'male')) ORDER BY created_at, analysis_id`,
      [featureSet],
    );
  }

  /** Observations of one colour feature layout whose profile gave the user's own undertone (warm or cool). */
  async undertoneObservations(colourFeatureSet: string): Promise<UndertoneObservation[]> {
    return this.ds.query(
      `SELECT analysis_id, colour_features, self_undertone FROM face_observations
       WHERE colour_feature_set = $1 AND self_undertone IN ('warm', 'cool') ORDER BY created_at, analysis_id`,
      [colourFeatureSet],
    );
  }
}
