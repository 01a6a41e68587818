/** Benchmark inputs: real portraits resized to ~1 MP, the size of a typical phone selfie upload. */
import sharp from 'sharp';
import { datasetFiles } from './datasets';

export async function oneMegapixelPortraits(n: number): Promise<Buffer[]> {
  const files = datasetFiles('personal_color')
    .filter((_, i) => i % 3 === 0)
    .slice(0, n);
  return Promise.all(
    files.map(async (f) => {
      const meta = await sharp(f).rotate().metadata();
      const { width = 1000, height = 1000 } = meta.autoOrient ?? meta;
      const scale = Math.sqrt(1e6 / (width * height));
      return sharp(f)
        .rotate()
        .resize(Math.round(width * scale))
        .jpeg({ quality: 92 })
        .toBuffer();
    }),
  );
}

/** A multipart body with one photo, as a Bubble API connector sends it: [content-type, bytes]. */
export async function multipartPhoto(photo: Buffer): Promise<[string, Buffer]> {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(photo)]), 'selfie.jpg');
  const req = new Request('http://x/', { method: 'POST', body: form });
  return [req.headers.get('content-type')!, Buffer.from(await req.arrayBuffer())];
}
