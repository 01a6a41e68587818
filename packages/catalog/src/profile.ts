/**
 * Profile fields (SPEC §7) as Bubble option sets. Unknown values get
 * VALIDATION_ERROR listing the allowed ones.
 */
import countries from 'i18n-iso-countries';
import { z } from 'zod';

export const PROFILE_OPTIONS = {
  gender: ['female', 'male', 'other', 'unspecified'],
  skin_concerns: [
    'dry',
    'oily',
    'combination',
    'sensitive',
    'acne',
    'pigmentation',
    'wrinkles_aging',
    'enlarged_pores',
    'dullness_uneven_tone',
    'redness_rosacea',
  ],
  self_undertone: ['cool', 'warm'],
  hair_color: ['black', 'dark_brown', 'medium_brown', 'light_brown', 'blonde', 'red', 'gray_silver'],
  hair_length: ['short', 'medium', 'long'],
  hair_texture: ['straight', 'wavy', 'curly', 'coily'],
  makeup_preference: ['natural', 'everyday', 'glamorous', 'bold_color', 'smoky'],
  outdoor_ratio: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90],
} as const;

export const PROFILE_FIELDS = [
  'birth_date',
  'gender',
  'country',
  'skin_concerns',
  'self_undertone',
  'hair_color',
  'hair_length',
  'hair_texture',
  'makeup_preference',
  'outdoor_ratio',
] as const;

/**
 * An option value as Bubble's option sets and people write it ("Female", "Dark brown", "dark-brown") to the
 * canonical value ("female", "dark_brown"); the response carries the canonical one.
 */
export const canonicalOption = (v: unknown) =>
  typeof v === 'string'
    ? v
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : v;

const option = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(canonicalOption, z.enum(values, { error: () => `must be one of: ${values.join(', ')}` }));

/** Form fields arrive as strings; "a,b" and repeated fields both become arrays. */
const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v;
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const birthDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d <= new Date() && d.getUTCFullYear() >= 1900;
  }, 'must be a real date between 1900 and today');

const ANY_CASE = 'Any case or spacing is accepted ("Dark brown"); the answer carries the canonical value.';

export const profileSchema = z.object({
  birth_date: z
    .preprocess(emptyToUndefined, birthDate.optional())
    .describe('Birth date, YYYY-MM-DD (age is compared with the estimated age).'),
  gender: z
    .preprocess(emptyToUndefined, option(PROFILE_OPTIONS.gender).optional())
    .describe(`Gender as the person states it. ${ANY_CASE}`),
  country: z
    .preprocess(
      (v) => (typeof v === 'string' && v !== '' ? v.toUpperCase() : emptyToUndefined(v)),
      z
        .string()
        .refine((c) => countries.isValid(c) && c.length === 2, 'must be an ISO 3166-1 alpha-2 code such as KR')
        .optional(),
    )
    .describe('Country, ISO 3166-1 alpha-2 (KR; any case).'),
  skin_concerns: z
    .preprocess(list, z.array(option(PROFILE_OPTIONS.skin_concerns)).max(10).optional())
    .describe(`Skin concerns, comma-separated or repeated fields (up to 10). ${ANY_CASE}`),
  self_undertone: z
    .preprocess(emptyToUndefined, option(PROFILE_OPTIONS.self_undertone).optional())
    .describe(`The undertone the person believes they have. ${ANY_CASE}`),
  hair_color: z
    .preprocess(emptyToUndefined, option(PROFILE_OPTIONS.hair_color).optional())
    .describe(`Natural or current hair colour. ${ANY_CASE}`),
  hair_length: z.preprocess(emptyToUndefined, option(PROFILE_OPTIONS.hair_length).optional()).describe(ANY_CASE),
  hair_texture: z.preprocess(emptyToUndefined, option(PROFILE_OPTIONS.hair_texture).optional()).describe(ANY_CASE),
  makeup_preference: z
    .preprocess(emptyToUndefined, option(PROFILE_OPTIONS.makeup_preference).optional())
    .describe(ANY_CASE),
  outdoor_ratio: z
    .preprocess(
      (v) => (typeof v === 'string' && v !== '' ? Number(v) : emptyToUndefined(v)),
      z
        .number()
        .refine(
          (n) => (PROFILE_OPTIONS.outdoor_ratio as readonly number[]).includes(n),
          `must be one of: ${PROFILE_OPTIONS.outdoor_ratio.join(', ')}`,
        )
        .optional(),
    )
    .describe('Share of waking time spent outdoors, % in steps of 10 (0–90).'),
});
