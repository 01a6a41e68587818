import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { PORTRAITS } from '../../../../test/helpers/datasets';
import { downloadImage, intakeImage, normaliseImageUrl } from './image-intake';

describe('image_url', () => {
  test("Bubble's protocol-relative URLs are fetched over https", () => {
    expect(normaliseImageUrl('//s3.amazonaws.com/appforest_uf/f123/selfie.jpg').href).toBe('https://s3.amazonaws.com/appforest_uf/f123/selfie.jpg');
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
    afterAll(() => new Promise<void>((r) => server.close(() => r())));
    const limits = { maxBytes: 1024 * 1024, maxPixels: 5e7, downloadTimeoutMs: 500 };

    test('a photo is downloaded and checked', async () => {
      const { info } = await intakeImage({ url: `${base}/photo.jpg` }, limits);
      expect(info.format).toBe('jpeg');
    });
    test('HTTP errors, time-outs and oversized bodies get their codes', async () => {
      await expect(downloadImage(new URL(`${base}/missing.jpg`), limits)).rejects.toMatchObject({ code: 'IMAGE_DOWNLOAD_FAILED' });
      await expect(downloadImage(new URL(`${base}/slow.jpg`), limits)).rejects.toMatchObject({ code: 'IMAGE_DOWNLOAD_FAILED' });
      await expect(downloadImage(new URL(`${base}/endless.jpg`), limits)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    });
  });
});
