// Opens the plugin's pages in a running Jenkins (JenkinsRule in AcpPagesITest, or hpi:run) with Debian's Chromium:
// the system configuration page (with the plugin's section) and the plugin's Manage Jenkins page. Fails when a page
// does not load, lacks what marks it as ours, or logs a console error (CSP violations included; Jenkins enforces CSP
// under tests and hpi:run). Saves a full-page screenshot of each.
//
//   node e2e/jenkins-pages.mjs <jenkins url> <screenshot dir> [page...]     pages: configure, management (default: all)
//   e.g. node e2e/jenkins-pages.mjs http://localhost:8080/jenkins/ plugin/target/screenshots
//
// Prints one line per page; exit code 0 when every page passed, 1 when one failed, 2 on bad arguments.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';

const PAGES = [
  { name: 'configure', path: 'manage/configure', expect: 'Agent Control Plane' },
  { name: 'management', path: 'manage/agent-control-plane-status/', expect: 'Agent Control Plane' },
];

const [baseArg, outDir, ...names] = process.argv.slice(2);
const unknown = names.filter((n) => !PAGES.some((p) => p.name === n));
if (!baseArg || !outDir || unknown.length) {
  console.error('usage: node e2e/jenkins-pages.mjs <jenkins url> <screenshot dir> [configure|management ...]'
    + (unknown.length ? `\nunknown page: ${unknown.join(', ')}` : ''));
  process.exit(2);
}
const base = baseArg.endsWith('/') ? baseArg : baseArg + '/';
mkdirSync(outDir, { recursive: true });

const browser = await launchBrowser();
let failed = false;
try {
  for (const page of PAGES.filter((p) => !names.length || names.includes(p.name))) {
    const problems = await visit(page);
    failed ||= problems.length > 0;
    console.log(`${problems.length ? 'FAIL' : 'ok'} ${page.name} ${base}${page.path}`
      + (problems.length ? '\n  ' + problems.join('\n  ') : ''));
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

async function visit({ name, path, expect }) {
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  tab.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    const response = await tab.goto(base + path, { waitUntil: 'load', timeout: 60000 });
    if (!response || response.status() >= 400) {
      problems.push(`HTTP ${response ? response.status() : 'no response'}`);
    }
    // Jenkins renders some of a page's parts after load (e.g. the configuration form's sections)
    await tab.waitForLoadState('networkidle', { timeout: 30000 }).catch(() => {});
    const text = await tab.locator('body').innerText();
    if (!text.includes(expect)) {
      problems.push(`the page does not show "${expect}"`);
    }
    await tab.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  } catch (e) {
    problems.push(e.message.split('\n')[0]);
  } finally {
    await context.close();
  }
  return problems;
}
