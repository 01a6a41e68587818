/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with (request bodies and
 * queries) and from the metric catalog (the result shapes). Served at /openapi.json and, rendered, at /docs. It is
 * the contract: a test compares it with the routes the app mounts, the end-to-end suite validates every JSON
 * response against it (test/helpers/api-client.ts), and a client generated from it compiles against the presenters.
 */
import {
  catalog,
  flatKey,
  hasNorms,
  PROFILE_FIELDS,
  PROFILE_OPTIONS,
  profileSchema,
  type MetricDefinition,
} from '@face/catalog';
import { AGE_BANDS, NORM_GENDERS } from '@face/norms';
import { SKIN_SCORE_BANDS, SKIN_SCORE_KEYS } from '@face/norms/skin-scores';
import { ErrorCode } from '@face/errors';
import { WEBHOOK_EVENTS } from '@face/webhooks';
import { z } from 'zod';
import { listQuery, readQuery } from './routes/analyses.routes';
import { exportQuery } from './routes/exports.routes';
import { deliveriesQuery, testBody } from './routes/webhooks.routes';
import { trendQuery } from './routes/subjects.routes';
import { optionsSchema } from './services/create-analysis.schema';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

/** Query parameters from a zod object schema. */
function queryParameters(s: z.ZodObject): Json[] {
  const json = schemaOf(s) as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const uuidParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const deliveryIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'msg_… (the webhook-id header of the message)',
};
/** What any authenticated route may answer: no key, too many requests, a dependency down, a fault of ours. */
const STANDARD_ERRORS = {
  '401': error('UNAUTHORIZED: no valid API key'),
  '429': error('RATE_LIMITED (Retry-After, RateLimit-* headers)'),
  '500': error('INTERNAL'),
  '503': error('DATABASE_UNAVAILABLE, QUEUE_UNAVAILABLE or STORAGE_UNAVAILABLE (Retry-After)'),
};
const ADMIN_ERRORS = { '403': error('FORBIDDEN: admin key needed'), ...STANDARD_ERRORS };

