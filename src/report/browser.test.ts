/**
 * The report in a real browser: Debian's chromium, headless, driven by playwright-core. Opens a
 * report from file://, and checks what a person would see: no script errors, nothing fetched, the
 * charts and the table drawn, the top case's heatmaps after a click, a different picture at another
 * time step, and a screenshot that is not blank. Skipped where /usr/bin/chromium is absent (.ci/run
 * installs it, so CI runs it for real).
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { withTempDir } from '../cli/testing.js';
import { buildReportData } from './build.js';
import { renderReportHtml } from './html.js';
import { reportFixture } from './testing.js';

/*
 * The callbacks given to page.evaluate run in the page. The project compiles without the DOM
 * library (it is a Node program), so the few browser names they use are declared here, in this module only.
 */
interface PageCanvas {
  width: number;
  height: number;
  toDataURL(): string;
  getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
declare const document: { createElement(tag: 'canvas'): PageCanvas; getElementById(id: string): { textContent: string | null } | null };
declare const Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;
/** Headless, and quiet: no sandbox (containers), no GPU, no background traffic or first-run UI. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Distinct colours among the pixels of a PNG, decoded by the browser itself (no image library needed here). */
async function distinctColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    for (let k = 0; k < pixels.length; k += 4) colours.add((pixels[k] << 16) | (pixels[k + 1] << 8) | pixels[k + 2]);
    return colours.size;
  }, png.toString('base64'));
}

const heatmapPixels = (page: Page, kind: string) =>
  page.locator(`#heatmap-${kind}`).evaluate((canvas) => (canvas as unknown as PageCanvas).toDataURL());

test('the report works in headless chromium: charts, table, heatmaps, time slider, play', { timeout: 120_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed (apt-get install chromium; .ci/run does)`);
    return;
  }
  const { model, dataset } = await reportFixture({ cases: 60, steps: 6, nodes: 8 });
  await withTempDir('report-browser', async (dir) => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(buildReportData(model.withThreshold('contamination:0.1'), dataset, { maxDetail: 5 })));
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: TIMEOUT_MS, viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      const errors: string[] = [];
      const fetched: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        if (!/^(file|data):/.test(request.url())) fetched.push(request.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      assert.equal(await page.locator('#training-chart .uplot canvas').count(), 1, 'training curve');
      assert.equal(await page.locator('#score-chart .uplot canvas').count(), 1, 'case score chart');
      const rows = page.locator('#case-table tbody tr');
      assert.equal(await rows.count(), 5);
      assert.equal(await page.locator('#detail').isVisible(), false, 'no detail before a click');

      const top = await rows.first().getAttribute('data-case');
      await rows.first().click();
      await page.locator('#detail').waitFor({ state: 'visible' });
      assert.match(await page.locator('#detail-title').textContent() ?? '', new RegExp(`^Case ${top} `));
      for (const kind of ['observed', 'expected', 'deviation']) {
        const box = await page.locator(`#heatmap-${kind}`).boundingBox();
        assert.ok(box && box.width > 100 && box.height > 100, `${kind} heatmap drawn`);
      }
      assert.equal(await page.locator('#node-chart .uplot canvas').count(), 1, 'per-node bars');
      assert.equal(await page.locator('#step-chart .uplot canvas').count(), 1, 'per-step bars');
      assert.ok(await page.locator('#top-cells tbody tr').count() > 0, 'top cells listed');
      assert.match(await page.locator('#top-cells tbody').textContent() ?? '', /N[A-H] → N[A-H]/, 'cells named by node');

      const slider = page.locator('#time-slider');
      const step = Number(await slider.inputValue());
      const before = { observed: await heatmapPixels(page, 'observed'), deviation: await heatmapPixels(page, 'deviation') };
      await slider.fill(String(step === 0 ? 3 : 0));
      assert.notEqual(await heatmapPixels(page, 'observed'), before.observed, 'the slider changes the observed picture');
      assert.notEqual(await heatmapPixels(page, 'deviation'), before.deviation, 'the slider changes the deviation picture');

      const label = await page.locator('#step-label').textContent();
      await page.locator('#play-button').click();
      await page.waitForFunction((previous) => document.getElementById('step-label')?.textContent !== previous, label, { timeout: 5_000 });
      await page.locator('#play-button').click();
      assert.equal(await page.locator('#play-button').textContent(), 'Play', 'paused again');

      const screenshot = await page.screenshot({ fullPage: true });
      assert.ok(await distinctColours(page, screenshot) > 50, 'the screenshot is not blank');
      assert.deepEqual(errors, [], 'no console errors');
      assert.deepEqual(fetched, [], 'nothing fetched from the network');
    } finally {
      await context.close();
    }
  });
});
