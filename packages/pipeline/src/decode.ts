/**
 * Image intake: identify by content (never by file name or declared type),
 * guard size and pixel count before decoding, and decode to 8-bit sRGB with
 * EXIF orientation applied and alpha flattened onto white.
 */
import { AppError } from '@face/errors';
import sharp, { type Metadata } from 'sharp';
import type { RgbImage } from './types';

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

export interface ImageInfo {
  format: 'jpeg' | 'png' | 'webp' | 'avif' | 'heic';
  mime: string;
  /** after EXIF orientation */
  width: number;
  height: number;
}

export const MIN_IMAGE_SIDE = 100;
const MIME: Record<ImageInfo['format'], string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
};

function formatOf(meta: Metadata): ImageInfo['format'] | null {
  switch (meta.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
      return meta.format;
    case 'heif':
      return meta.compression === 'av1' ? 'avif' : 'heic';
    default:
      return null;
  }
}

/** Checks an uploaded or downloaded image fully (header, limits, and a cheap decode that catches truncation). */
export async function inspectImage(buf: Buffer, limits: ImageLimits): Promise<ImageInfo> {
  if (buf.length > limits.maxBytes) {
    throw new AppError('IMAGE_TOO_LARGE', `Image is ${buf.length} bytes; the limit is ${limits.maxBytes}.`, {
      bytes: buf.length,
      max_bytes: limits.maxBytes,
    });
  }
  // Header and a trial decode run side by side (both in libvips' threads); the header's verdicts come first.
  // Shrink-on-load still reads the whole compressed stream, so truncation and corruption surface cheaply,
  // and limitInputPixels keeps a decompression bomb from being decoded while its header is judged.
  const [header, trial] = await Promise.allSettled([
    sharp(buf, { limitInputPixels: false }).metadata(),
    sharp(buf, { failOn: 'truncated', limitInputPixels: limits.maxPixels })
      .resize(32, 32, { fit: 'inside' })
      .raw()
      .toBuffer(),
  ]);
  if (header.status === 'rejected') {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'The file is not a recognised image. Send JPEG, PNG, WebP, AVIF or HEIC.',
    );
  }
  const meta: Metadata = header.value;
  const format = formatOf(meta);
  if (!format) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Image format "${meta.format}" is not accepted. Send JPEG, PNG, WebP, AVIF or HEIC.`,
      { format: meta.format },
    );
  }
  const { width = 0, height = 0 } = meta.autoOrient ?? meta;
  if (width * height > limits.maxPixels) {
    throw new AppError(
      'IMAGE_TOO_LARGE',
      `Image is ${width}×${height} pixels; the limit is ${limits.maxPixels} pixels.`,
      { width, height, max_pixels: limits.maxPixels },
    );
  }
  if (Math.min(width, height) < MIN_IMAGE_SIDE) {
    throw new AppError(
      'IMAGE_TOO_SMALL',
      `Image is ${width}×${height}; both sides must be at least ${MIN_IMAGE_SIDE} pixels.`,
      { width, height },
    );
  }
  if (trial.status === 'rejected') {
    const e = trial.reason as Error;
    if (format === 'heic') {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'HEIC (HEVC) images cannot be decoded by this server build; send JPEG, PNG, WebP or AVIF.',
        { format },
      );
    }
    throw new AppError('INVALID_IMAGE', 'The image is corrupt or truncated and cannot be decoded.', {
      reason: (e as Error).message.slice(0, 200),
    });
  }
  return { format, mime: MIME[format], width, height };
}

/** Full decode for analysis. */
export async function decodeImage(input: Buffer | string, limits: Pick<ImageLimits, 'maxPixels'>): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(input, { failOn: 'truncated', limitInputPixels: limits.maxPixels })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColorspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (e) {
    throw new AppError('INVALID_IMAGE', 'The image is corrupt or truncated and cannot be decoded.', {
      reason: (e as Error).message.slice(0, 200),
    });
  }
}

/** Resize a decoded image (nearest model input; aspect not kept). */
export async function resizeRaw(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  const data = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}