/** An object whose every listed property is always present, and nothing else. */
const closed = (properties: Record<string, Json>, description?: string): Json => ({
  type: 'object',
  ...(description && { description }),
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const nullable = (schema: Json): Json =>
  'type' in schema && typeof schema.type === 'string'
    ? { ...schema, type: [schema.type, 'null'] }
    : { oneOf: [schema, { type: 'null' }] };
const text = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const uuid = { type: 'string', format: 'uuid' };
const STATUSES = ['queued', 'active', 'completed', 'failed', 'cancelled'];
const ERROR_CODES = Object.values(ErrorCode);
const enumOrNull = (values: readonly unknown[]) => ({ type: ['string', 'null'], enum: [...new Set(values), null] });

/** Fields every analysis shape starts with. */
const identity = {
  id: uuid,
  status: { type: 'string', enum: STATUSES },
  stage: { type: ['string', 'null'] },
  progress: { type: 'integer', minimum: 0, maximum: 100 },
  external_id: { type: ['string', 'null'] },
  status_url: { type: 'string', format: 'uri' },
  created_at: nullable(dateTime),
  completed_at: nullable(dateTime),
};

/** A metric's value in JSON: numbers, category strings, hex text, or structured JSON (clusters, palette). */
function valueSchema(m: MetricDefinition): Json {
  if (m.type === 'number')
    return { type: ['number', 'null'], ...(m.range && { minimum: m.range[0], maximum: m.range[1] }) };
  if (m.type === 'category') return enumOrNull(m.categories ?? []);
  if (m.type === 'json')
    return { oneOf: [{ type: 'object', additionalProperties: {} }, { type: 'array', items: {} }, { type: 'null' }] };
  return { type: ['string', 'null'] };
}
const bandLabels = (m: MetricDefinition) => (m.bands ?? []).map((b) => b.label);
const PERCENTILE_NULL_REASONS = ['no_norms', 'no_age_gender', 'not_measured'];
const SCORE_NULL_REASONS = [...PERCENTILE_NULL_REASONS, 'too_few_scores'];
const score = {
  type: ['integer', 'null'],
  minimum: 0,
  maximum: 100,
  description:
    "skin score 0–100, higher is better: 100 − the measure's percentile (overall: the mean of at least four)",
};
const scoreBand = enumOrNull(SKIN_SCORE_BANDS.map((b) => b.label));
const percentile = {
  type: ['number', 'null'],
  minimum: 0,
  maximum: 100,
  description: 'percentile among people of the same gender and age band (percentile_basis)',
};
const percentileBasis = {
  age_band: enumOrNull(AGE_BANDS),
  gender: enumOrNull(NORM_GENDERS),
  source: {
    ...enumOrNull(['profile', 'estimate', 'mixed']),
    description: 'profile: age and gender from the profile; estimate: from the photo; mixed: one of each',
  },
};

function nestedMetricsSchema(): Json {
  const groups: Record<string, Record<string, Json>> = {};
  for (const m of catalog) {
    (groups[m.group] ??= {})[m.key] = closed({
      value: { ...valueSchema(m), description: `${m.label.en} / ${m.label.ko}` },
      band: m.bands ? enumOrNull(bandLabels(m)) : { type: 'null' },
      null_reason: m.nullReasons ? enumOrNull(m.nullReasons) : { type: 'null' },
      ...(hasNorms(m) && { percentile, percentile_null_reason: enumOrNull(PERCENTILE_NULL_REASONS) }),
    });
  }
  return nullable(
    closed(
      Object.fromEntries(Object.entries(groups).map(([g, metrics]) => [g, closed(metrics)])),
      'by group, then by metric key; null until completed',
    ),
  );
}

const profileProperties = (): Record<string, Json> => ({
  birth_date: { type: ['string', 'null'], format: 'date' },
  gender: enumOrNull(PROFILE_OPTIONS.gender),
  country: { type: ['string', 'null'], description: 'ISO 3166-1 alpha-2' },
  skin_concerns: { type: 'array', items: { type: 'string', enum: [...PROFILE_OPTIONS.skin_concerns] } },
  self_undertone: enumOrNull(PROFILE_OPTIONS.self_undertone),
  hair_color: enumOrNull(PROFILE_OPTIONS.hair_color),
  hair_length: enumOrNull(PROFILE_OPTIONS.hair_length),
  hair_texture: enumOrNull(PROFILE_OPTIONS.hair_texture),
  makeup_preference: enumOrNull(PROFILE_OPTIONS.makeup_preference),
  outdoor_ratio: { type: ['number', 'null'], enum: [...PROFILE_OPTIONS.outdoor_ratio, null] },
});

/** Display-text keys of the flat result, present only with lang=ko|en. */
function flatLabelProperties(): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const m of catalog) {
    if (m.categories)
      out[`${flatKey(m)}_label`] = {
        type: ['string', 'null'],
        description: `display text of ${flatKey(m)} (with lang)`,
      };
    if (m.bands)
      out[`${flatKey(m)}_band_label`] = {
        type: ['string', 'null'],
        description: `display text of ${flatKey(m)}_band (with lang)`,
      };
  }
  for (const key of SKIN_SCORE_KEYS)
    out[`skin_score_${key}_band_label`] = {
      type: ['string', 'null'],
      description: `display text of skin_score_${key}_band (with lang)`,
    };
  return out;
}

