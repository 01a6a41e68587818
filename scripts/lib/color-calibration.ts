/** Fitting the personal-colour model from measured features (shared by calibrate:color and bench:color). */
import {
  type ColourFeatures,
  chroma,
  deltaE76,
  labToLinearRgb,
  linearRgbToLab,
  fitLda,
  ldaPosterior,
} from '@face/pipeline/stages';
import {
  towardsChance,
  warmProbability,
  type Season,
  type SeasonModel,
  SEASON_FEATURES,
  seasonFeatureVector,
  underTypicalLight,
  undertoneB,
  valueContrast,
} from '@face/pipeline/models';

/** `descriptor`: FaceRes-deep's face descriptor of the photo, only to tell which photos show the same person. */
export type LabelledFeatures = ColourFeatures & { file: string; season: string; tone: string; descriptor?: number[] };

/** The data set says "fall"; the catalog says "autumn". */
export const seasonOf = (label: string) => (label === 'fall' ? 'autumn' : label);

const meanSd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean: m, sd: Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) };
};

/** The warm/cool split on undertone_b that is right most often, and a neutral band of ±1.5 around it. */
function undertoneThreshold(rows: LabelledFeatures[]): number {
  const xs = rows.map((r) => [undertoneB(underTypicalLight(r).features), r.tone === 'warm'] as const);
  let best = { acc: 0, t: 0 };
  for (const [t] of xs) {
    const acc = xs.filter(([v, warm]) => v > t === warm).length;
    if (acc > best.acc) best = { acc, t };
  }
  return best.t;
}

export function fitSeasonModel(rows: LabelledFeatures[], shrinkage = 0.05): SeasonModel {
  const x = rows.map((r) => seasonFeatureVector(r));
  const means = SEASON_FEATURES.map((_, k) => {
    const vs = x.map((v) => v[k]).filter((v): v is number => v !== null);
    return vs.reduce((a, b) => a + b, 0) / vs.length;
  });
  const filled = x.map((v) => v.map((value, k) => value ?? means[k]));
  const lda = fitLda(
    filled,
    rows.map((r) => seasonOf(r.season)),
    [...SEASON_FEATURES],
    shrinkage,
  );
  const t = undertoneThreshold(rows);
  // the axes read the colours as under the typical light, like the classifier (season.ts)
  const seen = rows.map((r) => underTypicalLight(r).features);
  return {
    lda,
    undertone: { warmAbove: t + 1.5, coolBelow: t - 1.5 },
    scales: {
      skinL: meanSd(seen.map((r) => r.skin[0])),
      hairL: meanSd(seen.filter((r) => r.hair).map((r) => r.hair!.lab[0])),
      chroma: meanSd(seen.map((r) => r.chroma)),
      contrast: meanSd(seen.map((r) => valueContrast(r)).filter((v): v is number => v !== null)),
    },
    fittedOn: `${rows.length} labelled portraits (../shared/datasets/personal_color), ${new Date().toISOString().slice(0, 10)}`,
  };
}

export interface Accuracy {
  warmCool: number;
  season: number;
  confusion: Record<string, Record<string, number>>;
  n: number;
}

export function evaluate(model: SeasonModel, rows: LabelledFeatures[]): Accuracy {
  const confusion: Record<string, Record<string, number>> = {};
  let season = 0;
  let warmCool = 0;
  for (const r of rows) {
    const post = ldaPosterior(model.lda, seasonFeatureVector(r), model.temperature ?? 1) as Record<Season, number>;
    const predicted = Object.entries(post).sort((a, b) => b[1] - a[1])[0][0];
    const truth = seasonOf(r.season);
    (confusion[truth] ??= {})[predicted] = (confusion[truth]?.[predicted] ?? 0) + 1;
    if (predicted === truth) season++;
    const warm = warmProbability(post) > 0.5;
    if (warm === (r.tone === 'warm')) warmCool++;
  }
  return { warmCool: warmCool / rows.length, season: season / rows.length, confusion, n: rows.length };
}

/**
 * Which photos show the same person: the set holds several photos of one
 * celebrity (some the same photo under two labels). Descriptors are centred
 * on the set's mean, and photos whose cosine exceeds `threshold` are joined
 * (transitively) into one group. Measured here with FaceRes-deep's
 * descriptor: 0.5 gives 156 groups of 207 photos, the largest of 7 (0.45: 139
 * groups, the largest of 11; 0.4 starts chaining strangers: the largest 26).
 */
