import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { OutboundGuard, type Resolver } from '@face/outbound';
import { PORTRAITS } from '../../../../test/helpers/datasets';
import { downloadImage, intakeImage, normaliseImageUrl } from './image-intake';

describe('image_url', () => {
  test("Bubble's protocol-relative URLs are fetched over https", () => {
    expect(normaliseImageUrl('//s3.amazonaws.com/appforest_uf/f123/selfie.jpg').href).toBe(
      'https://s3.amazonaws.com/appforest_uf/f123/selfie.jpg',
    );
    expect(() => normaliseImageUrl('ftp://example.com/x.jpg')).toThrow(/http/);
    expect(() => normaliseImageUrl('not a url')).toThrow(/valid URL/);
  });

  describe('downloads with size and time limits', () => {
    const photo = fs.readFileSync(PORTRAITS.frontal);
    let server: http.Server;
    let base: string;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.url === '/photo.jpg') return void res.end(photo);
        if (req.url === '/to-photo') return void res.writeHead(302, { location: '/photo.jpg' }).end();
        if (req.url === '/to-metadata')
          return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        if (req.url === '/slow.jpg') return void setTimeout(() => res.end(photo), 2000);
        if (req.url === '/endless.jpg') {
          res.writeHead(200); // no content-length: the limit must hold while streaming
          const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 1);
          res.on('close', () => clearInterval(timer));
          return;
        }
        res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    // the test server is on loopback, which only an allow-list entry (local development) makes reachable
    const guard = new OutboundGuard({ allow: ['127.0.0.1/32'] });
    afterAll(async () => {
      await guard.close();
      await new Promise<void>((r) => server.close(() => r()));
    });
    const limits = { maxBytes: 1024 * 1024, maxPixels: 5e7, downloadTimeoutMs: 500 };

    test('a photo is downloaded and checked', async () => {
      const { info } = await intakeImage({ url: `${base}/photo.jpg` }, limits, guard);
      expect(info.format).toBe('jpeg');
    });
    test('HTTP errors, time-outs and oversized bodies get their codes', async () => {
      await expect(downloadImage(new URL(`${base}/missing.jpg`), limits, guard)).rejects.toMatchObject({
        code: 'IMAGE_DOWNLOAD_FAILED',
      });
      await expect(downloadImage(new URL(`${base}/slow.jpg`), limits, guard)).rejects.toMatchObject({
        code: 'IMAGE_DOWNLOAD_FAILED',
      });
      await expect(downloadImage(new URL(`${base}/endless.jpg`), limits, guard)).rejects.toMatchObject({
        code: 'IMAGE_TOO_LARGE',
      });
    });
    test('redirects are followed only to allowed destinations, each hop checked', async () => {
      expect((await intakeImage({ url: `${base}/to-photo` }, limits, guard)).info.format).toBe('jpeg');
      await expect(downloadImage(new URL(`${base}/to-metadata`), limits, guard)).rejects.toMatchObject({
        code: 'DESTINATION_NOT_ALLOWED',
      });
    });
    test('without the allow-list entry the same loopback server is refused', async () => {
      const strict = new OutboundGuard();
      await expect(downloadImage(new URL(`${base}/photo.jpg`), limits, strict)).rejects.toMatchObject({
        code: 'DESTINATION_NOT_ALLOWED',
      });
      await strict.close();
    });
  });

  describe('server-side request forgery guard', () => {
    const limits = { maxBytes: 1024 * 1024, maxPixels: 5e7, downloadTimeoutMs: 2000 };
    // a resolver standing in for DNS: names resolve where the test says
    const dnsTable: Record<string, string[]> = {
      'files.example': ['52.216.0.10'],
      'intranet.example': ['10.1.2.3'],
      'mixed.example': ['52.216.0.11', '192.168.1.5'],
    };
    const resolver: Resolver = async (host) => {
      const addrs = dnsTable[host];
      if (!addrs) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
      return addrs.map((address) => ({ address, family: 4 as const }));
    };
    const guard = new OutboundGuard({ resolver });
    afterAll(() => guard.close());

    test.each([
      ['http://127.0.0.1/x.jpg', 'loopback'],
      ['http://10.0.0.1/x.jpg', 'private'],
      ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
      ['http://[::1]/x.jpg', 'loopback'],
      ['http://[::ffff:127.0.0.1]/x.jpg', 'loopback'],
      ['http://[fd00:ec2::254]/', 'uniqueLocal'],
      ['http://100.64.0.1/x.jpg', 'carrierGradeNat'],
      ['http://0.0.0.0/x.jpg', 'unspecified'],
      ['http://intranet.example/x.jpg', 'private'],
      ['http://mixed.example/x.jpg', 'private'],
    ])('%s is refused (%s)', async (url, range) => {
      const err = await downloadImage(new URL(url), limits, guard).catch((e) => e);
      expect(err).toMatchObject({ code: 'DESTINATION_NOT_ALLOWED', details: { field: 'image_url' } });
      expect(err.details.reason).toContain(range);
    });

    test('a public name passes the check; an unknown one is refused', async () => {
      await expect(guard.check(new URL('https://files.example/a.jpg'), 'image_url')).resolves.toBeUndefined();
      await expect(guard.check(new URL('https://nowhere.example/a.jpg'), 'image_url')).rejects.toMatchObject({
        code: 'DESTINATION_NOT_ALLOWED',
      });
    });

    test('a name that re-resolves to a private address after the check (DNS rebinding) is refused at connect time', async () => {
      let calls = 0;
      const rebinding = new OutboundGuard({
        resolver: async () => [{ address: calls++ === 0 ? '52.216.0.12' : '127.0.0.1', family: 4 }],
      });
      await expect(downloadImage(new URL('http://rebind.example:8080/x.jpg'), limits, rebinding)).rejects.toMatchObject(
        { code: 'DESTINATION_NOT_ALLOWED' },
      );
      expect(calls).toBe(2);
      await rebinding.close();
    });
  });
});
