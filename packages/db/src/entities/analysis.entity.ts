import { EntitySchema } from 'typeorm';
import type { Warning } from '@face/errors';

export type AnalysisStatus = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';
export const TERMINAL_STATUSES: readonly AnalysisStatus[] = ['completed', 'failed', 'cancelled'];

export interface AnalysisRow {
  id: string;
  status: AnalysisStatus;
  stage: string | null;
  progress: number;
  attempts: number;
  timings_ms: Record<string, number>;
  error_code: string | null;
  error_message: string | null;
  error_stage: string | null;
  warnings: Warning[];
  external_id: string | null;
  idempotency_key: string | null;
  /** sha256 of the creating request (photo or image_url, options, profile): an Idempotency-Key replay must match it */
  request_sha256: string | null;
  /** the API key that created it (null for rows from before keys existed) */
  api_key_id: string | null;
  callback_url: string | null;
  face_policy: 'largest' | 'strict';
  image_sha256: string | null;
  image_bytes: number | null;
  image_width: number | null;
  image_height: number | null;
  image_mime: string | null;
  overlay_sha256: string | null;
  /** the colour drape picture (report page), content key like the overlay */
  drape_sha256: string | null;
  face_box: [number, number, number, number] | null;
  face_count: number | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  deleted_at: Date | null;
}

const text = { type: 'text', nullable: true } as const;
const int = { type: 'integer', nullable: true } as const;
const ts = { type: 'timestamptz', nullable: true } as const;

export const AnalysisEntity = new EntitySchema<AnalysisRow>({
  name: 'Analysis',
  tableName: 'analyses',
  columns: {
    id: { type: 'uuid', primary: true },
    status: { type: 'text' },
    stage: text,
    progress: { type: 'smallint' },
    attempts: { type: 'integer' },
    timings_ms: { type: 'jsonb' },
    error_code: text,
    error_message: text,
    error_stage: text,
    warnings: { type: 'jsonb' },
    external_id: text,
    idempotency_key: text,
    request_sha256: { type: 'char', length: 64, nullable: true },
    api_key_id: { type: 'uuid', nullable: true },
    callback_url: text,
    face_policy: { type: 'text' },
    image_sha256: { type: 'char', length: 64, nullable: true },
    image_bytes: int,
    image_width: int,
    image_height: int,
    image_mime: text,
    overlay_sha256: { type: 'char', length: 64, nullable: true },
    drape_sha256: { type: 'char', length: 64, nullable: true },
    face_box: { type: 'jsonb', nullable: true },
    face_count: { type: 'smallint', nullable: true },
    created_at: { type: 'timestamptz', createDate: true },
    updated_at: { type: 'timestamptz', updateDate: true },
    started_at: ts,
    completed_at: ts,
    deleted_at: ts,
  },
});
