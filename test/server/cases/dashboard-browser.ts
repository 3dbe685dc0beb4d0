// Headless Chromium opens the dashboard: four non-blank charts, the high-risk list by severity with a user's KPIs against fences, a live update after a NOTIFY.
import { KPIS } from '../../../src/model/kpis.js';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { launchBrowser } from '../../support/browser.js';
import { withClient } from '../../support/crafted-sources.js';
import { notify, riskPayload, TOKEN, type ServeEnv } from '../serve-fixture.js';
import { tempDir } from '../../support/temp-dir.js';

const CHART_IDS = ['chart-distribution', 'chart-scatter', 'chart-radar', 'chart-risk-severity-histogram', 'chart-severity-histogram'];
// Functions passed to the page run in the browser; this project compiles without the DOM lib, hence `globalThis as any`.

export function describeDashboard(env: () => ServeEnv): void {
  describe('dashboard in a browser', () => {
    test('charts render, the high-risk list fills after the token, a NOTIFY appears live', async () => {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        await page.goto(`${env().serve.base}/`);
        assert.equal(await page.getAttribute('html', 'lang'), 'es');
        assert.equal(await page.textContent('#connection-text'), 'Sin token: sin datos en vivo');

        // Charts are public aggregates: they draw before any token.
        await page.waitForFunction(
          (ids) =>
            ids.every((id) => {
              const c = (globalThis as any).document.getElementById(id);
              const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let painted = 0;
              for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
              return painted > 500;
            }),
          CHART_IDS,
          { timeout: 15_000 },
        );

        await page.fill('#token', TOKEN);
        await page.click('#token-form button[type=submit]');
        await page.waitForFunction(() => (globalThis as any).document.getElementById('connection').dataset.state === 'online', undefined, { timeout: 10_000 });
        assert.equal(await page.textContent('#connection-text'), 'En vivo');
        await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#high-risk tbody tr').length > 0, undefined, { timeout: 10_000 });

        // Highest severity first, with the reasons; selecting a user opens their KPIs against the fences and their trend.
        const headers = await page.$$eval('#high-risk thead th', (ths) => ths.map((th: any) => th.textContent));
        assert.deepEqual(headers.slice(0, 4), ['Usuario', 'Severidad', 'Motivos', 'ASI']);
        const rows = await page.$$eval('#high-risk tbody tr', (trs) => trs.map((tr: any) => ({ id: tr.dataset.userId, cells: [...tr.children].map((td: any) => td.textContent) })));
        // Crisis writers (issue 16) come first whatever their severity; the others by severity.
        const isCrisis = (r: { cells: string[] }) => r.cells[2].includes('Lenguaje de crisis');
        const crisisRows = rows.filter(isCrisis).length;
        assert.ok(rows.slice(0, crisisRows).every(isCrisis), 'crisis writers first');
        for (const part of [rows.slice(0, crisisRows), rows.slice(crisisRows)]) {
          const severities = part.map((r) => Number(r.cells[1].replace(',', '.')));
          for (let i = 1; i < severities.length; i++) assert.ok(severities[i - 1] >= severities[i], `severity order ${severities}`);
        }
        // The first user the ensemble made high (or, when the page holds only crisis writers, the first one).
        const first = Math.max(0, rows.findIndex((r) => !isCrisis(r)));
        const row = rows[first];
        const kpiReasons = row.cells[2].split(', ').filter((x: string) => x && !x.includes('Lenguaje de crisis'));
        if (!isCrisis(row)) assert.ok(kpiReasons.length >= 3, `reasons shown: ${row.cells[2]}`);
        // Reasons are named from the KPI registry (/dashboard/kpi-names.js), never the API's raw column names.
        for (const r of kpiReasons) assert.ok(KPIS.some((k) => r.startsWith(k.labels.es)), `reason named from the registry: ${r}`);
        await page.click(`#high-risk tbody tr:nth-child(${first + 1})`);
        await page.waitForFunction(() => !(globalThis as any).document.getElementById('user-detail').hidden, undefined, { timeout: 10_000 });
        assert.match((await page.textContent('#user-detail-title'))!, new RegExp(`^Usuario ${row.id.slice(0, 8)} · severidad ${row.cells[1]}`));
        const kpis = await page.$$eval('#user-kpis tbody tr', (trs) => trs.map((tr: any) => tr.dataset.beyond));
        assert.equal(kpis.length, 6, 'every KPI against its fence');
        assert.equal(kpis.filter((b) => b === 'true').length, kpiReasons.length, 'the KPIs beyond their fences are the reasons');
        assert.ok((await page.$$('#user-history tbody tr')).length >= 1, 'the trend over past runs');

        const user = await withClient(env().dbs.analytics, async (c) => (await c.query(`SELECT user_id_raiz::text AS id FROM user_risk_results WHERE risk_level = 'low' LIMIT 1`)).rows[0].id as string);
        await notify(env().dbs.analytics, { type: 'USER_RISK_UPDATE', payload: riskPayload(user, 'high', 'low', 88.8) });
        await page.waitForFunction((prefix) => (globalThis as any).document.querySelector('#live-feed li')?.textContent?.includes(prefix) ?? false, user.slice(0, 8), { timeout: 10_000 });
        const item = await page.textContent('#live-feed li');
        assert.match(item!, /Bajo riesgo → Alto riesgo · severidad 44,4 · ASI 88,8/);
        await page.waitForFunction(() => !(globalThis as any).document.getElementById('alert').hidden, undefined, { timeout: 10_000 });

        const shot = join(tempDir('aura-dashboard-'), 'dashboard.png');
        await page.screenshot({ path: shot, fullPage: true });
        assert.ok(statSync(shot).size > 10_000, `screenshot at ${shot}`);
        assert.deepEqual(problems, [], 'no script errors or CSP violations');
      } finally {
        await browser.close();
      }
    });
  });
}
