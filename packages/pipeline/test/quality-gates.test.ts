/**
 * LOW_QUALITY warnings (SPEC §5) on generated variants of a real portrait:
 * blurred, darkened and brightened copies are flagged with the right reason;
 * the original is not. The analysis still completes (warnings, not rejections).
 */
import sharp from 'sharp';
import { PORTRAITS } from '../../../test/helpers/datasets';
import { usePipeline } from './pipeline-harness';

const pipeline = usePipeline();
const reasons = async (input: Buffer | string) =>
  (await pipeline.analyse(input)).warnings.filter((w) => w.code === 'LOW_QUALITY').map((w) => w.details?.reason);

const original = () => sharp(PORTRAITS.frontal).rotate();

test('the sharp, well exposed original has no quality warning', async () => {
  expect(await reasons(PORTRAITS.frontal)).toEqual([]);
});

test('a blurred copy is flagged as blur', async () => {
  expect(await reasons(await original().blur(6).jpeg().toBuffer())).toContain('blur');
});

test('a darkened copy is flagged as under-exposed', async () => {
  expect(await reasons(await original().linear(0.3, 0).jpeg().toBuffer())).toContain('underexposed');
});

test('a brightened copy is flagged as over-exposed or clipped', async () => {
  const r = await reasons(await original().linear(1.6, 60).jpeg().toBuffer());
  expect(r.some((x) => x === 'overexposed' || x === 'clipped')).toBe(true);
});
