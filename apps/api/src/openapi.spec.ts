import SwaggerParser from '@apidevtools/swagger-parser';
import { catalog, flatKey } from '@face/catalog';
import type { AnalysisRow } from '@face/db';
import { SignedLinks } from '@face/links';
import { presentFlat, presentNested, presentSummary, sampleFlat } from '@face/presenters';
import { completedRecord } from '../../../test/helpers/analysis-fixtures';
import { OpenApiValidator } from '../../../test/helpers/openapi-validator';
import type { RequestHandler } from 'express';
import { createApp, routeTable, type AppDeps } from './app';
import { openApiDocument } from './openapi';

const doc = openApiDocument('https://api.example.com');

/** The app as main.ts builds it; nothing here is called, so the dependencies can be empty. */
function appForRoutes() {
  const passThrough: RequestHandler = (_req, _res, next) => next();
  return createApp({
    rateLimit: passThrough,
    logger: { http: () => undefined },
    baseUrl: 'https://api.example.com',
    corsOrigins: [],
    apiKeyCacheMs: 0,
    maxImageBytes: 1,
    waitMaxSeconds: 0,
  } as unknown as AppDeps);
}

describe('OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  test('describes exactly the routes the app mounts (a route and the document cannot disagree)', () => {
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(routeTable(appForRoutes()));
  });

  test('request schemas come from the validating zod schemas; the flat result from the catalog', () => {
    const post = (doc.paths as any)['/v1/analyses'].post;
    const fields = post.requestBody.content['application/json'].schema.properties;
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining([
        'image_url',
        'callback_url',
        'external_id',
        'face_policy',
        'birth_date',
        'skin_concerns',
        'outdoor_ratio',
      ]),
    );
    expect(fields.face_policy.enum).toEqual(['largest', 'strict']);
    const flat = (doc.components as any).schemas.AnalysisFlat;
    for (const m of catalog) expect(flat.properties).toHaveProperty(flatKey(m));
    // the sample payload has exactly the documented flat keys
    expect(Object.keys(sampleFlat({ baseUrl: 'x', pictures: null, reports: null })).sort()).toEqual(
      [...flat.required].sort(),
    );
    // with lang, the display-text keys too: every documented key and no other
    expect(Object.keys(sampleFlat({ baseUrl: 'x', pictures: null, reports: null }, 'ko')).sort()).toEqual(
      Object.keys(flat.properties).sort(),
    );
  });
});

describe('the document is the contract: real presenter output validates, a wrong shape does not', () => {
  const validator = new OpenApiValidator(structuredClone(doc));
  const record = completedRecord();
  const { analysis, profile } = record;
  const id = analysis.id;
  const base = 'https://api.example.com';
  const links = {
    baseUrl: base,
    pictures: new SignedLinks('a-signing-secret-of-at-least-32-characters', 3600),
    reports: new SignedLinks('a-signing-secret-of-at-least-32-characters', 86400),
  };

  test('nested, flat, summary, the sample and a history page validate', () => {
    expect(
      validator.check(
        'GET',
        `/v1/analyses/${id}`,
        200,
        'application/json',
        JSON.parse(JSON.stringify(presentNested(record, links))),
      ),
    ).toEqual([]);
    expect(
      validator.check(
        'GET',
        `/v1/analyses/${id}?format=flat`,
        200,
        'application/json',
        JSON.parse(JSON.stringify(presentFlat(record, links))),
      ),
    ).toEqual([]);
    expect(validator.check('GET', '/v1/analyses/sample', 200, 'application/json', sampleFlat(links))).toEqual([]);
    expect(
      validator.check('GET', '/v1/analyses/sample?lang=ko', 200, 'application/json', sampleFlat(links, 'ko')),
    ).toEqual([]);
    expect(
      validator.check(
        'GET',
        `/v1/analyses/${id}?format=flat&lang=en`,
        200,
        'application/json',
        JSON.parse(JSON.stringify(presentFlat(record, links, 'en'))),
      ),
    ).toEqual([]);
    const queued = { ...analysis, status: 'queued', stage: null, progress: 0, completed_at: null } as AnalysisRow;
    expect(
      validator.check(
        'POST',
        '/v1/analyses',
        202,
        'application/json',
        JSON.parse(JSON.stringify(presentSummary(queued, links))),
      ),
    ).toEqual([]);
    expect(
      validator.check(
        'POST',
        '/v1/analyses',
        202,
        'application/json',
        JSON.parse(JSON.stringify(presentFlat({ analysis: queued, profile, metrics: null }, links))),
      ),
    ).toEqual([]);
    const page = { data: [JSON.parse(JSON.stringify(presentFlat(record, links)))], next_cursor: null };
    expect(validator.check('GET', '/v1/analyses?format=flat', 200, 'application/json', page)).toEqual([]);
  });

  test('a wrong shape fails: an empty enum value, a missing key, an extra key, an undocumented status', () => {
    const flat = JSON.parse(JSON.stringify(presentFlat(record, links)));
    expect(
      validator.check('GET', `/v1/analyses/${id}`, 200, 'application/json', { ...flat, error_code: '' }).join(),
    ).toMatch(/error_code/);
    const { geometry_face_shape: _gone, ...missing } = flat;
    expect(validator.check('GET', `/v1/analyses/${id}`, 200, 'application/json', missing)).not.toEqual([]);
    expect(validator.check('GET', `/v1/analyses/${id}`, 200, 'application/json', { ...flat, surprise: 1 })).not.toEqual(
      [],
    );
    expect(validator.check('GET', `/v1/analyses/${id}`, 418, 'application/json', {})[0]).toMatch(
      /status not in the document/,
    );
    // a number where the catalog says number must be one
    const key = flatKey(catalog.find((m) => m.type === 'number')!);
    expect(
      validator.check('GET', `/v1/analyses/${id}`, 200, 'application/json', { ...flat, [key]: '1.5' }).join(),
    ).toContain(key);
  });
});
