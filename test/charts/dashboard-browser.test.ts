// dashboard.svg rendered by headless Chromium: a PNG is written and the drawing is not blank.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderDashboard } from '../../src/charts/dashboard.js';
import { launchBrowser } from '../support/browser.js';
import { CHART_DATA } from './chart-fixture.js';
import { tempDir } from '../support/temp-dir.js';

test('dashboard.svg renders to a non-blank PNG in headless Chromium', async () => {
  const svg = renderDashboard(CHART_DATA, { lang: 'es' });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
    const png = join(tempDir('aura-svg-png-'), 'dashboard.png');
    await page.locator('svg').first().screenshot({ path: png });
    assert.ok(statSync(png).size > 10_000, 'a real picture, not an empty frame');
    // Share of non-white pixels of the rendered SVG, counted in the page itself.
    const inked = await page.evaluate(async (markup) => {
      const img = new Image();
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(markup);
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth || 1360;
      canvas.height = img.naturalHeight || 900;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240) ink++;
      return ink / (px.length / 4);
    }, svg);
    assert.ok(inked > 0.02, `the dashboard draws something (${(inked * 100).toFixed(1)}% inked)`);
    assert.ok(inked < 0.9, 'and is not a solid block');
  } finally {
    await browser.close();
  }
});
