/**
 * `npm run bench:color`: personal-colour accuracy on the 207 labelled Korean
 * portraits (labels are noisy): warm/cool and 4-season accuracy with the
 * shipped model, the confusion matrix, and the 10-fold cross-validated
 * estimate of the same recipe: plainly, and with each person's photos kept in
 * one fold (the fair figure for people it was not fitted on); and how far the
 * set agrees with itself across photos of one person.
 */
import { SEASON_MODEL } from '@face/pipeline/src/color';
import { crossValidate, evaluate, identityConsistency, identityGroups } from './lib/color-calibration';
import { measureLabelledColour } from './lib/measure-colour';
import { summary } from './lib/stats';

async function main() {
  const times: number[] = [];
  const rows = await measureLabelledColour((ms) => times.push(ms));
  const shipped = evaluate(SEASON_MODEL, rows);
  const cv = crossValidate(rows);
  const groups = identityGroups(rows);
  const grouped = crossValidate(rows, 10, 5, groups);
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  console.log(`# npm run bench:color — ${new Date().toISOString()} — ${rows.length} portraits`);
  console.log(`model: ${SEASON_MODEL.fittedOn}`);
  console.log(`shipped model (fitted on these photos): warm/cool ${pct(shipped.warmCool)}, season ${pct(shipped.season)}`);
  console.log(`10-fold cross-validation ×5 (same recipe, unseen photos): warm/cool ${pct(cv.warmCool)}, season ${pct(cv.season)}`);
  console.log(`identity-grouped 10-fold ×5 (${new Set(groups).size} people; unseen people): warm/cool ${pct(grouped.warmCool)}, season ${pct(grouped.season)}`);
  console.log(`targets: warm/cool ≥ 80 % → ${grouped.warmCool >= 0.8 ? 'met' : 'NOT met'}; season ≥ 60 % → ${grouped.season >= 0.6 ? 'met' : 'NOT met'} (identity-grouped cross-validation)`);
  const c = identityConsistency(rows, groups);
  console.log(
    `\nthe set's own consistency (${c.pairs} pairs of photos of one person): season labels agree on ${pct(c.seasonAgreement)}, warm/cool on ${pct(c.toneAgreement)}; ` +
      `measured skin colour differs by ΔE ${c.skinDistanceSamePerson.toFixed(1)} between two photos of one person and ${c.skinDistanceBetweenPeople.toFixed(1)} between two people`,
  );
  const seasons = ['spring', 'summer', 'autumn', 'winter'];
  console.log(`\nconfusion (rows = label, columns = predicted, shipped model):`);
  console.log(`${''.padEnd(8)}${seasons.map((s) => s.padStart(8)).join('')}`);
  for (const truth of seasons) console.log(`${truth.padEnd(8)}${seasons.map((p) => String(shipped.confusion[truth]?.[p] ?? 0).padStart(8)).join('')}`);
  console.log(`\ncolour features per photo (after texture): ${summary(times)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
