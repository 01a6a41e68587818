/**
 * One CSV row per analysis with every profile field and every catalog metric
 * as a column (SPEC §4): UTF-8 with a BOM so Excel opens Korean text
 * correctly, header in English or Korean; no cell runs as a formula in a spreadsheet. Rows stream from a server-side
 * cursor (pg-query-stream) through csv-stringify, so memory stays flat
 * whatever the number of rows.
 */
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { catalog, flatKey, PROFILE_FIELDS, valueLabel } from '@face/catalog';
import { stringify } from 'csv-stringify';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import type { AnalysisStatus } from '../entities/analysis.entity';

export interface ExportFilter {
  /** created at or after */
  from?: Date;
  /** created before */
  to?: Date;
  status?: AnalysisStatus;
}

export type HeaderLanguage = 'en' | 'ko';

const BASE_COLUMNS: Array<{ key: string; en: string; ko: string }> = [
  { key: 'id', en: 'Analysis id', ko: '분석 ID' },
  { key: 'status', en: 'Status', ko: '상태' },
  { key: 'external_id', en: 'External id', ko: '외부 ID' },
  { key: 'created_at', en: 'Created at', ko: '요청 시각' },
  { key: 'completed_at', en: 'Completed at', ko: '완료 시각' },
  { key: 'error_code', en: 'Error code', ko: '오류 코드' },
  { key: 'warnings', en: 'Warnings', ko: '경고' },
];
const PROFILE_LABELS: Record<(typeof PROFILE_FIELDS)[number], { en: string; ko: string }> = {
  birth_date: { en: 'Birth date', ko: '생년월일' },
  gender: { en: 'Gender', ko: '성별' },
  country: { en: 'Country', ko: '국가' },
  skin_concerns: { en: 'Skin concerns', ko: '피부 고민' },
  self_undertone: { en: 'Self-assessed undertone', ko: '본인이 생각하는 언더톤' },
  hair_color: { en: 'Hair colour (profile)', ko: '모발 색 (프로필)' },
  hair_length: { en: 'Hair length', ko: '모발 길이' },
  hair_texture: { en: 'Hair texture', ko: '모발 결' },
  makeup_preference: { en: 'Make-up preference', ko: '선호 메이크업' },
  outdoor_ratio: { en: 'Time outdoors (%)', ko: '야외 활동 비율 (%)' },
};

export interface CsvColumn {
  /** result field: analysis column, profile_<field> or the metric's flat key */
  key: string;
  header: string;
}

/** The columns, in order: analysis fields, profile fields, then every catalog metric (label and flat key). */
export function exportColumns(lang: HeaderLanguage): CsvColumn[] {
  return [
    ...BASE_COLUMNS.map((c) => ({ key: c.key, header: c[lang] })),
    ...PROFILE_FIELDS.map((f) => ({ key: `profile_${f}`, header: PROFILE_LABELS[f][lang] })),
    ...catalog.map((m) => ({ key: flatKey(m), header: `${m.label[lang]} (${flatKey(m)})` })),
  ];
}

function exportQuery(f: ExportFilter): { text: string; values: unknown[] } {
  const where: string[] = ['a.deleted_at IS NULL'];
  const values: unknown[] = [];
  if (f.from) where.push(`a.created_at >= $${values.push(f.from)}`);
  if (f.to) where.push(`a.created_at < $${values.push(f.to)}`);
  if (f.status) where.push(`a.status = $${values.push(f.status)}`);
  const metricCols = catalog.map((m) => `m."${flatKey(m)}"`).join(', ');
  const profileCols = PROFILE_FIELDS.map((p) =>
    p === 'birth_date' ? `to_char(p.birth_date, 'YYYY-MM-DD') AS profile_birth_date` : `p.${p} AS profile_${p}`,
  ).join(', ');
  return {
    text: `SELECT a.id, a.status, a.external_id, a.created_at, a.completed_at, a.error_code,
                  (SELECT string_agg(w->>'code', ',') FROM jsonb_array_elements(a.warnings) w) AS warnings,
                  ${profileCols}, ${metricCols}
             FROM analyses a
             LEFT JOIN profiles p ON p.analysis_id = a.id
             LEFT JOIN analysis_metrics m ON m.analysis_id = a.id
            WHERE ${where.join(' AND ')}
            ORDER BY a.created_at, a.id`,
    values,
  };
}

/**
 * A text cell that a spreadsheet would read as a formula once its leading whitespace is trimmed (" =HYPERLINK(…)")
 * gets the same apostrophe csv-stringify's `escape_formulas` gives a cell that starts with one (OWASP's CSV-injection
 * rule: =, +, -, @, tab, CR, and their full-width forms). Numbers never reach this: a negative value in a numeric
 * column stays a number.
 */
const FORMULA_AFTER_WHITESPACE = /^\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
export const neutraliseIndentedFormula = (text: string): string =>
  FORMULA_AFTER_WHITESPACE.test(text) ? `'${text}` : text;

/** Arrays of plain values (skin concerns) as "a,b"; structured values (clusters, palette) as JSON text. */
const objectCell = (v: object): string =>
  neutraliseIndentedFormula(
    Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(',') : JSON.stringify(v),
  );

const CATEGORY_COLUMNS = new Set(catalog.filter((m) => m.categories).map(flatKey));

/** A text cell: in the Korean export a metric's category value as its Korean text (계란형, 봄 브라이트), then neutralised. */
const textCell =
  (lang: HeaderLanguage) =>
  (value: string, context: { column?: string | number }): string => {
    const column = String(context.column);
    const shown = lang === 'ko' && CATEGORY_COLUMNS.has(column) ? (valueLabel(column, value, 'ko') ?? value) : value;
    return neutraliseIndentedFormula(shown);
  };

/** Streams the CSV (BOM, header, rows); the database connection is released when the stream ends or fails. */
export async function streamAnalysesCsv(ds: DataSource, filter: ExportFilter, lang: HeaderLanguage): Promise<Readable> {
  const columns = exportColumns(lang);
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as { query: (q: QueryStream) => Readable };
  const { text, values } = exportQuery(filter);
  const rows = client.query(new QueryStream(text, values, { batchSize: 500 }));
  const csv = stringify({
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
    cast: { date: (d) => d.toISOString(), boolean: (b) => String(b), object: objectCell, string: textCell(lang) },
    // users write external_id and the profile: a cell Excel would run as a formula starts with an apostrophe instead
    escape_formulas: true,
  });
  const out = new PassThrough();
  out.write('\uFEFF');
  pipeline(rows, csv, out)
    .catch((err) => out.destroy(err as Error))
    .finally(() => void runner.release().catch(() => undefined));
  return out;
}
