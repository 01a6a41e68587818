/**
 * `npm run calibrate:color [-- --cached]`: measures the colour features of the
 * 207 labelled portraits (or reuses test-artifacts/color-features.json), fits
 * the personal-colour model and writes packages/pipeline/src/color/season-model.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TYPICAL_SCLERA_B } from '@face/pipeline/stages';
import { underTypicalLight } from '@face/pipeline/models';
import {
  calibrationError,
  crossValidate,
  evaluate,
  fitSeasonModel,
  fitTemperature,
  fitUnknownLightShare,
  identityGroups,
  withoutScleraUnder,
  type LabelledFeatures,
} from './lib/color-calibration';
import { LIGHT_CASTS } from './lib/light-casts';
import { measureLabelledColour } from './lib/measure-colour';

const FEATURES = path.resolve(__dirname, '..', 'test-artifacts', 'color-features.json');
const MODEL = path.resolve(__dirname, '..', 'packages', 'pipeline', 'src', 'color', 'season-model.json');

async function main() {
  let rows: LabelledFeatures[] | undefined;
  if (process.argv.includes('--cached') && fs.existsSync(FEATURES)) {
    rows = JSON.parse(fs.readFileSync(FEATURES, 'utf8')) as LabelledFeatures[];
    // the identity-grouped figure needs each photo's face descriptor: an older cache has none
    if (rows.some((r) => !r.descriptor)) {
      console.log(
        `${path.relative(process.cwd(), FEATURES)} has no face descriptors (written by an older release): measuring again`,
      );
      rows = undefined;
    }
  }
  if (!rows) {
    rows = await measureLabelledColour();
    fs.mkdirSync(path.dirname(FEATURES), { recursive: true });
    fs.writeFileSync(FEATURES, JSON.stringify(rows));
  }
  const model = fitSeasonModel(rows);
  const cv = crossValidate(rows);
  const groups = identityGroups(rows);
  const grouped = crossValidate(rows, 10, 5, groups);
  // season_confidence: softened until the held-out predictions of people never seen in fitting are as often right as stated
  model.temperature = fitTemperature(grouped.heldOut);
  // and with no sclera in view (the light unknown): each held-out photo as published and under each robustness cast
  const lights = [[1, 1, 1] as const, ...LIGHT_CASTS.map((c) => c.gains)];
  const unknown = crossValidate(rows, 10, 5, groups, (r) => lights.map((g) => withoutScleraUnder(r, g)));
  model.unknownLightTowardsChance = fitUnknownLightShare(unknown.heldOut, model.temperature);
  fs.writeFileSync(MODEL, `${JSON.stringify(model, null, 2)}\n`);
  const fit = evaluate(model, rows);
  const ece = (t: number) => calibrationError(grouped.heldOut, t);
  console.log(`fitted on ${rows.length} portraits → ${path.relative(process.cwd(), MODEL)}`);
  console.log(
    `undertone thresholds: warm > ${model.undertone.warmAbove.toFixed(2)}, cool < ${model.undertone.coolBelow.toFixed(2)}`,
  );
  console.log(`in-sample: warm/cool ${(fit.warmCool * 100).toFixed(1)} %, season ${(fit.season * 100).toFixed(1)} %`);
  console.log(`10-fold CV ×5: warm/cool ${(cv.warmCool * 100).toFixed(1)} %, season ${(cv.season * 100).toFixed(1)} %`);
  console.log(
    `identity-grouped 10-fold CV ×5: warm/cool ${(grouped.warmCool * 100).toFixed(1)} %, season ${(grouped.season * 100).toFixed(1)} %`,
  );
  console.log(
    `confidence temperature ${model.temperature}: expected calibration error (identity-grouped CV) season ${ece(1).season.toFixed(3)} → ${ece(model.temperature).season.toFixed(3)}, ` +
      `warm/cool ${ece(1).warmCool.toFixed(3)} → ${ece(model.temperature).warmCool.toFixed(3)}`,
  );
  const blind = (share: number) => calibrationError(unknown.heldOut, model.temperature, share).season.toFixed(3);
  console.log(
    `no sclera, under the ${lights.length} lights of the robustness table (identity-grouped CV): warm/cool ${(unknown.warmCool * 100).toFixed(1)} %, season ${(unknown.season * 100).toFixed(1)} %; ` +
      `confidence moved ${model.unknownLightTowardsChance} of the way to chance: season ECE ${blind(0)} → ${blind(model.unknownLightTowardsChance)}`,
  );
  const scleraB = rows
    .flatMap((r) => (r.sclera ? [underTypicalLight(r).features.sclera![2]] : []))
    .sort((a, b) => a - b);
  console.log(
    `typical sclera b* as under the typical light: median ${scleraB[Math.floor(scleraB.length / 2)].toFixed(2)} (illuminant.ts TYPICAL_SCLERA_B ${TYPICAL_SCLERA_B})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
