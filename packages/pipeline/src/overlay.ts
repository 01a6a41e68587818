/**
 * The overlay picture (GET /v1/analyses/:id/overlay.png): the photo with the
 * mesh, the skin mask, the iris circles, the hair region, the skin-cluster,
 * iris and hair swatches and the season, so a person can see what was measured.
 */
import sharp from 'sharp';
import type { ColourFeatures } from './color/features';
import { buildRegions } from './regions/face-regions';
import type { DetectedFace, GroupResult, PersonMask, RgbImage } from './types';
import { labToHex } from './color/convert';
import { drawLine } from './draw-lines';

/** Longest side of the overlay, px. */
export const OVERLAY_MAX_SIDE = 640;

export interface OverlayInput {
  image: RgbImage;
  face: DetectedFace;
  mask: PersonMask | null;
  features: ColourFeatures;
  color: GroupResult;
  triangulation: ArrayLike<number>;
  /** the photo at overlay size (overlayBase), drawn on in place */
  base: RgbImage;
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

const overlayScale = (image: RgbImage) => Math.min(1, OVERLAY_MAX_SIDE / Math.max(image.width, image.height));

/** The photo scaled down to overlay size: started early, it resizes in libvips' threads while the face is analysed. */
export async function overlayBase(image: RgbImage): Promise<RgbImage> {
  const scale = overlayScale(image);
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const data =
    scale < 1
      ? await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
          .resize(width, height)
          .raw()
          .toBuffer()
      : Buffer.from(image.data);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

/** Draws the overlay picture (raw RGB, at most OVERLAY_MAX_SIDE on its longest side). */
export async function drawOverlay({
  image,
  face,
  mask,
  features,
  color,
  triangulation,
  base: photo,
}: OverlayInput): Promise<RgbImage> {
  const { width: W, height: H, data: base } = photo;
  const scale = overlayScale(image);
  const mesh = face.mesh.map(([x, y, z]) => [x * scale, y * scale, z * scale]);

  // tints: skin mask green, hair region violet
  const skin = buildRegions(mesh, W, H).skin;
  const hair = features.hair?.mask;
  // 30 % of the tint colour over the photo, as lookup tables per channel
  const blend = (colour: readonly number[]) =>
    colour.map((c) => Uint8Array.from({ length: 256 }, (_, v) => Math.round(v * 0.7 + c * 0.3)));
  const [skinR, skinG, skinB] = blend([40, 220, 90]);
  const [hairR, hairG, hairB] = blend([170, 60, 255]);
  // the person mask is at the model's resolution: map overlay columns to mask columns once
  const maskCol = mask ? Int32Array.from({ length: W }, (_, x) => Math.floor((x / W) * mask.width)) : null;
  for (let y = 0; y < H; y++) {
    const hairRow = hair && mask && maskCol ? Math.floor((y / H) * mask.height) * mask.width : -1;
    for (let x = 0, i = y * W; x < W; x++, i++) {
      const j = 3 * i;
      if (skin[i]) {
        base[j] = skinR[base[j]];
        base[j + 1] = skinG[base[j + 1]];
        base[j + 2] = skinB[base[j + 2]];
      } else if (hairRow >= 0 && hair![hairRow + maskCol![x]]) {
        base[j] = hairR[base[j]];
        base[j + 1] = hairG[base[j + 1]];
        base[j + 2] = hairB[base[j + 2]];
      }
    }
  }

  // the mesh: each edge of the triangulation once, white at 35 %
  const drawn = new Set<number>();
  const canvas = { data: base, width: W, height: H };
  for (let t = 0; t < triangulation.length; t += 3) {
    for (const [p, q] of [
      [triangulation[t], triangulation[t + 1]],
      [triangulation[t + 1], triangulation[t + 2]],
      [triangulation[t + 2], triangulation[t]],
    ]) {
      const key = Math.min(p, q) * mesh.length + Math.max(p, q);
      if (drawn.has(key)) continue;
      drawn.add(key);
      drawLine(canvas, mesh[p][0], mesh[p][1], mesh[q][0], mesh[q][1], [255, 255, 255], 0.35);
    }
  }
  // iris circles (as 48-gons), cyan
  for (const [c, ring] of [
    [468, [469, 470, 471, 472]],
    [473, [474, 475, 476, 477]],
  ] as const) {
    const r = ring.reduce((s, j) => s + Math.hypot(mesh[j][0] - mesh[c][0], mesh[j][1] - mesh[c][1]), 0) / ring.length;
    for (let k = 0; k < 48; k++) {
      const [a, b] = [(k / 48) * 2 * Math.PI, ((k + 1) / 48) * 2 * Math.PI];
      drawLine(
        canvas,
        mesh[c][0] + r * Math.cos(a),
        mesh[c][1] + r * Math.sin(a),
        mesh[c][0] + r * Math.cos(b),
        mesh[c][1] + r * Math.sin(b),
        [0, 229, 255],
        1,
      );
    }
  }

  const v = color.values;
  const swatches: Array<[string, string]> = [
    ...features.clusters.map((c, k): [string, string] => [
      labToHex(c.centre),
      `skin ${k + 1}: ${Math.round(c.share * 100)}%`,
    ]),
    ...(features.iris ? [[labToHex(features.iris), `iris: ${String(v.iris_color_category)}`] as [string, string]] : []),
    ...(features.hair
      ? [[labToHex(features.hair.lab), `hair: ${String(v.hair_color_category)}`] as [string, string]]
      : []),
  ];
  const sw = Math.max(14, Math.round(W / 40));
  const panelH = (swatches.length + 2) * (sw + 6) + 10;
  const panel = [
    `<rect x="6" y="6" width="${sw * 17}" height="${panelH}" rx="6" fill="#000" fill-opacity="0.55"/>`,
    `<text x="14" y="${6 + sw + 4}" font-family="sans-serif" font-size="${sw}" fill="#fff" font-weight="bold">${esc(`${v.season} · ${v.season_subtype}`)}</text>`,
    `<text x="14" y="${6 + 2 * (sw + 6)}" font-family="sans-serif" font-size="${Math.round(sw * 0.8)}" fill="#ddd">${esc(`confidence ${Math.round((v.season_confidence as number) * 100)}%, undertone ${v.undertone}`)}</text>`,
    ...swatches.map(([hex, label], k) => {
      const y = 6 + (k + 2) * (sw + 6) + 8;
      return `<rect x="14" y="${y}" width="${sw}" height="${sw}" fill="${hex}" stroke="#fff"/><text x="${14 + sw + 8}" y="${y + sw - 3}" font-family="sans-serif" font-size="${Math.round(sw * 0.8)}" fill="#fff">${esc(`${label} ${hex}`)}</text>`;
    }),
  ];
  // the text panel is the only part left to librsvg: rendered at its own size and blended here,
  // so the PNG stays RGB (compositing a layer would add an alpha channel to encode)
  const svg = `<svg width="${Math.min(W, sw * 17 + 12)}" height="${Math.min(H, panelH + 12)}" xmlns="http://www.w3.org/2000/svg">${panel.join('')}</svg>`;
  const layer = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let y = 0; y < layer.info.height; y++) {
    for (let x = 0; x < layer.info.width; x++) {
      const src = (y * layer.info.width + x) * 4;
      const alpha = layer.data[src + 3] / 255;
      if (alpha === 0) continue;
      const dst = (y * W + x) * 3;
      for (let c = 0; c < 3; c++)
        base[dst + c] = Math.round(base[dst + c] + (layer.data[src + c] - base[dst + c]) * alpha);
    }
  }
  return photo;
}

/**
 * The overlay as PNG. Kept apart from drawing: the worker encodes it on its main thread, so the
 * inference thread can start the next photo meanwhile (encoding a 640-px overlay measured 15–25 ms).
 */
export function encodeOverlayPng(overlay: RgbImage): Promise<Buffer> {
  return (
    sharp(overlay.data, { raw: { width: overlay.width, height: overlay.height, channels: 3 } })
      // fast deflate: level 2 is within 1 % of level 4's size in 80 % of its time; a palette would halve the size but triple the time
      .png({ compressionLevel: 2 })
      .toBuffer()
  );
}
