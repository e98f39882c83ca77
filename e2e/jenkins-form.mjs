// Drives the system configuration form of a running Jenkins in Debian's Chromium, the way a user does, so that the
// browser (Jenkins' own scripts, the field defaults, the select's first choice) builds what /configSubmit binds.
// Used by AgentControlPlaneFormITest; the Java side checks what was saved.
//
//   node e2e/jenkins-form.mjs <jenkins url> save                      open the page and save it unchanged
//   node e2e/jenkins-form.mjs <jenkins url> add-profile <id> <slug>   add a profile: the scaffold with its id and repository
//
// Exit code 0 when the form was submitted and Jenkins accepted it (no console error, no HTTP error); 1 otherwise,
// with the reason on stderr; 2 on bad arguments.
import { launchBrowser } from './browser.mjs';

const [baseArg, action, ...rest] = process.argv.slice(2);
const actions = { save: 0, 'add-profile': 2 };
if (!baseArg || !(action in actions) || rest.length !== actions[action]) {
  console.error('usage: node e2e/jenkins-form.mjs <jenkins url> save | add-profile <id> <slug>');
  process.exit(2);
}
const base = baseArg.endsWith('/') ? baseArg : baseArg + '/';

const problems = [];
const browser = await launchBrowser();
try {
  const tab = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  tab.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  let submitStatus = null;
  tab.on('response', (r) => {
    if (r.url().includes('/configSubmit')) submitStatus = r.status();
  });

  const page = await tab.goto(base + 'manage/configure', { waitUntil: 'load', timeout: 60000 });
  if (!page || page.status() >= 400) throw new Error(`the configuration page answered ${page ? page.status() : 'nothing'}`);
  await tab.waitForLoadState('networkidle', { timeout: 30000 }).catch(() => {});

  if (action === 'add-profile') {
    const [id, slug] = rest;
    await tab.getByRole('button', { name: 'Add profile' }).click();
    // the new profile is the last chunk of the repeatable list; its text starts as the engine's scaffold, whose
    // id and repository the user replaces
    const text = tab.locator('textarea[name="_.yaml"]').last();
    const scaffold = await text.inputValue();
    if (!scaffold.includes('id: my-repo') || !scaffold.includes('slug: owner/my-repo')) {
      throw new Error(`a new profile does not start from the scaffold: ${scaffold}`);
    }
    await text.fill(scaffold.replace('id: my-repo', `id: ${id}`).replace('slug: owner/my-repo', `slug: ${slug}`));
    await tab.waitForLoadState('networkidle', { timeout: 30000 }).catch(() => {});
  }

  await Promise.all([
    tab.waitForURL((url) => !url.pathname.endsWith('/configure'), { timeout: 60000 }),
    tab.getByRole('button', { name: 'Save' }).click(),
  ]);
  if (submitStatus === null) problems.push('the form was not submitted to /configSubmit');
  else if (submitStatus >= 400) problems.push(`/configSubmit answered ${submitStatus}: ${(await tab.locator('body').innerText()).slice(0, 500)}`);
} catch (e) {
  problems.push(e.message.split('\n')[0]);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`ok ${action}`);
