import { SignedLinks } from './index';

const SECRET = 'a-signing-secret-of-at-least-32-characters';
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const query = (link: string) => Object.fromEntries(new URL(link, 'https://x').searchParams);

test('a link is valid until it expires, then expired', () => {
  const links = new SignedLinks(SECRET, 3600);
  const link = links.sign('/pictures/abc/overlay.png', NOW);
  expect(link).toMatch(/^\/pictures\/abc\/overlay\.png\?expires=\d+&signature=[\w-]{43}$/);
  const { expires, signature } = query(link);
  expect(Number(expires)).toBe(NOW / 1000 + 3600);
  expect(links.check('/pictures/abc/overlay.png', expires, signature, NOW)).toBe('valid');
  expect(links.check('/pictures/abc/overlay.png', expires, signature, NOW + 3599_000)).toBe('valid');
  expect(links.check('/pictures/abc/overlay.png', expires, signature, NOW + 3600_000)).toBe('expired');
});

test('another path, a longer expiry, a changed signature or another secret is invalid', () => {
  const links = new SignedLinks(SECRET, 3600);
  const { expires, signature } = query(links.sign('/pictures/abc/overlay.png', NOW));
  expect(links.check('/pictures/abd/overlay.png', expires, signature, NOW)).toBe('invalid');
  expect(links.check('/pictures/abc/overlay.png', String(Number(expires) + 86400), signature, NOW)).toBe('invalid');
  expect(
    links.check(
      '/pictures/abc/overlay.png',
      expires,
      `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      NOW,
    ),
  ).toBe('invalid');
  expect(new SignedLinks(`${SECRET}!`, 3600).check('/pictures/abc/overlay.png', expires, signature, NOW)).toBe(
    'invalid',
  );
  for (const [e, s] of [
    [undefined, signature],
    [expires, undefined],
    ['1e9', signature],
    [[expires], signature],
  ])
    expect(links.check('/pictures/abc/overlay.png', e, s, NOW)).toBe('invalid');
});

test('a report token carries its subject and expiry; another purpose, subject or secret does not read it', () => {
  const links = new SignedLinks(SECRET, 600);
  const token = links.token('3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d', 'report', NOW);
  expect(token).toMatch(/^3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d\.\d+\.[\w-]{43}$/);
  expect(links.readToken(token, 'report', NOW)).toEqual({
    subject: '3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d',
    check: 'valid',
  });
  expect(links.readToken(token, 'report', NOW + 600_000).check).toBe('expired');
  expect(links.readToken(token, 'overlay', NOW).check).toBe('invalid');
  expect(links.readToken(token.replace('3f1c', '3f1d'), 'report', NOW).check).toBe('invalid');
  expect(new SignedLinks(`${SECRET}!`, 600).readToken(token, 'report', NOW).check).toBe('invalid');
  expect(links.readToken('not-a-token', 'report', NOW).check).toBe('invalid');
});
