import SwaggerParser from '@apidevtools/swagger-parser';
import { catalog, flatKey } from '@face/catalog';
import { sampleFlat } from '@face/presenters';
import type { RequestHandler } from 'express';
import { createApp, routeTable, type AppDeps } from './app';
import { openApiDocument } from './openapi';

const doc = openApiDocument('https://api.example.com');

/** The app as main.ts builds it; nothing here is called, so the dependencies can be empty. */
function appForRoutes() {
  const passThrough: RequestHandler = (_req, _res, next) => next();
  return createApp({ rateLimit: passThrough, logger: { http: () => undefined }, baseUrl: 'https://api.example.com', corsOrigins: [], apiKeyCacheMs: 0, maxImageBytes: 1, waitMaxSeconds: 0 } as unknown as AppDeps);
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
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['image_url', 'callback_url', 'external_id', 'face_policy', 'birth_date', 'skin_concerns', 'outdoor_ratio']));
    expect(fields.face_policy.enum).toEqual(['largest', 'strict']);
    const flat = (doc.components as any).schemas.AnalysisFlat;
    for (const m of catalog) expect(flat.properties).toHaveProperty(flatKey(m));
    // the sample payload has exactly the documented flat keys
    expect(Object.keys(sampleFlat('x')).sort()).toEqual(Object.keys(flat.properties).sort());
  });
});
