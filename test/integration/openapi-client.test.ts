/**
 * A client generated from the published document by openapi-typescript compiles against the shapes the API really
 * sends: the presenters' output (nested, flat, summary, a history page, the sample, a webhook message) is written
 * as typed literals (`satisfies`, so a missing, extra or mistyped key is a compile error) next to code that reads
 * fields the way an app does.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignedLinks } from '@face/links';
import { presentFlat, presentNested, presentSummary, sampleFlat } from '@face/presenters';
import ts from 'typescript';
import { openApiDocument } from '../../apps/api/src/openapi';
import { completedRecord } from '../helpers/analysis-fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'test-artifacts', 'openapi-client');
const literal = (v: unknown) => JSON.stringify(JSON.parse(JSON.stringify(v)), null, 1);

test('the generated client types the real responses', async () => {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const base = 'https://api.example.com';
  const links = {
    baseUrl: base,
    pictures: new SignedLinks('a-signing-secret-of-at-least-32-characters', 3600),
    reports: new SignedLinks('a-signing-secret-of-at-least-32-characters', 86400),
  };
  fs.writeFileSync(path.join(DIR, 'openapi.json'), JSON.stringify(openApiDocument(base)));
  await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), [
    path.join(DIR, 'openapi.json'),
    '-o',
    path.join(DIR, 'schema.d.ts'),
  ]);

  const record = completedRecord();
  const queued = { ...record.analysis, status: 'queued' as const, stage: null, progress: 0, completed_at: null };
  const flat = presentFlat(record, links);
  fs.writeFileSync(
    path.join(DIR, 'client.ts'),
    `import type { components, operations, webhooks } from './schema';
type S = components['schemas'];
export const nested = ${literal(presentNested(record, links))} satisfies S['AnalysisNested'];
export const flat = ${literal(flat)} satisfies S['AnalysisFlat'];
export const sample = ${literal(sampleFlat(links))} satisfies S['AnalysisFlat'];
export const summary = ${literal(presentSummary(queued, links))} satisfies S['AnalysisSummary'];
export const queuedFlat = ${literal(presentFlat({ analysis: queued, profile: record.profile, metrics: null }, links))} satisfies S['AnalysisFlat'];
export const page = ${literal({ data: [flat], next_cursor: null })} satisfies S['AnalysisPage'];
export const message = ${literal({ event: 'analysis.completed', ...flat })} satisfies S['WebhookMessage'];

// an app reads typed fields
export function faceShape(a: S['AnalysisNested']): 'oval' | 'round' | 'square' | 'oblong' | 'heart' | 'diamond' | null {
  return a.metrics?.geometry.face_shape.value ?? null;
}
export function season(f: S['AnalysisFlat']): string | null {
  return f.color_season;
}
export function ratio(f: S['AnalysisFlat']): number | null {
  return f.geometry_face_length_width_ratio;
}
type Created = operations['createAnalysis']['responses'][202]['content']['application/json'];
export const created: Created = summary;
type Completed = NonNullable<webhooks['analysis.completed']['post']['requestBody']>['content']['application/json'];
export const delivered: Completed = message;
`,
  );
  const program = ts.createProgram([path.join(DIR, 'client.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: false,
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 400));
  expect(problems).toEqual([]);
}, 60_000);
