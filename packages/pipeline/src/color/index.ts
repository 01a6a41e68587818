/**
 * Colour group (METRICS.md §3): skin tone (ITA°, hue, clusters, undertone),
 * iris, sclera and hair colour, value contrast, the three personal-colour
 * axes, the season with its 12 sub-types, and the palette.
 */
import type { SkinContext } from '../regions/skin-context';
import type { ColorKey } from '@face/catalog';
import type { Warning } from '@face/errors';
import type { DetectedFace, GroupResult, MetricValue, PersonMask } from '../types';
import { hairCategory, irisCategory, saturationToValue, skinToneCategory } from './categories';
import { hueAngle, labToHex } from './convert';
import { colourFeatures, type ColourFeatures } from './features';
import { STRONG_CAST } from './illuminant';
import { PALETTES } from './palettes';
import { classifySeason, type SeasonModel } from './season';
import fittedModel from './season-model.json';
import type { UndertoneParameters } from './undertone-calibration';

export const SEASON_MODEL = fittedModel as SeasonModel;

const r2 = (v: number) => Math.round(v * 100) / 100;
const lab2 = (lab: readonly number[]) => lab.map(r2);

export interface ColorResult extends GroupResult {
  /** the measurements behind the values (for the overlay picture) */
  features: ColourFeatures;
  /** COLOR_CAST when the light's colour was strong */
  warnings: Warning[];
}

export function computeColor(
  skin: SkinContext,
  face: DetectedFace,
  mask: PersonMask | null,
  imageSize: { width: number; height: number },
  calibration: UndertoneParameters,
  model: SeasonModel = SEASON_MODEL,
): ColorResult {
  const f = colourFeatures(skin, face, mask, imageSize);
  const s = classifySeason(f, model, calibration);
  // keyed by the catalog: a misspelt key does not compile
  const values: Partial<Record<ColorKey, MetricValue>> = {};
  const nullReasons: Partial<Record<ColorKey, string>> = {};
  const missing = (keys: ColorKey[], reason: string) =>
    keys.forEach((k) => ((values[k] = null), (nullReasons[k] = reason)));

  const warnings: Warning[] = [];
  const { light } = s;
  if (light) {
    values.illuminant_cct = Math.round(light.cct);
    if (light.cast > STRONG_CAST) {
      warnings.push({
        code: 'COLOR_CAST',
        message: `The light's colour was strong (about ${Math.round(light.cct / 100) * 100} K): colour results are less certain.`,
        details: { illuminant_cct: Math.round(light.cct), cast: r2(light.cast), threshold: STRONG_CAST },
      });
    }
  } else missing(['illuminant_cct'], 'sclera_not_visible');
  values.skin_ita = r2(f.ita);
  values.skin_tone_category = skinToneCategory(f.ita);
  values.skin_hue_angle = r2(f.hue);
  values.skin_clusters = f.clusters.map((c) => ({
    lab: lab2(c.centre),
    hex: labToHex(c.centre),
    share: Math.round(c.share * 1000) / 10,
  }));
  values.undertone_b = r2(s.undertoneB);
  values.undertone = s.undertone;

  if (f.iris) {
    values.iris_color_hex = labToHex(f.iris);
    values.iris_hue = r2(hueAngle(f.iris[1], f.iris[2]));
    values.iris_color_category = irisCategory(f.iris);
    values.iris_sclera_contrast = f.sclera ? r2(f.iris[0] / f.sclera[0]) : null;
    if (!f.sclera) nullReasons.iris_sclera_contrast = 'sclera_not_visible';
  } else missing(['iris_color_hex', 'iris_hue', 'iris_color_category', 'iris_sclera_contrast'], 'eyes_closed');

  if (f.hair) {
    values.hair_color_hex = labToHex(f.hair.lab);
    values.hair_hue_mean = r2(hueAngle(f.hair.lab[1], f.hair.lab[2]));
    values.hair_color_category = hairCategory(f.hair.lab);
    values.hair_chroma_ratio = r2(saturationToValue(f.hair.rgb));
  } else missing(['hair_color_hex', 'hair_hue_mean', 'hair_color_category', 'hair_chroma_ratio'], 'hair_not_visible');

  values.value_contrast = s.valueContrast === null ? null : r2(s.valueContrast);
  if (s.valueContrast === null) nullReasons.value_contrast = 'hair_not_visible';
  values.warm_cool_score = r2(s.axes.warm_cool);
  values.light_deep_score = r2(s.axes.light_deep);
  values.bright_soft_score = r2(s.axes.bright_soft);
  values.season = s.season;
  values.season_subtype = s.subtype;
  values.season_confidence = r2(s.confidence);
  values.season_runner_up = s.runnerUp;
  values.palette = { ...PALETTES[s.subtype] };
  return {
    values: values as Record<ColorKey, MetricValue>,
    nullReasons: nullReasons as Record<string, string>,
    features: f,
    warnings,
  };
}