export function identityGroups(rows: LabelledFeatures[], threshold = 0.5): number[] {
  const d = rows.map((r) => {
    if (!r.descriptor) throw new Error(`${r.file}: no face descriptor measured (rerun without --cached)`);
    return r.descriptor;
  });
  const mean = d[0].map((_, k) => d.reduce((s, v) => s + v[k], 0) / d.length);
  const unit = d.map((v) => {
    const c = v.map((x, k) => x - mean[k]);
    const norm = Math.hypot(...c);
    return c.map((x) => x / norm);
  });
  const parent = rows.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      if (unit[i].reduce((s, x, k) => s + x * unit[j][k], 0) > threshold) parent[root(i)] = root(j);
    }
  }
  return rows.map((_, i) => root(i));
}

/**
 * k-fold cross-validation, repeated with different shuffles: the honest
 * estimate for unseen photos. With `groups`, whole groups (one person's
 * photos) go to one fold, so a person seen in fitting is never scored.
 */
/** A held-out prediction: the fold model's season posterior (temperature 1) and the photo's labels. */
export interface HeldOut {
  post: Record<Season, number>;
  season: string;
  tone: string;
}

export function crossValidate(
  rows: LabelledFeatures[],
  folds = 10,
  repeats = 5,
  groups?: number[],
  /** what each held-out photo is scored as (the photo itself unless given; e.g. copies of it under other light) */
  views: (r: LabelledFeatures) => LabelledFeatures[] = (r) => [r],
): { warmCool: number; season: number; heldOut: HeldOut[] } {
  const heldOut: HeldOut[] = [];
  const unit = groups ?? rows.map((_, i) => i);
  const ids = [...new Set(unit)];
  for (let rep = 0; rep < repeats; rep++) {
    const shuffled = [...ids].sort((a, b) => Math.sin(a * 9301 + rep * 49297) - Math.sin(b * 9301 + rep * 49297));
    const foldOf = new Map(shuffled.map((g, j) => [g, j % folds]));
    for (let k = 0; k < folds; k++) {
      const test = rows.filter((_, i) => foldOf.get(unit[i]) === k);
      const train = rows.filter((_, i) => foldOf.get(unit[i]) !== k);
      if (test.length === 0) continue;
      const model = fitSeasonModel(train);
      for (const view of test.flatMap(views)) {
        heldOut.push({
          post: ldaPosterior(model.lda, seasonFeatureVector(view)) as Record<Season, number>,
          season: seasonOf(view.season),
          tone: view.tone,
        });
      }
    }
  }
  const share = (right: (h: HeldOut) => boolean) => heldOut.filter(right).length / heldOut.length;
  return {
    warmCool: share((h) => warmProbability(h.post) > 0.5 === (h.tone === 'warm')),
    season: share((h) => Object.entries(h.post).sort((a, b) => b[1] - a[1])[0][0] === h.season),
    heldOut,
  };
}

/** A posterior softened (temperature > 1) or sharpened: p^(1/T), renormalised. */
export function temper(post: Record<Season, number>, temperature: number): Record<Season, number> {
  const powered = Object.entries(post).map(([k, p]) => [k, p ** (1 / temperature)] as const);
  const total = powered.reduce((s, [, p]) => s + p, 0);
  return Object.fromEntries(powered.map(([k, p]) => [k, p / total])) as Record<Season, number>;
}

/**
 * Expected calibration error of held-out predictions (10 equal-width bins): how far the stated confidence is from
 * how often it is right — for the season (its probability) and for warm/cool (the larger of P(warm), P(cool)).
 */
export function calibrationError(
  heldOut: HeldOut[],
  temperature = 1,
  unknownLightShare = 0,
): { season: number; warmCool: number } {
  const ece = (items: Array<{ confidence: number; right: boolean }>) => {
    const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, right: 0 }));
    for (const { confidence, right } of items) {
      const b = bins[Math.min(9, Math.floor(confidence * 10))];
      b.n++;
      b.conf += confidence;
      b.right += right ? 1 : 0;
    }
    return bins.reduce(
      (s, b) => s + (b.n === 0 ? 0 : (b.n / items.length) * Math.abs(b.right / b.n - b.conf / b.n)),
      0,
    );
  };
  const items = heldOut.map((h) => ({ h, post: temper(h.post, temperature) }));
  return {
    season: ece(
      items.map(({ h, post }) => {
        const [best, p] = Object.entries(post).sort((a, b) => b[1] - a[1])[0];
        return { confidence: towardsChance(p, unknownLightShare), right: best === h.season };
      }),
    ),
    warmCool: ece(
      items.map(({ h, post }) => {
        const warm = warmProbability(post);
        return { confidence: Math.max(warm, 1 - warm), right: warm > 0.5 === (h.tone === 'warm') };
      }),
    ),
  };
}

