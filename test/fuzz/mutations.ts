/**
 * Seeded mutations of real photos (the same seed gives the same corpus):
 * byte flips, truncation, wrong or swapped headers, huge declared dimensions,
 * inserted and zeroed blocks. Each case names what was done, for the report.
 */
import zlib from 'node:zlib';
import prand from 'pure-rand';

export interface FuzzCase {
  name: string;
  bytes: Buffer;
}

const MAGIC: Record<string, Buffer> = {
  png: Buffer.from('89504e470d0a1a0a', 'hex'),
  gif: Buffer.from('GIF89a'),
  webp: Buffer.from('RIFF\0\0\0\0WEBP'),
  jpeg: Buffer.from('ffd8ffe0', 'hex'),
  pdf: Buffer.from('%PDF-1.7\n'),
  zip: Buffer.from('504b0304', 'hex'),
};

type Rng = ReturnType<typeof prand.xoroshiro128plus>;
const int = (rng: Rng, min: number, max: number) => prand.unsafeUniformIntDistribution(min, max, rng);

/** JPEG: the first start-of-frame segment's height and width set to 65,500 × 65,500 (a decompression bomb header). */
function hugeJpegDimensions(src: Buffer): Buffer | null {
  const out = Buffer.from(src);
  for (let i = 2; i + 9 < out.length;) {
    if (out[i] !== 0xff) return null;
    const marker = out[i + 1];
    const len = out.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      out.writeUInt16BE(65500, i + 5);
      out.writeUInt16BE(65500, i + 7);
      return out;
    }
    i += 2 + len;
  }
  return null;
}

/** PNG: IHDR width and height set huge, with a correct CRC so only the dimensions are wrong. */
function hugePngDimensions(src: Buffer, rng: Rng): Buffer | null {
  if (!src.subarray(0, 8).equals(MAGIC.png)) return null;
  const out = Buffer.from(src);
  out.writeUInt32BE(int(rng, 30_000, 2_000_000), 16);
  out.writeUInt32BE(int(rng, 30_000, 2_000_000), 20);
  out.writeUInt32BE(zlib.crc32(out.subarray(12, 29)) >>> 0, 29);
  return out;
}

export function mutate(base: Buffer, baseName: string, rng: Rng): FuzzCase {
  const kind = int(rng, 0, 7);
  const b = Buffer.from(base);
  switch (kind) {
    case 0: {
      const flips = int(rng, 1, 64);
      for (let i = 0; i < flips; i++) b[int(rng, 0, b.length - 1)] ^= 1 << int(rng, 0, 7);
      return { name: `${baseName}: ${flips} bit flips`, bytes: b };
    }
    case 1: {
      const keep = int(rng, 0, b.length - 1);
      return { name: `${baseName}: truncated to ${keep} bytes`, bytes: b.subarray(0, keep) };
    }
    case 2: {
      const magics = Object.keys(MAGIC);
      const m = magics[int(rng, 0, magics.length - 1)];
      return {
        name: `${baseName}: header replaced by ${m}`,
        bytes: Buffer.concat([MAGIC[m], b.subarray(MAGIC[m].length)]),
      };
    }
    case 3: {
      const huge = hugeJpegDimensions(b) ?? hugePngDimensions(b, rng);
      if (huge) return { name: `${baseName}: huge declared dimensions`, bytes: huge };
      return { name: `${baseName}: first 16 bytes zeroed`, bytes: b.fill(0, 0, 16) };
    }
    case 4: {
      const at = int(rng, 0, b.length - 1);
      const junk = Buffer.alloc(int(rng, 1, 4096));
      for (let i = 0; i < junk.length; i++) junk[i] = int(rng, 0, 255);
      return {
        name: `${baseName}: ${junk.length} random bytes inserted at ${at}`,
        bytes: Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]),
      };
    }
    case 5: {
      const at = int(rng, 0, b.length - 1);
      const len = int(rng, 1, Math.min(65_536, b.length - at));
      return { name: `${baseName}: ${len} bytes zeroed at ${at}`, bytes: b.fill(0, at, at + len) };
    }
    case 6: {
      // a block of the file copied over another place (repeated segments, bad offsets)
      const from = int(rng, 0, b.length - 1);
      const len = int(rng, 1, Math.min(8192, b.length - from));
      const to = int(rng, 0, b.length - len);
      b.copy(b, to, from, from + len);
      return { name: `${baseName}: ${len} bytes copied from ${from} to ${to}`, bytes: b };
    }
    default: {
      const len = int(rng, 0, 2048);
      const junk = Buffer.alloc(len);
      for (let i = 0; i < len; i++) junk[i] = int(rng, 0, 255);
      return { name: `${baseName}: ${len} random bytes`, bytes: junk };
    }
  }
}

export function corpus(bases: Array<{ name: string; bytes: Buffer }>, count: number, seed: number): FuzzCase[] {
  const rng = prand.xoroshiro128plus(seed);
  return Array.from({ length: count }, (_, i) => {
    const base = bases[i % bases.length];
    return mutate(base.bytes, base.name, rng);
  });
}
