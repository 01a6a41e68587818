import { keyPath } from './image-store';
import { parseS3Url } from './s3-image-store';

test('STORAGE_URL names a bucket and an optional prefix', () => {
  expect(parseS3Url('s3://face-photos')).toEqual({ bucket: 'face-photos', prefix: '' });
  expect(parseS3Url('s3://face-photos/')).toEqual({ bucket: 'face-photos', prefix: '' });
  expect(parseS3Url('s3://face.photos/prod/v1/')).toEqual({ bucket: 'face.photos', prefix: 'prod/v1' });
  for (const bad of ['https://face-photos/x', 's3://', 's3://Face-Photos', 's3://a', 'face-photos'])
    expect(() => parseS3Url(bad)).toThrow(/s3:\/\/bucket/);
});

test('objects fan out by the first two byte pairs of the content key, and only content keys are accepted', () => {
  const key = 'ab'.repeat(32);
  expect(keyPath(key)).toBe(`ab/ab/${key}`);
  for (const bad of ['../../etc/passwd', 'AB'.repeat(32), 'ab'.repeat(31)])
    expect(() => keyPath(bad)).toThrow(/invalid image key/);
});