/** The temperature with the least log loss of the held-out seasons (a grid over 0.5–4). */
export function fitTemperature(heldOut: HeldOut[]): number {
  let best = { t: 1, loss: Infinity };
  for (let t = 0.5; t <= 4.0001; t += 0.05) {
    const loss = heldOut.reduce((s, h) => s - Math.log(Math.max(1e-12, temper(h.post, t)[h.season as Season] ?? 0)), 0);
    if (loss < best.loss) best = { t: Math.round(t * 100) / 100, loss };
  }
  return best.t;
}

/**
 * A photo's features as a camera would record them under other light, feature by feature (each colour's linear
 * sRGB times `gains`), and with the sclera withheld: what the model sees of a person whose eyes do not show.
 */
export function withoutScleraUnder(r: LabelledFeatures, gains: readonly [number, number, number]): LabelledFeatures {
  const cast = (lab: readonly number[]): [number, number, number] =>
    linearRgbToLab(labToLinearRgb(lab).map((v, k) => v * gains[k])) as [number, number, number];
  const skin = cast(r.skin);
  return {
    ...r,
    skin,
    chroma: chroma(skin[1], skin[2]),
    lips: r.lips && cast(r.lips),
    iris: r.iris && cast(r.iris),
    hair: r.hair && { ...r.hair, lab: cast(r.hair.lab) },
    sclera: null,
  };
}

/**
 * How far towards chance the season's confidence should move when the light is unknown: the share (0–1, steps of
 * 0.01) with the least log loss of the true season over held-out predictions made without the sclera, after the
 * temperature.
 */
export function fitUnknownLightShare(heldOut: HeldOut[], temperature: number): number {
  let best = { share: 0, loss: Infinity };
  for (let step = 0; step <= 100; step++) {
    const share = step / 100;
    const loss = heldOut.reduce(
      (s, h) => s - Math.log(towardsChance(temper(h.post, temperature)[h.season as Season] ?? 0, share)),
      0,
    );
    if (loss < best.loss) best = { share, loss };
  }
  return best.share;
}

export interface IdentityConsistency {
  /** pairs of photos judged to show one person */
  pairs: number;
  /** share of those pairs whose two season labels agree, and whose warm/cool labels agree */
  seasonAgreement: number;
  toneAgreement: number;
  /** mean CIELAB distance of the measured skin colour between two photos of one person, and of two people */
  skinDistanceSamePerson: number;
  skinDistanceBetweenPeople: number;
  /** the same, with the skin taken as under the typical light (season-recipe.ts underTypicalLight) */
  discountedSamePerson: number;
  discountedBetweenPeople: number;
}

/**
 * How consistent the set is with itself, person by person: what limits any
 * model of the measured colour here. Two photos of one person should carry one
 * label and nearly one skin colour; where they do not, the labels or the
 * photos' lighting and retouching differ, not the person.
 */
export function identityConsistency(rows: LabelledFeatures[], groups: number[]): IdentityConsistency {
  let pairs = 0;
  let seasonAgree = 0;
  let toneAgree = 0;
  let same = 0;
  let between = 0;
  let betweenPairs = 0;
  let [discountedSame, discountedBetween] = [0, 0];
  const discounted = rows.map((r) => underTypicalLight(r).features.skin);
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const d = deltaE76(rows[i].skin, rows[j].skin);
      const dd = deltaE76(discounted[i], discounted[j]);
      if (groups[i] !== groups[j]) {
        between += d;
        discountedBetween += dd;
        betweenPairs++;
        continue;
      }
      pairs++;
      same += d;
      discountedSame += dd;
      if (seasonOf(rows[i].season) === seasonOf(rows[j].season)) seasonAgree++;
      if (rows[i].tone === rows[j].tone) toneAgree++;
    }
  }
  return {
    pairs,
    seasonAgreement: seasonAgree / pairs,
    toneAgreement: toneAgree / pairs,
    skinDistanceSamePerson: same / pairs,
    skinDistanceBetweenPeople: between / betweenPairs,
    discountedSamePerson: discountedSame / pairs,
    discountedBetweenPeople: discountedBetween / betweenPairs,
  };
}
