import refittedBands from './geometry-bands.json';
import { bandOf, catalog, describeCatalog, flatKey, labelledValues, valueLabel } from './index';

describe('metric catalog', () => {
  test('has the 26 geometry, 17 texture, 23 + 1 colour and 22 context keys of METRICS.md §1–4, each unique', () => {
    // colour: METRICS.md's 23 and the light's colour temperature (illuminant_cct)
    expect(catalog.filter((m) => m.group === 'geometry')).toHaveLength(26);
    expect(catalog.filter((m) => m.group === 'texture')).toHaveLength(17);
    expect(catalog.filter((m) => m.group === 'color')).toHaveLength(24);
    expect(catalog.filter((m) => m.group === 'context')).toHaveLength(22);
    expect(new Set(catalog.map(flatKey)).size).toBe(catalog.length);
  });

  test('every metric has Korean and English labels and descriptions, a unit and a method', () => {
    for (const m of catalog) {
      expect(m.label.ko).toMatch(/[가-힣]/);
      expect(m.label.en.length).toBeGreaterThan(2);
      expect(m.description.ko.length).toBeGreaterThan(2);
      expect(m.description.en.length).toBeGreaterThan(2);
      expect(m.method.length).toBeGreaterThan(2);
      if (m.type === 'category') expect(m.categories?.length).toBeGreaterThan(1);
    }
  });

  test('every category value and band has Korean and English display text, also through the catalog endpoint', () => {
    for (const m of catalog) {
      for (const v of labelledValues(m)) {
        expect([flatKey(m), v, valueLabel(flatKey(m), v, 'ko')]).toEqual([
          flatKey(m),
          v,
          expect.stringMatching(/[가-힣]/),
        ]);
        expect([flatKey(m), v, valueLabel(flatKey(m), v, 'en')]).toEqual([
          flatKey(m),
          v,
          expect.stringMatching(/^[A-Z]/),
        ]);
      }
    }
    const ko = describeCatalog('ko');
    const shape = ko.find((m) => m.key === 'face_shape')!;
    expect(shape.category_labels).toMatchObject({ oval: '계란형', round: '둥근형' });
    expect(shape.label_key).toBe('geometry_face_shape_label');
    expect(ko.find((m) => m.key === 'season_subtype')!.category_labels!.bright_spring).toBe('봄 브라이트');
    const ratio = ko.find((m) => m.key === 'face_length_width_ratio')!;
    expect(ratio.bands!.map((b) => b.text)).toEqual(['둥근 편', '균형형', '긴 편']);
    expect(ratio.band_label_key).toBe('geometry_face_length_width_ratio_band_label');
    // a value that means something else in one metric says so
    expect([valueLabel('context_lens_tint', 'clear', 'ko'), valueLabel('texture_spot_ratio', 'clear', 'ko')]).toEqual([
      '투명',
      '깨끗함',
    ]);
    expect(valueLabel('geometry_face_shape', 'no_such_value', 'ko')).toBeNull();
  });

  test('every geometry metric the validity harness measures says how far to trust it, in the catalog endpoint too', () => {
    // head_length_ratio needs the person mask, which bench:validity does not run
    const measured = catalog.filter(
      (m) => m.group === 'geometry' && m.key !== 'head_length_ratio' && m.key !== 'face_shape_confidence',
    );
    for (const m of measured) expect([m.key, m.reliability]).toEqual([m.key, expect.stringMatching(/p95|same shape/)]);
    const tilt = describeCatalog('en').find((m) => m.key === 'eye_tilt_left')!;
    expect(tilt.reliability).toMatch(/left\/right agreement r = AAF -?\d\.\d\d, UTKFace -?\d\.\d\d/);
    expect(describeCatalog('en').find((m) => m.key === 'head_length_ratio')!.reliability).toBeNull();
  });

  test('bands cover their range without gaps (client labels from METRICS.md; geometry cut points re-fitted)', () => {
    const ratio = catalog.find((m) => m.key === 'face_length_width_ratio')!;
    // the re-fitted cut points (npm run calibrate:bands), not the client's 1.0 / 1.3
    const [low, high] = refittedBands.cuts.face_length_width_ratio;
    expect(ratio.bands).toEqual([
      { label: 'round', max: low },
      { label: 'balanced', min: low, max: high },
      { label: 'long', min: high },
    ]);
    expect(low).toBeGreaterThan(1.0);
    expect(bandOf(ratio, low - 0.001)).toBe('round');
    expect(bandOf(ratio, low)).toBe('balanced');
    expect(bandOf(ratio, high - 0.001)).toBe('balanced');
    expect(bandOf(ratio, high)).toBe('long');
    // one eye shape is one band on either side
    const tilt = (side: string) => catalog.find((m) => m.key === `eye_tilt_${side}`)!.bands;
    expect(tilt('left')).toEqual(tilt('right'));
    expect(bandOf(ratio, null)).toBeNull();
    for (const m of catalog.filter((c) => c.bands)) {
      const b = m.bands!;
      expect(b[0].min).toBeUndefined();
      expect(b[b.length - 1].max).toBeUndefined();
      for (let i = 1; i < b.length; i++) expect(b[i].min).toBe(b[i - 1].max);
    }
  });

  test('the public view is language specific', () => {
    const ko = describeCatalog('ko').find((m) => m.key === 'face_shape')!;
    const en = describeCatalog('en').find((m) => m.key === 'face_shape')!;
    expect(ko.label).toBe('얼굴형');
    expect(en.label).toBe('Face shape');
    expect(ko.bubble_type).toBe('text');
  });
});
