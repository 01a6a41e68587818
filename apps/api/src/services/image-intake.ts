/**
 * Gets the photo bytes from an upload or from `image_url` (Bubble hands
 * protocol-relative `//host/path` URLs; they are fetched over https), with
 * size and time limits, then checks them by content.
 */
import { AppError } from '@face/errors';
import { isRefusedAtConnect, type OutboundGuard } from '@face/outbound';
import { inspectImage, type ImageInfo, type ImageLimits } from '@face/pipeline/image';

export interface IntakeLimits extends ImageLimits {
  downloadTimeoutMs: number;
}

/** Redirect hops an image_url may take (file hosts redirect to their CDN); each hop is checked by the guard. */
const MAX_IMAGE_REDIRECTS = 3;

export function normaliseImageUrl(raw: string): URL {
  const withScheme = raw.startsWith('//') ? `https:${raw}` : raw;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError('VALIDATION_ERROR', 'image_url is not a valid URL.', { field: 'image_url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('VALIDATION_ERROR', 'image_url must be an http(s) URL.', { field: 'image_url' });
  }
  return url;
}

export async function downloadImage(url: URL, limits: IntakeLimits, guard: OutboundGuard): Promise<Buffer> {
  let res: Awaited<ReturnType<OutboundGuard['fetch']>>;
  try {
    res = await guard.fetch(
      url,
      { signal: AbortSignal.timeout(limits.downloadTimeoutMs), maxRedirects: MAX_IMAGE_REDIRECTS },
      'image_url',
    );
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (isRefusedAtConnect(e))
      throw new AppError('DESTINATION_NOT_ALLOWED', 'image_url must point to a public internet address.', {
        field: 'image_url',
        host: url.host,
      });
    const timedOut = (e as Error).name === 'TimeoutError';
    throw new AppError(
      'IMAGE_DOWNLOAD_FAILED',
      timedOut ? `image_url did not answer within ${limits.downloadTimeoutMs} ms.` : 'image_url could not be fetched.',
      { host: url.host },
    );
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new AppError('IMAGE_DOWNLOAD_FAILED', `image_url answered HTTP ${res.status}.`, {
      host: url.host,
      status: res.status,
    });
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes) {
    await res.body.cancel().catch(() => undefined);
    throw new AppError('IMAGE_TOO_LARGE', `image_url declares ${declared} bytes; the limit is ${limits.maxBytes}.`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body) {
      total += chunk.length;
      if (total > limits.maxBytes) {
        throw new AppError('IMAGE_TOO_LARGE', `image_url sent more than ${limits.maxBytes} bytes.`);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('IMAGE_DOWNLOAD_FAILED', 'image_url download was interrupted.', { host: url.host });
  }
  return Buffer.concat(chunks);
}

export async function intakeImage(
  source: { bytes?: Buffer; url?: string },
  limits: IntakeLimits,
  guard: OutboundGuard,
): Promise<{ bytes: Buffer; info: ImageInfo }> {
  const bytes =
    source.bytes ?? (source.url ? await downloadImage(normaliseImageUrl(source.url), limits, guard) : undefined);
  if (!bytes)
    throw new AppError(
      'VALIDATION_ERROR',
      'Send the photo as multipart field "image" (or "file"), or as JSON "image_url".',
    );
  if (bytes.length === 0) throw new AppError('INVALID_IMAGE', 'The image is empty.');
  return { bytes, info: await inspectImage(bytes, limits) };
}
