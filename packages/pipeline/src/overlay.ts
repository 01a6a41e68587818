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

/** Longest side of the overlay, px. */
export const OVERLAY_MAX_SIDE = 640;

export interface OverlayInput {
  image: RgbImage;
  face: DetectedFace;
  mask: PersonMask | null;
  features: ColourFeatures;
  color: GroupResult;
  triangulation: ArrayLike<number>;
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

export async function renderOverlay({ image, face, mask, features, color, triangulation }: OverlayInput): Promise<Buffer> {
  const scale = Math.min(1, OVERLAY_MAX_SIDE / Math.max(image.width, image.height));
  const W = Math.round(image.width * scale);
  const H = Math.round(image.height * scale);
  const base = scale < 1 ? await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(W, H).raw().toBuffer() : Buffer.from(image.data);
  const mesh = face.mesh.map(([x, y, z]) => [x * scale, y * scale, z * scale]);

  // tints: skin mask green, hair region violet
  const skin = buildRegions(mesh, W, H).skin;
  const hair = features.hair?.mask;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      let tint: [number, number, number] | null = null;
      if (skin[i]) tint = [40, 220, 90];
      else if (hair && mask && hair[Math.floor((y / H) * mask.height) * mask.width + Math.floor((x / W) * mask.width)]) tint = [170, 60, 255];
      if (tint) for (let c = 0; c < 3; c++) base[3 * i + c] = Math.round(base[3 * i + c] * 0.7 + tint[c] * 0.3);
    }
  }

  const lines: string[] = [];
  for (let t = 0; t < triangulation.length; t += 3) {
    const [a, b, c] = [mesh[triangulation[t]], mesh[triangulation[t + 1]], mesh[triangulation[t + 2]]];
    lines.push(`M${a[0].toFixed(1)} ${a[1].toFixed(1)}L${b[0].toFixed(1)} ${b[1].toFixed(1)}L${c[0].toFixed(1)} ${c[1].toFixed(1)}Z`);
  }
  const irises = [468, 473].map((c, k) => {
    const ring = k === 0 ? [469, 470, 471, 472] : [474, 475, 476, 477];
    const r = ring.reduce((s, j) => s + Math.hypot(mesh[j][0] - mesh[c][0], mesh[j][1] - mesh[c][1]), 0) / ring.length;
    return `<circle cx="${mesh[c][0].toFixed(1)}" cy="${mesh[c][1].toFixed(1)}" r="${r.toFixed(1)}" fill="none" stroke="#00e5ff" stroke-width="1.5"/>`;
  });

  const v = color.values;
  const swatches: Array<[string, string]> = [
    ...features.clusters.map((c, k): [string, string] => [labToHex(c.centre), `skin ${k + 1}: ${Math.round(c.share * 100)}%`]),
    ...(features.iris ? [[labToHex(features.iris), `iris: ${String(v.iris_color_category)}`] as [string, string]] : []),
    ...(features.hair ? [[labToHex(features.hair.lab), `hair: ${String(v.hair_color_category)}`] as [string, string]] : []),
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
  const svg = `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><path d="${lines.join('')}" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="0.6"/>${irises.join('')}${panel.join('')}</svg>`;
  return sharp(base, { raw: { width: W, height: H, channels: 3 } })
    .composite([{ input: Buffer.from(svg) }])
    // fast deflate: a palette would halve the size but triple the time
    .png({ compressionLevel: 4 })
    .toBuffer();
}
