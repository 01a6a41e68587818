/**
 * `npm run bench:color`: personal-colour accuracy on the 207 labelled Korean
 * portraits (labels are noisy): warm/cool and 4-season accuracy with the
 * shipped model, the confusion matrix, and the 10-fold cross-validated
 * estimate of the same recipe: plainly, and with each person's photos kept in
 * one fold (the fair figure for people it was not fitted on); and how far the
 * set agrees with itself across photos of one person.
 */
import { parseArgs } from 'node:util';
import { SEASON_MODEL } from '@face/pipeline/models';
import { FaceModelRuntime } from '@face/pipeline/face-models';
import { bandOf, catalog } from '@face/catalog';
import {
  calibrationError,
  crossValidate,
  evaluate,
  identityConsistency,
  identityGroups,
  temper,
} from './lib/color-calibration';
import { datasetPath, spread } from './lib/datasets';
import { parseLabels } from './lib/labels';
import { lightRobustness } from './lib/light-robustness';
import { measureLabelledColour } from './lib/measure-colour';
import { publishSection } from './lib/report';
import { summary } from './lib/stats';

async function main() {
  const { values: args } = parseArgs({
    options: { 'robustness-only': { type: 'boolean', default: false }, portraits: { type: 'string', default: '207' } },
  });
  if (!args['robustness-only']) await accuracy();
  await robustness(Number(args.portraits));
}

async function robustness(n: number) {
  const portraits = spread(parseLabels(datasetPath('personal_color', 'labels.csv')), n).map((r) => ({
    file: datasetPath('personal_color', r.file),
    season: r.season,
    tone: r.tone,
  }));
  const runtime = await FaceModelRuntime.load('cpu');
  const { markdown, flips } = await lightRobustness(runtime, portraits);
  console.log(`\n${markdown}`);
  for (const f of flips.filter((x) => /R ×/.test(x.cast))) {
    console.log(
      `target under ${f.cast}: season flips ≤ 15 % → ${f.season <= 0.15 ? 'met' : 'NOT met'}; warm/cool flips ≤ 10 % → ${f.warmCool <= 0.1 ? 'met' : 'NOT met'}`,
    );
  }
  publishSection(
    'VALIDITY.md',
    'colour-light',
    'Colour: does it follow the person or the lamp?',
    markdown,
    `npm run bench:color -- --portraits ${n}`,
  );
}

async function accuracy() {
  const times: number[] = [];
  const rows = await measureLabelledColour((ms) => times.push(ms));
  const shipped = evaluate(SEASON_MODEL, rows);
  const cv = crossValidate(rows);
  const groups = identityGroups(rows);
  const grouped = crossValidate(rows, 10, 5, groups);
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  console.log(`# npm run bench:color — ${new Date().toISOString()} — ${rows.length} portraits`);
  console.log(`model: ${SEASON_MODEL.fittedOn}`);
  console.log(
    `shipped model (fitted on these photos): warm/cool ${pct(shipped.warmCool)}, season ${pct(shipped.season)}`,
  );
  console.log(
    `10-fold cross-validation ×5 (same recipe, unseen photos): warm/cool ${pct(cv.warmCool)}, season ${pct(cv.season)}`,
  );
  console.log(
    `identity-grouped 10-fold ×5 (${new Set(groups).size} people; unseen people): warm/cool ${pct(grouped.warmCool)}, season ${pct(grouped.season)}`,
  );
  console.log(
    `targets: warm/cool ≥ 80 % → ${grouped.warmCool >= 0.8 ? 'met' : 'NOT met'}; season ≥ 60 % → ${grouped.season >= 0.6 ? 'met' : 'NOT met'} (identity-grouped cross-validation)`,
  );
  const temperature = SEASON_MODEL.temperature ?? 1;
  const ece = calibrationError(grouped.heldOut, temperature);
  console.log(
    `season_confidence (temperature ${temperature}): expected calibration error in identity-grouped CV — season ${ece.season.toFixed(3)}, warm/cool ${ece.warmCool.toFixed(3)} ` +
      `(target ≤ 0.10 → ${Math.max(ece.season, ece.warmCool) <= 0.1 ? 'met' : 'NOT met'})`,
  );
  const confidence = catalog.find((m) => m.key === 'season_confidence')!;
  for (const band of confidence.bands ?? []) {
    const inBand = grouped.heldOut
      .map((h) => Object.entries(temper(h.post, temperature)).sort((a, b) => b[1] - a[1])[0])
      .map(([season, p], i) => ({ p, right: season === grouped.heldOut[i].season }))
      .filter(({ p }) => bandOf(confidence, p) === band.label);
    const right = inBand.filter((x) => x.right).length;
    console.log(
      `  season_confidence ${band.label.padEnd(6)}: ${inBand.length} held-out predictions, right ${pct(right / Math.max(1, inBand.length))}`,
    );
  }
  const c = identityConsistency(rows, groups);
  console.log(
    `\nthe set's own consistency (${c.pairs} pairs of photos of one person): season labels agree on ${pct(c.seasonAgreement)}, warm/cool on ${pct(c.toneAgreement)}; ` +
      `measured skin colour differs by ΔE ${c.skinDistanceSamePerson.toFixed(1)} between two photos of one person and ${c.skinDistanceBetweenPeople.toFixed(1)} between two people ` +
      `(taken as under the typical light: ${c.discountedSamePerson.toFixed(1)} and ${c.discountedBetweenPeople.toFixed(1)})`,
  );
  const seasons = ['spring', 'summer', 'autumn', 'winter'];
  console.log(`\nconfusion (rows = label, columns = predicted, shipped model):`);
  console.log(`${''.padEnd(8)}${seasons.map((s) => s.padStart(8)).join('')}`);
  for (const truth of seasons)
    console.log(
      `${truth.padEnd(8)}${seasons.map((p) => String(shipped.confusion[truth]?.[p] ?? 0).padStart(8)).join('')}`,
    );
  console.log(`\ncolour features per photo (after texture): ${summary(times)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
