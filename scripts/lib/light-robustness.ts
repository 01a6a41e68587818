/**
 * Does personal colour follow the person or the lamp? Each labelled portrait is
 * measured as published and under each light cast (lib/light-casts.ts); the
 * table says how often the season and warm/cool change, how far undertone_b and
 * skin Lab move, and the accuracy on the cast copies. A second table does the
 * same for the texture metrics that read colour.
 */
import { SEASON_MODEL, classifySeason, seedUndertone } from '@face/pipeline/models';
import type { ColourFeatures } from '@face/pipeline/stages';
import type { FaceModelRuntime } from '@face/pipeline/face-models';
import type { MetricValue } from '@face/pipeline';
import { seasonOf } from './color-calibration';
import { castLight, LIGHT_CASTS } from './light-casts';
import { measurePortraitColour } from './measure-colour';
import { table } from './report';

export interface Portrait {
  file: string;
  season: string;
  tone: string;
}

interface Reading {
  season: string;
  confidence: number;
  warm: boolean;
  undertoneB: number;
  skin: readonly number[];
  ita: number;
  texture: Record<string, MetricValue>;
}

const TEXTURE_KEYS = [
  'skin_l_mean',
  'skin_a_mean',
  'skin_b_mean',
  'redness_ratio',
  'spot_ratio',
  'dark_circle_index',
] as const;

function read(features: ColourFeatures, texture: Record<string, MetricValue>): Reading {
  const calibration = seedUndertone().parameters;
  const result = classifySeason(features, SEASON_MODEL, calibration);
  return {
    season: result.season,
    confidence: result.confidence,
    warm: result.axes.warm_cool > 0,
    undertoneB: result.undertoneB,
    skin: features.skin,
    ita: features.ita,
    texture,
  };
}

const pct = (k: number, n: number) => `${((100 * k) / Math.max(1, n)).toFixed(1)} %`;
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
const signed = (v: number, digits = 2) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

/** Both tables as markdown, and the flip rates per cast for the caller's targets. */
export async function lightRobustness(
  runtime: FaceModelRuntime,
  portraits: Portrait[],
): Promise<{ markdown: string; flips: Array<{ cast: string; season: number; warmCool: number }> }> {
  const base: Array<Reading | null> = [];
  for (const p of portraits) {
    try {
      const m = await measurePortraitColour(runtime, p.file);
      base.push(read(m.features, m.texture));
    } catch {
      base.push(null);
    }
  }
  const colourRows: string[][] = [];
  const textureRows: string[][] = [];
  const flips: Array<{ cast: string; season: number; warmCool: number }> = [];
  const accuracyOf = (readings: Array<Reading | null>) => {
    const pairs = readings.flatMap((r, i) => (r ? [{ r, p: portraits[i] }] : []));
    return {
      season: pairs.filter(({ r, p }) => r.season === seasonOf(p.season)).length / Math.max(1, pairs.length),
      warmCool: pairs.filter(({ r, p }) => r.warm === (p.tone === 'warm')).length / Math.max(1, pairs.length),
    };
  };
  const asPublished = accuracyOf(base);
  const meanConfidence = (readings: Array<Reading | null>) =>
    `${mean(readings.flatMap((r) => (r ? [r.confidence] : []))).toFixed(2)}`;
  colourRows.push([
    'as published',
    `${base.filter(Boolean).length}`,
    '—',
    '—',
    `${(100 * asPublished.season).toFixed(1)} %`,
    meanConfidence(base),
    `${(100 * asPublished.warmCool).toFixed(1)} %`,
    '—',
    '—',
    '—',
    '—',
  ]);
  for (const cast of LIGHT_CASTS) {
    const readings: Array<Reading | null> = [];
    for (const [i, p] of portraits.entries()) {
      if (!base[i]) {
        readings.push(null);
        continue;
      }
      try {
        const m = await measurePortraitColour(runtime, await castLight(p.file, cast.gains));
        readings.push(read(m.features, m.texture));
      } catch {
        readings.push(null);
      }
    }
    const both = readings.flatMap((r, i) => (r && base[i] ? [{ r, b: base[i]! }] : []));
    const seasonFlips = both.filter(({ r, b }) => r.season !== b.season).length;
    const toneFlips = both.filter(({ r, b }) => r.warm !== b.warm).length;
    flips.push({
      cast: cast.name,
      season: seasonFlips / Math.max(1, both.length),
      warmCool: toneFlips / Math.max(1, both.length),
    });
    const acc = accuracyOf(readings);
    const shift = (f: (x: Reading) => number) => signed(mean(both.map(({ r, b }) => f(r) - f(b))));
    colourRows.push([
      cast.name,
      `${both.length}`,
      pct(seasonFlips, both.length),
      pct(toneFlips, both.length),
      `${(100 * acc.season).toFixed(1)} %`,
      meanConfidence(readings),
      `${(100 * acc.warmCool).toFixed(1)} %`,
      shift((x) => x.undertoneB),
      shift((x) => x.skin[0]),
      shift((x) => x.skin[1]),
      shift((x) => x.skin[2]),
    ]);
    textureRows.push([
      cast.name,
      ...TEXTURE_KEYS.map((k) => {
        const d = both.flatMap(({ r, b }) =>
          typeof r.texture[k] === 'number' && typeof b.texture[k] === 'number'
            ? [(r.texture[k] as number) - (b.texture[k] as number)]
            : [],
        );
        return `${signed(mean(d))} (|${mean(d.map(Math.abs)).toFixed(2)}|)`;
      }),
      `${signed(mean(both.map(({ r, b }) => r.ita - b.ita)))} (|${mean(both.map(({ r, b }) => Math.abs(r.ita - b.ita))).toFixed(2)}|)`,
    ]);
  }
  const colour = table(
    [
      'light',
      'n',
      'season flips',
      'warm/cool flips',
      'season accuracy',
      'mean season_confidence',
      'warm/cool accuracy',
      'Δ undertone_b',
      'Δ skin L*',
      'Δ skin a*',
      'Δ skin b*',
    ],
    colourRows,
  );
  const texture = table(['light', ...TEXTURE_KEYS, 'skin ITA°'], textureRows);
  return {
    markdown:
      `### Personal colour under other light (${portraits.length} labelled portraits)\n\n` +
      `Each portrait re-lit in linear sRGB (per-channel gains, as a white-balance error or a tinted lamp records it) and analysed again. ` +
      `Flips: the season or warm/cool differs from the same photo as published. Shifts: mean change.\n\n${colour}\n\n` +
      `### Texture metrics that read colour, under the same light (mean change, and mean absolute change)\n\n${texture}`,
    flips,
  };
}
