// Browser test of the dashboard against `acp demo`, driven by DemoDashboardBrowserTest (cli module), which runs the
// demo in its own process and serves the dashboard of the demo's profile while it works:
// node dashboard-demo.mjs <url> <artifacts-dir>
// The page must show the demo's runs as they appear and finish, without a reload, and say why the untrusted issue
// waits. Exit code 0 when every check passed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';

const [url, artifacts] = process.argv.slice(2);
if (!url || !artifacts) {
  console.error('usage: node dashboard-demo.mjs <url> <artifacts-dir>');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const consoleErrors = [];

function check(name, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) throw new Error(`check failed: ${name} ${detail}`);
}

const browser = await launchBrowser();
let page;
try {
  page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('section.profile[data-profile="calc"]');
  check('the demo profile has its section', true);
  await page.waitForSelector('#live.live-on', { timeout: 15000 });
  check('live updates are connected', true);
  const statuses = () => page.$$eval('#runs-table tbody tr[data-run]',
    (rows) => Object.fromEntries(rows.map((r) => [r.dataset.run, r.dataset.status])));
  // The demo launches runs and they finish while the page stays open: a run must be seen running (or pending)
  // and later finished, all without a reload.
  await page.waitForFunction(() => [...document.querySelectorAll('#runs-table tbody tr[data-run]')]
    .some((r) => r.dataset.status === 'running' || r.dataset.status === 'pending'), null, { timeout: 240000 });
  const before = await statuses();
  const active = Object.keys(before).filter((id) => before[id] === 'running' || before[id] === 'pending');
  check('the demo\'s runs appear while it works', active.length > 0, active.join(', '));
  await page.waitForFunction((ids) => ids.some((id) => {
    const row = document.querySelector(`#runs-table tbody tr[data-run="${id}"]`);
    return row && ['succeeded', 'failed', 'cancelled'].includes(row.dataset.status);
  }), active, { timeout: 240000 });
  const after = await statuses();
  check('a run finishes on the page without a reload', active.some((id) => after[id] !== before[id]),
    active.map((id) => `${id}: ${before[id]} -> ${after[id]}`).join(', '));
  await page.waitForFunction(() => document.querySelector('section.profile[data-profile="calc"] .why-waiting')
    ?.textContent.includes('untrusted-author'), null, { timeout: 60000 });
  check('the untrusted issue waits, and the page says why', true);
  await page.screenshot({ path: join(artifacts, 'demo.png') });
  await page.click('#runs-table tbody tr[data-run] a.run-link');
  await page.waitForSelector('#detail[open] #detail-body dl');
  check('a demo run opens its detail', true);
  await page.screenshot({ path: join(artifacts, 'demo-run-detail.png') });
  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  console.log('PASSED');
  await browser.close();
  process.exit(0);
} catch (e) {
  console.log(`ERROR ${e.message}`);
  if (consoleErrors.length) console.log(`console errors: ${consoleErrors.join(' | ')}`);
  if (page) await page.screenshot({ path: join(artifacts, 'demo-failure.png'), fullPage: true }).catch(() => {});
  await browser.close();
  process.exit(1);
}
