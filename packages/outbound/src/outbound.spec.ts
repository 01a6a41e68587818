import { nonPublicRange, OutboundGuard, type Resolver } from './index';

/** A resolver that answers from a table, so no test depends on real DNS. */
const table =
  (answers: Record<string, string[]>): Resolver =>
  async (host) =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: { code?: string }) => e.code,
  );

test('addresses that are not public are named by their range; public ones are not', () => {
  expect(
    ['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.168.0.10', '::1', '::ffff:10.0.0.1', 'fd00::1'].map(
      nonPublicRange,
    ),
  ).toEqual(['loopback', 'private', 'linkLocal', 'private', 'loopback', 'private', 'uniqueLocal']);
  expect(nonPublicRange('93.184.216.34')).toBeNull();
});

test('the guard refuses private, loopback and metadata addresses, by literal or by DNS, and what is not http(s)', async () => {
  const guard = new OutboundGuard({
    resolver: table({ 'cdn.example.com': ['93.184.216.34'], 'sneaky.example.com': ['93.184.216.34', '10.0.0.5'] }),
  });
  expect(await refusal(guard.check(new URL('https://cdn.example.com/a.jpg'), 'image_url'))).toBe('allowed');
  expect(await refusal(guard.check(new URL('http://93.184.216.34/a.jpg'), 'image_url'))).toBe('allowed');
  for (const url of [
    'http://127.0.0.1/',
    'http://169.254.169.254/latest',
    'http://[::1]/',
    'https://sneaky.example.com/',
    'ftp://cdn.example.com/',
    'file:///etc/passwd',
  ]) {
    expect([url, await refusal(guard.check(new URL(url), 'image_url'))]).toEqual([url, 'DESTINATION_NOT_ALLOWED']);
  }
});

test('the allow-list lets named hosts and ranges through (local development only)', async () => {
  const guard = new OutboundGuard({
    allow: ['127.0.0.1/32', 'receiver.local'],
    resolver: table({ 'receiver.local': ['10.0.0.7'] }),
  });
  expect(await refusal(guard.check(new URL('http://127.0.0.1:8080/hook'), 'url'))).toBe('allowed');
  expect(await refusal(guard.check(new URL('http://receiver.local/hook'), 'url'))).toBe('allowed');
  expect(await refusal(guard.check(new URL('http://10.0.0.8/hook'), 'url'))).toBe('DESTINATION_NOT_ALLOWED');
});
