/**
 * The personal-colour recipe: which measurements feed the season model, the
 * white-balance rule for the undertone, and the axis scales. The fitted
 * numbers live in season-model.json, written by `npm run calibrate:color`.
 */
import { chroma } from './convert';
import type { ColourFeatures } from './features';
import { discount, estimateIlluminant } from './illuminant';

/**
 * The features as under the typical light (illuminant.ts): skin, lips, hair, iris and sclera with the estimated
 * light partly taken off. Photos without a visible sclera keep their colours.
 */
export function underTypicalLight(f: ColourFeatures): ColourFeatures {
  const light = estimateIlluminant(f.sclera);
  if (!light) return f;
  const skin = discount(f.skin, light);
  return {
    ...f,
    skin,
    chroma: chroma(skin[1], skin[2]),
    lips: f.lips && discount(f.lips, light),
    sclera: f.sclera && discount(f.sclera, light),
    iris: f.iris && discount(f.iris, light),
    hair: f.hair && { ...f.hair, lab: discount(f.hair.lab, light) },
  };
}

/**
 * Undertone b*: mean skin b* minus half the sclera's b*. On the 207 labelled
 * portraits a threshold on it separates warm from cool 77.8 % of the time
 * (raw skin b* 76.8 %, full sclera correction 66.7 %, gray-world 57 %), and a
 * colour cast over the whole photo moves it half as much as a cast on the skin.
 */
export const SCLERA_WB_WEIGHT = 0.5;

/** Undertone b* of a photo's measured features (taken as under the typical light first). */
export function undertoneB(measured: ColourFeatures): number {
  const f = underTypicalLight(measured);
  return f.skin[2] - (f.sclera ? SCLERA_WB_WEIGHT * f.sclera[2] : 0);
}

export const SEASON_FEATURES = ['skin_L', 'skin_a', 'undertone_b', 'lips_a', 'lips_b', 'hair_L'] as const;

/** The season model's inputs from a photo's measured features (taken as under the typical light first). */
export function seasonFeatureVector(measured: ColourFeatures): Array<number | null> {
  const f = underTypicalLight(measured);
  return [f.skin[0], f.skin[1], undertoneB(measured), f.lips?.[1] ?? null, f.lips?.[2] ?? null, f.hair?.lab[0] ?? null];
}

/** Contrast between skin and hair (or iris when no hair shows), L* units. */
export function valueContrast(f: ColourFeatures): number | null {
  const dark = f.hair?.lab[0] ?? f.iris?.[0];
  return dark === undefined ? null : f.skin[0] - dark;
}
