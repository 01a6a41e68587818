/**
 * A normalised face crop: the face region resized so that the bizygomatic
 * width is a fixed number of pixels. Texture and colour statistics computed on
 * it do not depend on the photo's resolution.
 */
import sharp from 'sharp';
import { LM } from '../shared/landmarks';
import type { DetectedFace, RgbImage } from '../types';

export interface FaceCrop {
  image: RgbImage;
  /** crop pixels per original pixel */
  scale: number;
  /** mesh in crop coordinates (z scaled alike) */
  mesh: Array<[number, number, number]>;
  /** bizygomatic width in the original photo, px */
  nativeFaceWidth: number;
}

const MARGIN = 0.08;

export async function cropFace(img: RgbImage, face: DetectedFace, targetFaceWidth: number): Promise<FaceCrop> {
  const m = face.mesh;
  const nativeFaceWidth = Math.hypot(
    m[LM.zygionRight][0] - m[LM.zygionLeft][0],
    m[LM.zygionRight][1] - m[LM.zygionLeft][1],
  );
  const pts = m.slice(0, 468);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const padX = (maxX - minX) * MARGIN;
  const padY = (maxY - minY) * MARGIN;
  const left = Math.max(0, Math.floor(minX - padX));
  const top = Math.max(0, Math.floor(minY - padY));
  const right = Math.min(img.width, Math.ceil(maxX + padX));
  const bottom = Math.min(img.height, Math.ceil(maxY + padY));
  const scale = targetFaceWidth / nativeFaceWidth;
  const width = Math.max(1, Math.round((right - left) * scale));
  const height = Math.max(1, Math.round((bottom - top) * scale));
  // copy just the face rows out first: handing libvips the whole photo costs more than the resize
  const cw = right - left;
  const ch = bottom - top;
  const region = Buffer.allocUnsafe(cw * ch * 3);
  for (let y = 0; y < ch; y++)
    region.set(img.data.subarray(((top + y) * img.width + left) * 3, ((top + y) * img.width + right) * 3), y * cw * 3);
  const data = await sharp(region, { raw: { width: cw, height: ch, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: scale < 1 ? 'lanczos3' : 'cubic' })
    .raw()
    .toBuffer();
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height },
    scale,
    mesh: m.map(([x, y, z]) => [(x - left) * scale, (y - top) * scale, z * scale]),
    nativeFaceWidth,
  };
}
