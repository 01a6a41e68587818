/**
 * The personal-colour recipe: which measurements feed the season model, the
 * white-balance rule for the undertone, and the axis scales. The fitted
 * numbers live in season-model.json, written by `npm run calibrate:color`.
 */
import { chroma } from './convert';
import type { ColourFeatures } from './features';
import { discount, estimateIlluminant, TYPICAL_SCLERA_B, type Illuminant } from './illuminant';

/** A photo's colour features with the light they were read under (illuminant.ts), estimated once. */
export interface SeenColours {
  /** the estimated light; null when no sclera shows */
  light: Illuminant | null;
  /** skin, lips, hair, iris and sclera with the estimated light partly taken off (as measured when no light) */
  features: ColourFeatures;
}

/** The features as under the typical light: the light estimated from the sclera, then partly taken off. */
export function underTypicalLight(f: ColourFeatures): SeenColours {
  const light = estimateIlluminant(f.sclera);
  if (!light) return { light, features: f };
  const skin = discount(f.skin, light);
  return {
    light,
    features: {
      ...f,
      skin,
      chroma: chroma(skin[1], skin[2]),
      lips: f.lips && discount(f.lips, light),
      sclera: f.sclera && discount(f.sclera, light),
      iris: f.iris && discount(f.iris, light),
      hair: f.hair && { ...f.hair, lab: discount(f.hair.lab, light) },
    },
  };
}

/**
 * Undertone b*: mean skin b* minus half the sclera's b*. On the 207 labelled
 * portraits a threshold on it separates warm from cool 77.8 % of the time
 * (raw skin b* 76.8 %, full sclera correction 66.7 %, gray-world 57 %), and a
 * colour cast over the whole photo moves it half as much as a cast on the skin.
 */
export const SCLERA_WB_WEIGHT = 0.5;

/**
 * Undertone b* of features already taken as under the typical light (underTypicalLight). With no sclera in view,
 * the typical sclera's b* stands in: skin b* alone would read about 0.8 warmer than a person with the same skin and
 * visible eyes.
 */
export function undertoneB(seen: ColourFeatures): number {
  return seen.skin[2] - SCLERA_WB_WEIGHT * (seen.sclera?.[2] ?? TYPICAL_SCLERA_B);
}

export const SEASON_FEATURES = ['skin_L', 'skin_a', 'undertone_b', 'lips_a', 'lips_b', 'hair_L'] as const;

/** The season model's inputs, from features already taken as under the typical light (underTypicalLight). */
export function seasonInputs(seen: ColourFeatures): Array<number | null> {
  return [
    seen.skin[0],
    seen.skin[1],
    undertoneB(seen),
    seen.lips?.[1] ?? null,
    seen.lips?.[2] ?? null,
    seen.hair?.lab[0] ?? null,
  ];
}

/** The season model's inputs from a photo's measured features. */
export const seasonFeatureVector = (measured: ColourFeatures) => seasonInputs(underTypicalLight(measured).features);

/** Contrast between skin and hair (or iris when no hair shows), L* units. */
export function valueContrast(f: ColourFeatures): number | null {
  const dark = f.hair?.lab[0] ?? f.iris?.[0];
  return dark === undefined ? null : f.skin[0] - dark;
}
