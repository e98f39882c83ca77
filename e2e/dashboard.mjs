// Browser test of the dashboard, driven by DashboardBrowserTest (dashboard module), which starts the server on
// seeded state: node dashboard.mjs <url> <artifacts-dir> <live-run-id>
// Protocol on stdout/stdin: this script prints "FINISH <run-id>" when the page is open and waiting; the JUnit test
// then ends that run in the state and answers "finished" on stdin; the page must show it without a reload.
// Screenshots go to <artifacts-dir>. Exit code 0 when every check passed.
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';

const [url, artifacts, liveRun] = process.argv.slice(2);
if (!url || !artifacts || !liveRun) {
  console.error('usage: node dashboard.mjs <url> <artifacts-dir> <live-run-id>');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const stdin = createInterface({ input: process.stdin });
const lines = stdin[Symbol.asyncIterator]();
const consoleErrors = [];
const checks = [];

function check(name, ok, detail = '') {
  checks.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) throw new Error(`check failed: ${name} ${detail}`);
}

const browser = await launchBrowser();
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'light' });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));

  await page.goto(url);
  await page.waitForSelector('#runs-table tbody tr[data-run]');
  const rows = await page.locator('#runs-table tbody tr[data-run]').count();
  check('the run history shows a page of runs', rows === 50, `${rows} rows`);
  const sections = await page.locator('section.profile').count();
  check('one section per profile', sections === 3, `${sections} sections`);
  await page.waitForSelector('#live.live-on', { timeout: 10000 });
  check('live updates are connected', true);
  const waiting = await page.locator('#profile-alpha .why-waiting tbody tr').count();
  check('the why-waiting table lists the plan\'s waits', waiting >= 4, `${waiting} rows`);
  const reasons = await page.locator('#profile-alpha .why-waiting tbody').innerText();
  check('waits say why', reasons.includes('untrusted-author') && reasons.includes('budget-exhausted'));
  check('the chart is drawn', await page.locator('#chart svg rect').count() > 0);
  await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });

  // Live: the run finishes in the state while the page is open.
  const liveRow = page.locator(`#runs-table tbody tr[data-run="${liveRun}"]`);
  check('the live run is shown running', (await liveRow.getAttribute('data-status')) === 'running');
  await page.click(`#runs-table tbody tr[data-run="${liveRun}"] a.run-link`);
  await page.waitForSelector('#detail[open] #log-tail');
  check('the open run detail shows the running log', (await page.locator('#log-tail').innerText()).includes('step 300'));
  console.log(`FINISH ${liveRun}`);
  const answer = await lines.next();
  check('the test finished the run', answer.value === 'finished', String(answer.value));
  await page.waitForSelector(`#runs-table tbody tr[data-run="${liveRun}"][data-status="succeeded"]`, { timeout: 15000 });
  check('the page shows the run finished without a reload', true);
  await page.waitForFunction(() => document.querySelector('#detail[open] #log-tail')?.textContent.trimEnd().endsWith('agent: done'),
    null, { timeout: 15000 });
  check('the open run detail follows the run to its end', (await page.locator('#detail-body').innerText()).includes('succeeded'));
  await page.click('#detail-close');
  await page.screenshot({ path: join(artifacts, 'overview.png') });

  // Filters.
  await page.selectOption('#filter-status', 'failed');
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('#runs-table tbody tr[data-run]')];
    return r.length > 0 && r.every((tr) => tr.dataset.status === 'failed');
  });
  check('the status filter keeps failed runs only', true);
  await page.selectOption('#filter-profile', 'beta');
  await page.waitForFunction(() => document.querySelectorAll('section.profile').length === 1
    && [...document.querySelectorAll('#runs-table tbody tr[data-run]')].every((tr) => tr.children[1].textContent === 'beta'));
  check('the profile filter shows one profile', true);
  await page.selectOption('#filter-status', '');
  await page.selectOption('#filter-lane', 'fix');
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('#runs-table tbody tr[data-run]')];
    return r.length > 0 && r.every((tr) => tr.children[2].textContent === 'fix');
  });
  check('the lane filter keeps fix runs only', true);
  await page.selectOption('#filter-lane', '');
  await page.selectOption('#filter-profile', '');
  await page.fill('#filter-text', 'issue-6-b');
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('#runs-table tbody tr[data-run]')];
    return r.length === 18 && r.every((tr) => tr.textContent.includes('issue#6'));
  });
  check('the text filter finds the runs of issue 6', true);
  await page.fill('#filter-text', '');

  // Run detail with the log tail.
  await page.waitForSelector(`#runs-table tbody tr[data-run="${liveRun}"]`);
  await page.click(`#runs-table tbody tr[data-run="${liveRun}"] a.run-link`);
  await page.waitForSelector('#detail[open] #log-tail');
  const log = await page.locator('#log-tail').innerText();
  check('the run detail shows the log tail', log.trimEnd().endsWith('agent: done'), log.slice(-40));
  const detail = await page.locator('#detail-body').innerText();
  check('the run detail shows the result and the verification', detail.includes('implemented')
    && detail.includes('mvn -q test'));
  await page.screenshot({ path: join(artifacts, 'run-detail.png') });
  await page.click('#detail-close');

  // Item detail from the why-waiting table.
  await page.click('#profile-alpha .why-waiting a.item-link >> text=issue#4');
  await page.waitForSelector('#detail[open]');
  await page.waitForFunction(() => document.querySelector('#detail-body').textContent.includes('untrusted-author'));
  check('the item detail says why it waits', true);
  await page.click('#detail-close');

  // Dark mode: the toggle, and the system preference.
  await page.click('#theme');
  check('the toggle switches to dark', (await page.getAttribute('html', 'data-theme')) === 'dark');
  await page.click('#theme');
  await page.click('#theme');
  const dark = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'dark' });
  const darkPage = await dark.newPage();
  darkPage.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await darkPage.goto(url);
  await darkPage.waitForSelector('#runs-table tbody tr[data-run]');
  const bg = await darkPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check('the system\'s dark preference gives a dark page', bg === 'rgb(17, 21, 27)', bg);
  await darkPage.screenshot({ path: join(artifacts, 'dashboard-dark.png') });

  // A phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phonePage = await phone.newPage();
  phonePage.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await phonePage.goto(url);
  await phonePage.waitForSelector('#runs-table tbody tr[data-run]');
  const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check('on a phone the page does not scroll sideways', overflow <= 0, `${overflow}px`);
  await phonePage.screenshot({ path: join(artifacts, 'dashboard-phone.png') });

  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  console.log(`PASSED ${checks.length} checks`);
  await browser.close();
  process.exit(0);
} catch (e) {
  console.log(`ERROR ${e.message}`);
  if (consoleErrors.length) console.log(`console errors: ${consoleErrors.join(' | ')}`);
  if (page) await page.screenshot({ path: join(artifacts, 'failure.png'), fullPage: true }).catch(() => {});
  await browser.close();
  process.exit(1);
}
