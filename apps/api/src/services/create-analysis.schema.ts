/** Fields of POST /v1/analyses besides the photo: options and the profile (SPEC §4, §7). */
import { canonicalOption, PROFILE_FIELDS, profileSchema } from '@face/catalog';
import { AppError } from '@face/errors';
import { z } from 'zod';

/** Options of POST /v1/analyses (the OpenAPI document is generated from this and profileSchema). */
export const optionsSchema = z.object({
  image_url: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      'The photo as a public http(s) URL instead of an upload ("//host/path", as Bubble gives file URLs, is read as https).',
    ),
  callback_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .optional()
    .describe('Where the signed webhook goes when the analysis finishes (default: WEBHOOK_DEFAULT_URL).'),
  external_id: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .optional()
    .describe('Your id for the person or the photo (a Bubble user id): history is searched by it.'),
  face_policy: z
    .preprocess(
      canonicalOption,
      z.enum(['largest', 'strict'], { error: 'must be one of: largest, strict' }).default('largest'),
    )
    .describe(
      'largest: analyse the largest face when there are several (MULTIPLE_FACES warning); strict: fail with MULTIPLE_FACES.',
    ),
  wait: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int()
    .min(0)
    .max(25, 'at most 25 seconds')
    .optional()
    .describe('Seconds to wait for the result before answering 202 (0–25).'),
  format: z
    .preprocess(canonicalOption, z.enum(['nested', 'flat'], { error: 'must be one of: nested, flat' }).optional())
    .describe(
      'flat: one object with every key on every answer (for Bubble); nested (default): metrics grouped with value, band and null reason.',
    ),
  lang: z
    .preprocess(canonicalOption, z.enum(['ko', 'en'], { error: 'must be one of: ko, en' }).optional())
    .describe(
      'With format=flat: add the display text of every category value and band (…_label, …_band_label) in Korean or English.',
    ),
});

const ALLOWED = new Set<string>([...Object.keys(optionsSchema.shape), ...PROFILE_FIELDS, 'image', 'file']);

export type CreateAnalysisFields = z.infer<typeof optionsSchema> & {
  profile: z.infer<typeof profileSchema> | null;
  /** image_url came as text in the photo field (Bubble's "Send file" unticked) */
  image_url_from_photo_field?: boolean;
};

function issuesToDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

/** Empty strings count as absent (Bubble sends unset fields as ""). */
function withoutEmpty(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== null && v !== undefined));
}

export function parseCreateAnalysis(rawBody: unknown, query: Record<string, unknown>): CreateAnalysisFields {
  if (rawBody !== undefined && (typeof rawBody !== 'object' || rawBody === null || Array.isArray(rawBody))) {
    throw new AppError('VALIDATION_ERROR', 'The body must be a JSON object or multipart form data.');
  }
  const body = withoutEmpty({ ...(rawBody as Record<string, unknown> | undefined) });
  const unknown = Object.keys(body).filter((k) => !ALLOWED.has(k));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_ERROR', `Unknown field(s): ${unknown.join(', ')}.`, {
      unknown,
      allowed: [...ALLOWED].sort(),
    });
  }
  const photoAsText = textPhoto(body);
  if (photoAsText !== undefined) {
    if (body.image_url !== undefined)
      throw new AppError('VALIDATION_ERROR', 'Send the photo once: "image" arrived as text and image_url is set too.', {
        field: 'image',
      });
    body.image_url = photoAsText;
  }
  const merged = {
    ...body,
    wait: body.wait ?? query.wait,
    format: query.format ?? body.format,
    lang: query.lang ?? body.lang,
  };
  const options = optionsSchema.safeParse(merged);
  const profile = profileSchema.safeParse(
    Object.fromEntries(PROFILE_FIELDS.filter((f) => f in body).map((f) => [f, body[f]])),
  );
  const issues = [
    ...(options.success ? [] : issuesToDetails(options.error)),
    ...(profile.success ? [] : issuesToDetails(profile.error)),
  ];
  if (!options.success || !profile.success) {
    throw new AppError(
      'VALIDATION_ERROR',
      `Invalid field(s): ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`,
      { issues },
    );
  }
  const hasProfile = Object.values(profile.data).some((v) => v !== undefined);
  return {
    ...options.data,
    image_url_from_photo_field: photoAsText !== undefined,
    profile: hasProfile ? profile.data : null,
  };
}

/**
 * The photo field sent as text. Bubble's API connector sends a file's URL ("//….cdn.bubble.io/…") when "Send file"
 * is not ticked: that URL is fetched as image_url. Any other text in the photo field is a mistake worth naming.
 */
function textPhoto(body: Record<string, unknown>): string | undefined {
  const field = typeof body.image === 'string' ? 'image' : typeof body.file === 'string' ? 'file' : undefined;
  if (!field) return undefined;
  const text = (body[field] as string).trim();
  if (/^(https?:)?\/\//i.test(text)) return text;
  throw new AppError(
    'VALIDATION_ERROR',
    `The field "${field}" arrived as text, not as a file (${JSON.stringify(text.slice(0, 40))}). Send the photo as a file (in Bubble's API connector tick "Send file") or its URL as image_url.`,
    { field },
  );
}
