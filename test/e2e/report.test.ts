/**
 * The page for people (report_url) in a real browser (Debian chromium via playwright-core): a completed analysis of a
 * young woman's portrait opens without a key at 390 px and 1280 px, every section is there, nothing overflows, the
 * palette swatches are the result's palette, the overlay loads under the page's own policy; a deleted analysis's
 * link answers 404, an expired one 410. Saves the screenshots in test-artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignedLinks } from '@face/links';
import { DRAPE_GAP, DRAPE_PANEL } from '@face/pipeline';
import sharp from 'sharp';
import { chromium, type Browser } from 'playwright-core';
import { ApiClient, TEST_ADMIN_KEY } from '../helpers/api-client';
import { PORTRAITS } from '../helpers/datasets';
import { REDIS_URL, createTestDatabase, freePort, uniqueName, type TestDatabase } from '../helpers/env';
import { startProcess, type RunningProcess } from '../helpers/processes';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const URL_SIGNING_SECRET = 'report-test-signing-secret-0123456789abcdef';

let db: TestDatabase;
let api: RunningProcess;
let worker: RunningProcess;
let client: ApiClient;
let browser: Browser;
let dataDir: string;
let done: { id: string; report_url: string; color_palette: string; color_season_subtype: string };

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-report-'));
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('report').toLowerCase(),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    URL_SIGNING_SECRET,
    WORKER_METRICS_PORT: '0',
  };
  api = startProcess('api', 'apps/api/src/main.ts', env);
  worker = startProcess('worker', 'apps/worker/src/main.ts', env);
  await Promise.all([api.waitForLog(/api listening/), worker.waitForLog(/worker ready/)]);
  client = new ApiClient(`http://127.0.0.1:${port}`);
  // a woman of 25: the seeded norms hold every metric for her cohort, skin included
  const r = await client.post(
    PORTRAITS.frontal,
    { gender: 'female', birth_date: '2001-03-02', external_id: 'report-1' },
    { query: '?wait=25&format=flat' },
  );
  expect(r.body.status).toBe('completed');
  done = r.body as typeof done;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
});

test.each([
  [390, 844],
  [1280, 900],
])('the report reads at %i px: every section, no overflow, the palette and the overlay', async (width, height) => {
  const page = await browser.newPage({ viewport: { width, height } });
  const requests: string[] = [];
  page.on('request', (req) => requests.push(req.url()));
  const res = await page.goto(done.report_url);
  expect(res!.status()).toBe(200);
  expect(res!.headers()['content-security-policy']).toContain('frame-ancestors *');
  expect(res!.headers()['x-frame-options']).toBeUndefined();
  for (const section of ['overlay', 'face-shape', 'skin', 'colour', 'drape'])
    expect(await page.isVisible(`[data-testid=${section}]`)).toBe(true);
  // Korean by default: the sub-type's Korean name and the skin scores with the cohort
  expect(await page.textContent('[data-testid=colour] .big')).toMatch(/[가-힣]/);
  expect(await page.textContent('[data-testid=cohort]')).toContain('여성 20–29세');
  const scores = await page.$$eval('[data-score] b', (bs) => bs.map((b) => b.textContent));
  expect(scores).toHaveLength(8);
  expect(scores.filter((s) => s !== '–').length).toBeGreaterThanOrEqual(4);
  // nothing wider than the screen
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  // the swatches are the result's palette
  const palette = JSON.parse(done.color_palette) as { best: string[]; avoid: string[] };
  const swatch = (kind: string) =>
    page.$$eval(`[data-swatch=${kind}]`, (els) => els.map((e) => e.getAttribute('title')));
  expect(await swatch('best')).toEqual(palette.best);
  expect(await swatch('avoid')).toEqual(palette.avoid);
  // the overlay loaded (under the page's own policy), and nothing came from elsewhere
  expect(
    await page.$eval('[data-testid=overlay] img', (img) => (img as HTMLImageElement).naturalWidth),
  ).toBeGreaterThan(100);
  expect(await page.$eval('[data-testid=drape] img', (img) => (img as HTMLImageElement).naturalWidth)).toBe(
    2 * DRAPE_PANEL.width + DRAPE_GAP,
  );
  expect(requests.every((u) => u.startsWith(new URL(done.report_url).origin))).toBe(true);
  await page.screenshot({ path: path.join(ARTIFACTS, `report-${width}.png`), fullPage: true });
  await page.close();
});

test("the drape's collars are the palette's best colour (left) and the colour to avoid (right), the face is the photo", async () => {
  const png = Buffer.from(await (await fetch(`${done.report_url}/drape.png`)).arrayBuffer());
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const hexAt = (x: number, y: number) =>
    `#${[...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  const palette = JSON.parse(done.color_palette) as { best: string[]; avoid: string[] };
  const bottom = DRAPE_PANEL.height - 4;
  expect(hexAt(DRAPE_PANEL.width / 2, bottom)).toBe(palette.best[0].toLowerCase());
  expect(hexAt(DRAPE_PANEL.width + DRAPE_GAP + DRAPE_PANEL.width / 2, bottom)).toBe(palette.avoid[0].toLowerCase());
  // the same picture behind the API key
  const keyed = await fetch(`${client.base}/v1/analyses/${done.id}/drape.png`, {
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
  });
  expect(Buffer.from(await keyed.arrayBuffer()).equals(png)).toBe(true);
});

test('lang=en is English; an altered token is 403, an expired one 410, a deleted analysis 404', async () => {
  const english = await fetch(`${done.report_url}?lang=en`);
  expect(await english.text()).toContain('Personal colour');
  const token = new URL(done.report_url).pathname.split('/').pop()!;
  const altered = await fetch(
    done.report_url.replace(token, token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')),
  );
  expect(altered.status).toBe(403);
  const expired = new SignedLinks(URL_SIGNING_SECRET, -60).token(done.id, 'report');
  const late = await fetch(`${client.base}/r/${expired}`);
  expect([late.status, ((await late.json()) as { error: { code: string } }).error.code]).toEqual([410, 'LINK_EXPIRED']);
  expect((await client.request('DELETE', `/v1/analyses/${done.id}`)).status).toBe(200);
  expect((await fetch(done.report_url)).status).toBe(404);
  expect((await fetch(`${done.report_url.replace(/\?.*$/, '')}/overlay.png`)).status).toBe(404);
  expect((await fetch(`${done.report_url}/drape.png`)).status).toBe(404);
});