/** The flat result's properties: identity, error, profile_* and every catalog metric with its band and null reason. */
function flatProperties(): Record<string, Json> {
  const profile = profileProperties();
  const properties: Record<string, Json> = {
    ...identity,
    error_code: enumOrNull(ERROR_CODES),
    error_message: { type: ['string', 'null'] },
    warnings: { type: 'string', description: 'comma-separated warning codes' },
    face_count: { type: ['integer', 'null'] },
    overlay_url: { type: ['string', 'null'], format: 'uri' },
    report_url: {
      type: ['string', 'null'],
      format: 'uri',
      description: 'an expiring link to the page for people (no key needed); null until completed',
    },
  };
  for (const f of PROFILE_FIELDS)
    properties[`profile_${f}`] =
      f === 'skin_concerns' ? { type: ['string', 'null'], description: 'comma-separated' } : profile[f];
  for (const m of catalog) {
    const key = flatKey(m);
    properties[key] = {
      ...(m.type === 'json' ? { type: ['string', 'null'] } : valueSchema(m)),
      description: `${m.label.en} / ${m.label.ko}${m.type === 'json' ? ' (JSON text)' : ''}`,
    };
    if (m.bands) properties[`${key}_band`] = enumOrNull(bandLabels(m));
    if (m.nullReasons) properties[`${key}_null_reason`] = enumOrNull(m.nullReasons);
    if (hasNorms(m)) {
      properties[`${key}_percentile`] = percentile;
      properties[`${key}_percentile_null_reason`] = enumOrNull(PERCENTILE_NULL_REASONS);
    }
  }
  for (const key of SKIN_SCORE_KEYS) {
    properties[`skin_score_${key}`] = score;
    properties[`skin_score_${key}_band`] = scoreBand;
    properties[`skin_score_${key}_null_reason`] = enumOrNull(SCORE_NULL_REASONS);
  }
  properties.percentile_age_band = percentileBasis.age_band;
  properties.percentile_gender = percentileBasis.gender;
  properties.percentile_source = percentileBasis.source;
  return properties;
}

const deliveryProperties: Record<string, Json> = {
  id: { type: 'string', description: 'msg_… (the webhook-id header)' },
  analysis_id: nullable(uuid),
  event: { type: 'string', enum: [...WEBHOOK_EVENTS] },
  url: { type: 'string' },
  status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
  attempts: { type: 'integer' },
  last_status_code: { type: ['integer', 'null'] },
  last_error: { type: ['string', 'null'] },
  created_at: dateTime,
  delivered_at: nullable(dateTime),
};

function schemas(): Record<string, Json> {
  const analysisError = nullable(
    closed(
      { code: enumOrNull(ERROR_CODES), message: { type: ['string', 'null'] }, stage: { type: ['string', 'null'] } },
      'set when status is failed',
    ),
  );
  const summary = { ...identity, error: analysisError };
  const warning = {
    type: 'object',
    properties: {
      code: { type: 'string', enum: ERROR_CODES },
      message: text,
      details: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
    },
    required: ['code', 'message'],
    additionalProperties: false,
  };
  const flat = flatProperties();
  return {
    Error: closed({ error: closed({ code: { type: 'string', enum: ERROR_CODES }, message: text, details: {} }) }),
    AnalysisSummary: closed(
      summary,
      'An analysis without its result: the answer to a queued request and a history item (default format).',
    ),
    AnalysisNested: closed(
      {
        ...summary,
        attempts: { type: 'integer' },
        started_at: nullable(dateTime),
        deleted_at: nullable(dateTime),
        timings_ms: { type: 'object', additionalProperties: { type: 'number' } },
        warnings: { type: 'array', items: warning },
        last_error: nullable(
          closed(
            { code: enumOrNull(ERROR_CODES), message: { type: ['string', 'null'] } },
            'the last transient error while a retry is pending',
          ),
        ),
        image: nullable(
          closed({
            sha256: text,
            width: { type: ['integer', 'null'] },
            height: { type: ['integer', 'null'] },
            bytes: { type: ['integer', 'null'] },
            mime: { type: ['string', 'null'] },
          }),
        ),
        face: nullable(
          closed({
            box: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 },
            count: { type: ['integer', 'null'] },
          }),
        ),
        overlay_url: { type: ['string', 'null'], format: 'uri' },
        report_url: {
          type: ['string', 'null'],
          format: 'uri',
          description: 'an expiring link to the page for people (no key needed); null until completed',
        },
        profile: nullable(closed(profileProperties())),
        percentile_basis: nullable(
          closed(
            {
              age_band: { type: 'string', enum: [...AGE_BANDS] },
              gender: { type: 'string', enum: [...NORM_GENDERS] },
              source: { type: 'string', enum: ['profile', 'estimate', 'mixed'] },
              norms_version: text,
            },
            'whom the percentiles compare the person with',
          ),
        ),
        skin_scores: nullable(
          closed(
            Object.fromEntries(
              SKIN_SCORE_KEYS.map((k) => [
                k,
                closed({ score, band: scoreBand, null_reason: enumOrNull(SCORE_NULL_REASONS) }),
              ]),
            ),
            'null until completed',
          ),
        ),
        metrics: nestedMetricsSchema(),
      },
      'The whole analysis, metrics grouped (default format).',
    ),
    AnalysisFlat: {
      ...closed(
        flat,
        'One flat object with every key on every answer (format=flat, for Bubble): metrics by their catalog flat key, null until completed. With lang=ko|en also the display text of every category value and band (…_label, …_band_label).',
      ),
      properties: { ...flat, ...flatLabelProperties() },
    },
    AnalysisPage: closed(
      {
        data: { type: 'array', items: { oneOf: [ref('AnalysisSummary'), ref('AnalysisFlat')] } },
        next_cursor: { type: ['string', 'null'] },
      },
      'A page of history; items are flat with format=flat.',
    ),
    WebhookMessage: closed(
      { event: { type: 'string', enum: [...WEBHOOK_EVENTS] }, ...flat },
      'A webhook body: the flat result plus the event (Standard Webhooks headers: webhook-id, webhook-timestamp, webhook-signature).',
    ),
    WebhookDelivery: closed(deliveryProperties),
    WebhookDeliveryWithAttempts: closed({
      ...deliveryProperties,
      attempts_log: {
        type: 'array',
        items: closed({
          attempt: { type: 'integer' },
          started_at: dateTime,
          status_code: { type: ['integer', 'null'] },
          latency_ms: { type: ['integer', 'null'] },
          response_snippet: { type: ['string', 'null'] },
          error: { type: ['string', 'null'] },
        }),
      },
    }),
  };
}

