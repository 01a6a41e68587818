/**
 * The personal-colour recipe: which measurements feed the season model, the
 * white-balance rule for the undertone, and the axis scales. The fitted
 * numbers live in season-model.json, written by `npm run calibrate:color`.
 */
import type { ColourFeatures } from './features';

/**
 * Undertone b*: mean skin b* minus half the sclera's b*. On the 207 labelled
 * portraits a threshold on it separates warm from cool 77.8 % of the time
 * (raw skin b* 76.8 %, full sclera correction 66.7 %, gray-world 57 %), and a
 * colour cast over the whole photo moves it half as much as a cast on the skin.
 */
export const SCLERA_WB_WEIGHT = 0.5;

export function undertoneB(f: ColourFeatures): number {
  return f.skin[2] - (f.sclera ? SCLERA_WB_WEIGHT * f.sclera[2] : 0);
}

export const SEASON_FEATURES = ['skin_L', 'skin_a', 'undertone_b', 'lips_a', 'lips_b', 'hair_L'] as const;

export function seasonFeatureVector(f: ColourFeatures): Array<number | null> {
  return [f.skin[0], f.skin[1], undertoneB(f), f.lips?.[1] ?? null, f.lips?.[2] ?? null, f.hair?.lab[0] ?? null];
}

/** Contrast between skin and hair (or iris when no hair shows), L* units. */
export function valueContrast(f: ColourFeatures): number | null {
  const dark = f.hair?.lab[0] ?? f.iris?.[0];
  return dark === undefined ? null : f.skin[0] - dark;
}
