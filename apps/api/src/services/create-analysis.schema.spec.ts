import { parseCreateAnalysis } from './create-analysis.schema';

describe('POST /v1/analyses fields', () => {
  test('accepts Bubble-style form fields (strings, empty values, comma lists)', () => {
    const f = parseCreateAnalysis(
      {
        gender: 'female',
        birth_date: '1994-02-28',
        country: 'kr',
        skin_concerns: 'dry, acne',
        outdoor_ratio: '30',
        hair_color: '',
        external_id: 'bubble-123',
      },
      { wait: '10' },
    );
    expect(f.profile).toEqual(
      expect.objectContaining({ gender: 'female', country: 'KR', skin_concerns: ['dry', 'acne'], outdoor_ratio: 30 }),
    );
    expect(f.profile?.hair_color).toBeUndefined();
    expect(f.wait).toBe(10);
    expect(f.face_policy).toBe('largest');
  });

  test('lists the allowed values for unknown options', () => {
    expect(() => parseCreateAnalysis({ gender: 'robot' }, {})).toThrow(/female, male, other, unspecified/);
    expect(() => parseCreateAnalysis({ skin_concerns: ['dry', 'scales'] }, {})).toThrow(/VALIDATION|must be one of/);
    expect(() => parseCreateAnalysis({ outdoor_ratio: 35 }, {})).toThrow(/0, 10, 20/);
  });

  test('rejects impossible dates, unknown fields and too long waits', () => {
    expect(() => parseCreateAnalysis({ birth_date: '2001-02-30' }, {})).toThrow(/real date/);
    expect(() => parseCreateAnalysis({ birth_date: '2999-01-01' }, {})).toThrow(/real date/);
    expect(() => parseCreateAnalysis({ favourite_colour: 'red' }, {})).toThrow(/Unknown field/);
    expect(() => parseCreateAnalysis({}, { wait: '60' })).toThrow(/25/);
  });

  test("a photo field that is a URL text (Bubble's file URL, //…) becomes image_url; both at once is refused", () => {
    const f = parseCreateAnalysis({ image: '//s3.amazonaws.com/appforest_uf/f1/selfie.jpg' }, {});
    expect([f.image_url, f.image_url_from_photo_field]).toEqual([
      '//s3.amazonaws.com/appforest_uf/f1/selfie.jpg',
      true,
    ]);
    expect(parseCreateAnalysis({ image_url: 'https://x.example/a.jpg' }, {}).image_url_from_photo_field).toBe(false);
    expect(() =>
      parseCreateAnalysis({ image: 'https://a.example/1.jpg', image_url: 'https://a.example/2.jpg' }, {}),
    ).toThrow(/once/);
    expect(() => parseCreateAnalysis({ file: 'selfie.jpg' }, {})).toThrow(/"file" arrived as text.*Send file/);
  });

  test('no profile fields → no profile', () => {
    expect(parseCreateAnalysis({}, {}).profile).toBeNull();
  });
});
