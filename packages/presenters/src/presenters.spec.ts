import { catalog, flatKey, valueLabel } from '@face/catalog';
import { JSON_SAMPLES, sampleFlat } from './index';

describe('the sample flat payload (Bubble initialisation)', () => {
  const sample = sampleFlat({ baseUrl: 'https://api.example.com', pictures: null, reports: null });

  test('has every catalog key, each non-null and of the type the catalog gives Bubble', () => {
    for (const m of catalog) {
      const key = flatKey(m);
      expect([key, sample[key] === null || sample[key] === undefined]).toEqual([key, false]);
      if (m.type === 'number') expect([key, typeof sample[key]]).toEqual([key, 'number']);
      else expect([key, typeof sample[key]]).toEqual([key, 'string']);
      if (m.type === 'category') expect(m.categories).toContain(sample[key]);
      if (m.bands) expect(typeof sample[`${key}_band`]).toBe('string');
      // a value the API can really send, so the sample validates against the published schema
      if (m.nullReasons) expect(m.nullReasons).toContain(sample[`${key}_null_reason`]);
    }
    expect(Object.values(sample).every((v) => v !== null && v !== undefined)).toBe(true);
  });

  test('numbers lie in their ranges; JSON metrics are parseable and have a shaped example', () => {
    for (const m of catalog) {
      const v = sample[flatKey(m)];
      if (m.type === 'number' && m.range) {
        expect(v as number).toBeGreaterThanOrEqual(m.range[0]);
        expect(v as number).toBeLessThanOrEqual(m.range[1]);
      }
      if (m.type === 'json') {
        expect(JSON_SAMPLES).toHaveProperty(flatKey(m));
        expect(JSON.parse(v as string)).toEqual(JSON_SAMPLES[flatKey(m)]);
      }
    }
  });

  test('profile fields and identity are filled and labelled as a sample', () => {
    expect(sample.external_id).toBe('sample');
    expect(sample.profile_birth_date).toBe('1996-05-14');
    expect(sample.profile_outdoor_ratio).toBe(30);
    expect(sample.status).toBe('completed');
  });
});

describe('display text (lang=ko|en)', () => {
  test('every category metric gains …_label and every banded one …_band_label, in the language asked for', () => {
    const ko = sampleFlat({ baseUrl: 'https://api.example.com', pictures: null, reports: null }, 'ko');
    const en = sampleFlat({ baseUrl: 'https://api.example.com', pictures: null, reports: null }, 'en');
    for (const m of catalog) {
      const key = flatKey(m);
      if (m.categories) expect([key, ko[`${key}_label`]]).toEqual([key, valueLabel(key, ko[key] as string, 'ko')]);
      if (m.bands)
        expect([key, en[`${key}_band_label`]]).toEqual([key, valueLabel(key, en[`${key}_band`] as string, 'en')]);
    }
    expect(ko.geometry_face_shape).toBe('oval');
    expect(ko.geometry_face_shape_label).toBe('계란형');
    expect(en.geometry_face_shape_label).toBe('Oval');
    // without lang, no display-text keys
    expect(
      Object.keys(sampleFlat({ baseUrl: 'x', pictures: null, reports: null })).some((k) => k.endsWith('_label')),
    ).toBe(false);
  });
});