const analysisOrFlat = { oneOf: [ref('AnalysisNested'), ref('AnalysisFlat')] };

/** A picture under a report token: no key, the token's own answers. */
const reportPicture = (operationId: string, summary: string) => ({
  get: {
    operationId,
    summary,
    security: [],
    parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      '200': { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
      '403': error('FORBIDDEN: the signature does not match'),
      '404': error('NOT_FOUND: the analysis was deleted or has no such picture'),
      '410': error('LINK_EXPIRED'),
      '500': error('INTERNAL'),
      '503': error('DATABASE_UNAVAILABLE or STORAGE_UNAVAILABLE'),
    },
  },
});
const trendHead = {
  external_id: { type: 'string' },
  count: { type: 'integer' },
  dates: { type: 'array', items: dateTime },
  analysis_ids: { type: 'array', items: uuid },
};

export function openApiDocument(baseUrl: string): Json {
  const createFields = schemaOf(optionsSchema.extend(profileSchema.shape)) as { properties: Json };
  const formatParam = (values: string[], description: string) => ({
    name: 'format',
    in: 'query',
    required: false,
    description,
    schema: { type: 'string', enum: values },
  });
  const analysisResponses = {
    '200': json(
      { oneOf: [ref('AnalysisNested'), ref('AnalysisFlat'), ref('AnalysisSummary')] },
      'finished within wait= (the whole analysis), or an Idempotency-Key replay (Idempotent-Replayed: true; the summary, flat with format=flat)',
    ),
    '202': json(
      { oneOf: [ref('AnalysisSummary'), ref('AnalysisFlat')] },
      'queued; poll status_url (Location). With format=flat every key of the finished result, metrics null',
    ),
    '400': error('VALIDATION_ERROR, DESTINATION_NOT_ALLOWED'),
    '409': error('IDEMPOTENCY_CONFLICT: the Idempotency-Key was used for another photo, options or profile'),
    '413': error('IMAGE_TOO_LARGE'),
    '415': error('UNSUPPORTED_MEDIA_TYPE'),
    '422': error('INVALID_IMAGE, IMAGE_TOO_SMALL, IMAGE_DOWNLOAD_FAILED'),
    ...STANDARD_ERRORS,
  };
  const webhook = (event: string, summary: string) => ({
    post: {
      operationId: `webhook_${event.replace('.', '_')}`,
      summary,
      requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookMessage') } } },
      responses: { '200': { description: 'any 2xx acknowledges; anything else is retried' } },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Face analysis job service',
      version: '1',
      description:
        'Photo analysis jobs: face shape, skin and personal colour. See docs/bubble.md for the Bubble.io guide.',
    },
    servers: [{ url: baseUrl }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/v1/analyses': {
        post: {
          operationId: 'createAnalysis',
          summary: 'Create an analysis (photo upload or image_url)',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'the same key and request replay the first analysis; another request is 409',
              schema: { type: 'string', maxLength: 255 },
            },
            { name: 'wait', in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: 25 } },
            formatParam(['nested', 'flat'], 'flat: every answer (200, 202, replay) has every key of the flat result'),
            ...queryParameters(readQuery).filter((p) => p.name === 'lang'),
          ],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: {
                    image: {
                      type: 'string',
                      format: 'binary',
                      description:
                        'The photo (JPEG, PNG, WebP, HEIC). A URL sent here as text is fetched as image_url.',
                    },
                    file: { type: 'string', format: 'binary', description: 'Another name for image.' },
                    ...createFields.properties,
                  },
                },
              },
              'application/json': { schema: createFields },
            },
          },
          responses: analysisResponses,
        },
        get: {
          operationId: 'listAnalyses',
          summary: 'History, newest first (a client key sees its own analyses)',
          parameters: queryParameters(listQuery),
          responses: {
            '200': json(ref('AnalysisPage'), 'a page'),
            '400': error('VALIDATION_ERROR'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/analyses/sample': {
        get: {
          operationId: 'getSampleAnalysis',
          summary: 'A complete flat result with a typed, non-null value for every key (Bubble initialisation)',
          description:
            'Every field has a value of its type so Bubble can type it, also those empty on a clean result (error_code, error_message, the null reasons); id is the nil-like sample id and external_id is "sample".',
          parameters: [
            formatParam(['flat'], 'the sample comes flat'),
            ...queryParameters(readQuery).filter((p) => p.name === 'lang'),
          ],
          responses: {
            '200': json(ref('AnalysisFlat'), 'the sample'),
            '400': error('VALIDATION_ERROR'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/analyses/{id}': {
        get: {
          operationId: 'getAnalysis',
          summary: 'Status and, when completed, the metrics',
          parameters: [uuidParam, ...queryParameters(readQuery)],
          responses: {
            '200': json(analysisOrFlat, 'the analysis'),
            '400': error('VALIDATION_ERROR'),
            '404': error('NOT_FOUND (also for another client’s analysis)'),
            ...STANDARD_ERRORS,
          },
        },
        delete: {
          operationId: 'deleteAnalysis',
          summary: 'Cancel and delete photo, profile, metrics and pictures',
          parameters: [uuidParam],
          responses: {
            '200': json(
              closed({
                id: uuid,
                status: { type: 'string', enum: STATUSES },
                deleted: { type: 'boolean', const: true },
              }),
              'deleted',
            ),
            '404': error('NOT_FOUND'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/analyses/{id}/overlay.png': {
        get: {
          operationId: 'getOverlay',
          summary: 'The overlay picture',
          parameters: [uuidParam],
          responses: {
            '200': { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
            '404': error('NOT_FOUND'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/subjects/{external_id}/trend': {
        get: {
          operationId: 'getTrend',
          summary:
            "One person's progress: each metric's values and dates as parallel lists, with the change since the first and the previous analysis",
          parameters: [
            { name: 'external_id', in: 'path', required: true, schema: { type: 'string', maxLength: 256 } },
            ...queryParameters(trendQuery),
          ],
          responses: {
            '200': json(
              { oneOf: [ref('Trend'), ref('TrendFlat')] },
              'the completed analyses of this external_id, oldest first (at most the latest 100)',
            ),
            '400': error('VALIDATION_ERROR'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/r/{token}': {
        get: {
          operationId: 'getReport',
          summary:
            'The page for people (report_url): an HTML page through an expiring signed token, no API key; can be framed by any site',
          security: [],
          parameters: [
            { name: 'token', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'lang',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['ko', 'en'], default: 'ko' },
            },
          ],
          responses: {
            '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } },
            '403': error('FORBIDDEN: the signature does not match'),
            '404': error('NOT_FOUND: the analysis was deleted (which revokes the link)'),
            '410': error('LINK_EXPIRED: read the analysis again for a fresh report_url'),
            '500': error('INTERNAL'),
            '503': error('DATABASE_UNAVAILABLE'),
          },
        },
      },
      '/r/{token}/overlay.png': reportPicture('getReportOverlay', 'The overlay the report shows, under the same token'),
      '/r/{token}/drape.png': reportPicture(
        'getReportDrape',
        'The colour drape the report shows (the face above the best colour and the one to avoid), under the same token',
      ),
      '/pictures/{id}/overlay.png': {
        get: {
          operationId: 'getSignedOverlay',
          summary: 'The overlay through its expiring signed link (overlay_url): no API key, for a Bubble Image element',
          security: [],
          parameters: [
            uuidParam,
            {
              name: 'expires',
              in: 'query',
              required: true,
              description: 'Unix seconds',
              schema: { type: 'string', pattern: '^\\d+$' },
            },
            { name: 'signature', in: 'query', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
            '403': error('FORBIDDEN: the signature does not match'),
            '404': error('NOT_FOUND: the analysis was deleted (which revokes its links) or has no overlay'),
            '410': error('LINK_EXPIRED: read the analysis again for a fresh overlay_url'),
            '500': error('INTERNAL'),
            '503': error('DATABASE_UNAVAILABLE or STORAGE_UNAVAILABLE'),
          },
        },
      },
      '/v1/analyses/{id}/drape.png': {
        get: {
          operationId: 'getDrape',
          summary:
            "The colour drape: the person's head above a cloth in the palette's best colour (left) and the one to avoid (right)",
          parameters: [uuidParam],
          responses: {
            '200': { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
            '404': error('NOT_FOUND'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/metrics/catalog': {
        get: {
          operationId: 'getCatalog',
          summary: 'Every metric with labels, units, ranges, bands, Bubble types',
          parameters: [{ name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['ko', 'en'] } }],
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  lang: { type: 'string', enum: ['ko', 'en'] },
                  metrics: {
                    type: 'array',
                    items: { type: 'object', required: ['key', 'flat_key', 'group', 'label', 'type', 'bubble_type'] },
                  },
                },
                required: ['lang', 'metrics'],
              },
              'the catalog',
            ),
            '400': error('VALIDATION_ERROR'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/webhooks/test': {
        post: {
          operationId: 'testWebhook',
          summary:
            'Send a signed sample message (event analysis.test) to the URL + /initialize and, with send_to_url, to the URL',
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(testBody) } } },
          responses: {
            '200': json(
              closed({ sent: { type: 'array', items: ref('WebhookTestResult') } }),
              'every target answered 2xx',
            ),
            '502': json(
              closed({ sent: { type: 'array', items: ref('WebhookTestResult') } }),
              'a target did not answer 2xx',
            ),
            '400': error('VALIDATION_ERROR, DESTINATION_NOT_ALLOWED'),
            ...STANDARD_ERRORS,
            '503': error('WEBHOOKS_NOT_CONFIGURED (WEBHOOK_SECRET unset), or a dependency down'),
          },
        },
      },
      '/v1/webhooks/deliveries': {
        get: {
          operationId: 'listWebhookDeliveries',
          summary: 'Webhook messages, newest first',
          parameters: queryParameters(deliveriesQuery),
          responses: {
            '200': json(closed({ data: { type: 'array', items: ref('WebhookDelivery') } }), 'a page'),
            '400': error('VALIDATION_ERROR'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/webhooks/deliveries/{id}': {
        get: {
          operationId: 'getWebhookDelivery',
          summary: 'One message with every attempt',
          parameters: [deliveryIdParam],
          responses: {
            '200': json(ref('WebhookDeliveryWithAttempts'), 'the message and its attempts'),
            '404': error('NOT_FOUND'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/webhooks/deliveries/{id}/replay': {
        post: {
          operationId: 'replayWebhookDelivery',
          summary: 'Send the same message again (same webhook-id and body, freshly signed)',
          parameters: [deliveryIdParam],
          responses: {
            '202': json(
              closed({
                id: text,
                status: { type: 'string', const: 'pending' },
                replayed: { type: 'boolean', const: true },
              }),
              'queued',
            ),
            '404': error('NOT_FOUND'),
            ...STANDARD_ERRORS,
          },
        },
      },
      '/v1/exports/analyses.csv': {
        get: {
          operationId: 'exportAnalysesCsv',
          summary:
            'Every analysis with profile and metrics as CSV (admin; UTF-8 with BOM, streamed; formulas neutralised)',
          parameters: queryParameters(exportQuery),
          responses: {
            '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
            '400': error('VALIDATION_ERROR'),
            ...ADMIN_ERRORS,
          },
        },
      },
      '/v1/calibrations': {
        post: {
          operationId: 'startCalibration',
          summary: 'Queue a calibrate job (admin)',
          responses: {
            '202': json(closed({ job_id: text, status: { type: 'string', const: 'queued' } }), 'queued'),
            ...ADMIN_ERRORS,
          },
        },
      },
      '/v1/model-versions': {
        get: {
          operationId: 'listModelVersions',
          summary: 'Stored age/gender/undertone model versions (admin)',
          responses: {
            '200': json(
              closed({
                data: {
                  type: 'array',
                  items: closed({
                    kind: text,
                    version: text,
                    active: { type: 'boolean' },
                    training_set: {},
                    metrics: {},
                    created_at: dateTime,
                    activated_at: nullable(dateTime),
                  }),
                },
              }),
              'versions',
            ),
            ...ADMIN_ERRORS,
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'getLiveness',
          summary: 'Liveness',
          security: [],
          responses: { '200': json(closed({ status: { type: 'string', const: 'ok' } }), 'the process answers') },
        },
      },
      '/readyz': {
        get: {
          operationId: 'getReadiness',
          summary: 'Readiness: Postgres, queue, image store',
          security: [],
          responses: { '200': json(ref('Readiness'), 'ready'), '503': json(ref('Readiness'), 'not ready') },
        },
      },
    },
    webhooks: {
      'analysis.completed': webhook(
        'analysis.completed',
        'An analysis completed: the flat result with event "analysis.completed"',
      ),
      'analysis.failed': webhook(
        'analysis.failed',
        'An analysis failed: the flat result (error_code, error_message; metrics null) with event "analysis.failed"',
      ),
      'analysis.test': webhook(
        'analysis.test',
        'From POST /v1/webhooks/test: the sample result (external_id "sample") with event "analysis.test"; a live workflow ignores it',
      ),
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'API key from `npm run keys -- create` (or the X-API-Key header)',
        },
      },
      schemas: {
        ...schemas(),
        Trend: closed({
          ...trendHead,
          metrics: {
            type: 'object',
            additionalProperties: closed({
              values: { type: 'array', items: { type: ['number', 'null'] } },
              change_since_first: { type: ['number', 'null'] },
              change_since_previous: { type: ['number', 'null'] },
            }),
          },
        }),
        TrendFlat: {
          type: 'object',
          description:
            'format=flat: per metric <key>_values (a list, one per date), <key>_change_since_first, <key>_change_since_previous',
          properties: trendHead,
          required: Object.keys(trendHead),
          patternProperties: {
            _values$: { type: 'array', items: { type: ['number', 'null'] } },
            '_change_since_(first|previous)$': { type: ['number', 'null'] },
          },
          additionalProperties: false,
        },
        WebhookTestResult: closed({
          url: text,
          ok: { type: 'boolean' },
          status_code: { type: ['integer', 'null'] },
          latency_ms: { type: 'integer' },
          response_snippet: { type: ['string', 'null'] },
          error: { type: ['string', 'null'] },
        }),
        Readiness: closed({
          status: { type: 'string', enum: ['ready', 'not_ready'] },
          checks: {
            type: 'object',
            properties: { database: {}, queue: {}, queue_backend: text, image_store: {} },
            required: ['database', 'queue', 'queue_backend', 'image_store'],
          },
        }),
      },
    },
  };
}
