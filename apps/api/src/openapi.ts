/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes
 * validate with (request bodies and queries) and from the metric catalog (the
 * flat result). Served at /openapi.json and, rendered, at /docs. A test
 * compares it with the routes the app really mounts.
 */
import { catalog, flatKey, profileSchema, PROFILE_FIELDS } from '@face/catalog';
import { ErrorCode } from '@face/errors';
import { z } from 'zod';
import { listQuery } from './routes/analyses.routes';
import { exportQuery } from './routes/exports.routes';
import { deliveriesQuery, testBody } from './routes/webhooks.routes';
import { optionsSchema } from './services/create-analysis.schema';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

/** Query parameters from a zod object schema. */
function queryParameters(s: z.ZodObject): Json[] {
  const json = schemaOf(s) as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties).map(([name, schema]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const uuidParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const STANDARD_ERRORS = { '401': error('UNAUTHORIZED: no valid API key'), '429': error('RATE_LIMITED (Retry-After, RateLimit-* headers)') };

/** The flat result: identity fields, profile_* and every catalog metric with its band and null reason. */
function flatSchema(): Json {
  const properties: Record<string, Json> = {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'active', 'completed', 'failed', 'cancelled'] },
    stage: { type: ['string', 'null'] },
    progress: { type: 'integer' },
    external_id: { type: ['string', 'null'] },
    status_url: { type: 'string' },
    created_at: { type: ['string', 'null'], format: 'date-time' },
    completed_at: { type: ['string', 'null'], format: 'date-time' },
    error_code: { type: ['string', 'null'], enum: [...Object.values(ErrorCode), null] },
    error_message: { type: ['string', 'null'] },
    warnings: { type: 'string', description: 'comma-separated warning codes' },
    face_count: { type: ['integer', 'null'] },
    overlay_url: { type: ['string', 'null'] },
  };
  for (const f of PROFILE_FIELDS) properties[`profile_${f}`] = { type: f === 'outdoor_ratio' ? ['number', 'null'] : ['string', 'null'] };
  for (const m of catalog) {
    const key = flatKey(m);
    const type = m.type === 'number' ? 'number' : 'string';
    properties[key] = {
      type: [type, 'null'],
      description: `${m.label.en} / ${m.label.ko}${m.type === 'json' ? ' (JSON text)' : ''}`,
      ...(m.categories && { enum: [...m.categories, null] }),
      ...(m.range && { minimum: m.range[0], maximum: m.range[1] }),
    };
    if (m.bands) properties[`${key}_band`] = { type: ['string', 'null'], enum: [...m.bands.map((b) => b.label), null] };
    if (m.nullReasons) properties[`${key}_null_reason`] = { type: ['string', 'null'], enum: [...m.nullReasons, null] };
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

export function openApiDocument(baseUrl: string): Json {
  const createFields = schemaOf(optionsSchema.extend(profileSchema.shape)) as { properties: Json };
  const analysisResponses = {
    '200': json({ oneOf: [ref('AnalysisNested'), ref('AnalysisFlat')] }, 'finished within wait= (or an idempotent replay)'),
    '202': json(ref('AnalysisSummary'), 'queued; poll status_url'),
    '400': error('VALIDATION_ERROR, DESTINATION_NOT_ALLOWED'),
    '413': error('IMAGE_TOO_LARGE'),
    '415': error('UNSUPPORTED_MEDIA_TYPE'),
    '422': error('INVALID_IMAGE, IMAGE_TOO_SMALL, IMAGE_DOWNLOAD_FAILED'),
    '503': error('QUEUE_UNAVAILABLE, DATABASE_UNAVAILABLE or STORAGE_UNAVAILABLE (Retry-After)'),
    ...STANDARD_ERRORS,
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Face analysis job service', version: '1', description: 'Photo analysis jobs: face shape, skin and personal colour. See docs/bubble.md for the Bubble.io guide.' },
    servers: [{ url: baseUrl }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/v1/analyses': {
        post: {
          summary: 'Create an analysis (photo upload or image_url)',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } },
            { name: 'wait', in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: 25 } },
            { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['nested', 'flat'] } },
          ],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': { schema: { type: 'object', properties: { image: { type: 'string', format: 'binary' }, file: { type: 'string', format: 'binary' }, ...createFields.properties } } },
              'application/json': { schema: createFields },
            },
          },
          responses: analysisResponses,
        },
        get: {
          summary: 'History, newest first (a client key sees its own analyses)',
          parameters: queryParameters(listQuery),
          responses: { '200': json({ type: 'object', properties: { data: { type: 'array', items: ref('AnalysisSummary') }, next_cursor: { type: ['string', 'null'] } } }, 'a page'), '400': error('VALIDATION_ERROR'), ...STANDARD_ERRORS },
        },
      },
      '/v1/analyses/sample': {
        get: { summary: 'A complete flat result with a typed, non-null value for every key (Bubble initialisation)', responses: { '200': json(ref('AnalysisFlat'), 'the sample'), ...STANDARD_ERRORS } },
      },
      '/v1/analyses/{id}': {
        get: {
          summary: 'Status and, when completed, the metrics',
          parameters: [uuidParam, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['nested', 'flat'] } }],
          responses: { '200': json({ oneOf: [ref('AnalysisNested'), ref('AnalysisFlat')] }, 'the analysis'), '404': error('NOT_FOUND (also for another client’s analysis)'), ...STANDARD_ERRORS },
        },
        delete: { summary: 'Cancel and delete photo, profile and metrics', parameters: [uuidParam], responses: { '200': json({ type: 'object' }, 'deleted'), '404': error('NOT_FOUND'), ...STANDARD_ERRORS } },
      },
      '/v1/analyses/{id}/overlay.png': {
        get: { summary: 'The overlay picture', parameters: [uuidParam], responses: { '200': { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } }, '404': error('NOT_FOUND'), ...STANDARD_ERRORS } },
      },
      '/v1/metrics/catalog': {
        get: { summary: 'Every metric with labels, units, ranges, bands, Bubble types', parameters: [{ name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['ko', 'en'] } }], responses: { '200': json({ type: 'object' }, 'the catalog'), ...STANDARD_ERRORS } },
      },
      '/v1/webhooks/test': {
        post: {
          summary: 'Send a signed sample message to <url>/initialize and, with send_to_url, to <url>',
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(testBody) } } },
          responses: { '200': json({ type: 'object' }, 'every target answered 2xx'), '502': json({ type: 'object' }, 'a target did not answer 2xx'), '400': error('VALIDATION_ERROR, DESTINATION_NOT_ALLOWED'), '503': error('WEBHOOKS_NOT_CONFIGURED'), ...STANDARD_ERRORS },
        },
      },
      '/v1/webhooks/deliveries': {
        get: { summary: 'Webhook messages, newest first', parameters: queryParameters(deliveriesQuery), responses: { '200': json({ type: 'object' }, 'a page'), '400': error('VALIDATION_ERROR'), ...STANDARD_ERRORS } },
      },
      '/v1/webhooks/deliveries/{id}': {
        get: { summary: 'One message with every attempt', parameters: [idParam], responses: { '200': json({ type: 'object' }, 'the message and its attempts'), '404': error('NOT_FOUND'), ...STANDARD_ERRORS } },
      },
      '/v1/webhooks/deliveries/{id}/replay': {
        post: { summary: 'Send the same message again', parameters: [idParam], responses: { '202': json({ type: 'object' }, 'queued'), '404': error('NOT_FOUND'), ...STANDARD_ERRORS } },
      },
      '/v1/exports/analyses.csv': {
        get: {
          summary: 'Every analysis with profile and metrics as CSV (admin; UTF-8 with BOM, streamed)',
          parameters: queryParameters(exportQuery),
          responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, '400': error('VALIDATION_ERROR'), '403': error('FORBIDDEN: admin key needed'), ...STANDARD_ERRORS },
        },
      },
      '/v1/calibrations': {
        post: { summary: 'Queue a calibrate job (admin)', responses: { '202': json({ type: 'object' }, 'queued'), '403': error('FORBIDDEN: admin key needed'), ...STANDARD_ERRORS } },
      },
      '/v1/model-versions': {
        get: { summary: 'Stored age/gender model versions (admin)', responses: { '200': json({ type: 'object' }, 'versions'), '403': error('FORBIDDEN: admin key needed'), ...STANDARD_ERRORS } },
      },
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { '200': json({ type: 'object' }, 'the process answers') } } },
      '/readyz': { get: { summary: 'Readiness: Postgres, queue, image store', security: [], responses: { '200': json({ type: 'object' }, 'ready'), '503': json({ type: 'object' }, 'not ready') } } },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key from `npm run keys -- create`' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', enum: Object.values(ErrorCode) }, message: { type: 'string' }, details: {} } } },
        },
        AnalysisSummary: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string' }, status_url: { type: 'string' } }, required: ['id', 'status', 'status_url'] },
        AnalysisNested: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string' }, metrics: { type: ['object', 'null'] } } },
        AnalysisFlat: flatSchema(),
      },
    },
  };
}
