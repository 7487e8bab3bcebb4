// Drives Debian's headless Chromium through actgate's web console as an operator would: sign in, find a failing run
// by filter, open it, read the timeline and the app's error, replay it; see a DISCONNECTED connection and start its
// reconnect; check that a tenant token sees only its tenant; sign in as a manager and read the overview.
// Prints one JSON line per check: {"check", "ok", "detail"}. Started by ConsoleBrowserEndToEndTest (Java).
//
// env: API_URL, TENANT_TOKEN, MANAGER_TOKEN, OTHER_TENANT_RUN, DISCONNECTED_ID, SHOTS (screenshot folder)
import { chromium } from 'playwright-core';

const { API_URL, TENANT_TOKEN, MANAGER_TOKEN, OTHER_TENANT_RUN, DISCONNECTED_ID, SHOTS } = process.env;
const results = [];
const check = (name, ok, detail) => { results.push({ check: name, ok: !!ok, detail: detail === undefined ? null : String(detail) }); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const cspViolations = [];
page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));

async function signIn(token) {
  await page.goto(API_URL + '/console');
  await page.waitForSelector('#signin');
  await page.fill('#token', token);
  await page.click('#signin button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
}

try {
  // --- sign in with the tenant token
  await signIn(TENANT_TOKEN);
  check('signed in as the tenant', (await page.textContent('#who')).includes('tenant'), await page.textContent('#who'));
  check('the token is kept only in this tab', await page.evaluate(() => !!sessionStorage.getItem('actgate.console.token')
    && localStorage.length === 0 && document.cookie === ''));

  // --- find the failing run by filter
  await page.goto(API_URL + '/console#/runs');
  await page.waitForSelector('#run-filters');
  await page.selectOption('#run-filters select[name=status]', 'error');
  await page.fill('#run-filters input[name=errorText]', 'upstream_error');
  await page.click('#run-filters button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('errorText') && document.querySelectorAll('#runs tbody tr').length > 0);
  const rows = await page.$$eval('#runs tbody tr', (trs) => trs.map((t) => t.textContent));
  check('the filter finds the failing run, and only failing runs', rows.length >= 1 && rows.every((r) => r.includes('error') && r.includes('UPSTREAM_ERROR')), rows.join(' | '));
  check('the tenant sees no run of another tenant', !(await page.$(`[data-run="${OTHER_TENANT_RUN}"]`)));

  // --- open it: the timeline and the app's error
  await page.click('#runs tbody tr');
  await page.waitForSelector('#timeline');
  const attempts = await page.$$eval('#timeline rect.attempt', (rs) => rs.map((r) => r.getAttribute('data-status')));
  check('the timeline draws the attempt with the status the app answered', attempts.length >= 1 && attempts.includes('404'), attempts.join(','));
  check('the error says the external app caused it', (await page.textContent('#attribution')).includes('external app'), await page.textContent('#attribution'));
  check("the app's own error body is shown", (await page.textContent('#app-error')).includes('no such todo'), await page.textContent('#app-error'));
  check('the replayable /act body is shown', JSON.parse(await page.textContent('#act-body')).api.path === '/todos/999999');
  const firstRunUrl = page.url();
  await page.screenshot({ path: `${SHOTS}/console-run.png`, fullPage: true });

  // --- copy as curl never contains the token
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: API_URL });
  await page.click('#copy-curl');
  await page.waitForSelector('#replay-result .notice, #curl-text');
  const curl = await page.evaluate(async () => {
    const area = document.getElementById('curl-text');
    return area ? area.value : navigator.clipboard.readText();
  });
  check('copy as curl gives a command with the /act body and no token', curl.includes('/act') && curl.includes('/todos/999999')
    && !curl.includes(TENANT_TOKEN) && curl.includes('$ACTGATE_TOKEN'), curl.slice(0, 120));

  // --- replay it: a new run, failing the same way
  await page.click('#replay');
  await page.waitForSelector('#replay-link');
  await page.click('#replay-link');
  await page.waitForFunction((old) => location.href !== old && document.querySelector('#timeline'), firstRunUrl);
  check('replay made a new run that failed the same way', page.url() !== firstRunUrl
    && (await page.textContent('#run-error')).includes('UPSTREAM_ERROR'), page.url());

  // --- another tenant's run by id is not found
  await page.goto(API_URL + '/console#/runs/' + OTHER_TENANT_RUN);
  await page.waitForSelector('.notice.bad');
  check("another tenant's run cannot be opened", (await page.textContent('.notice.bad')).includes('RUN_LOG_NOT_FOUND'), await page.textContent('.notice.bad'));

  // --- connections: the DISCONNECTED one, and its reconnect
  await page.goto(API_URL + '/console#/connections');
  await page.waitForSelector('#connections');
  const state = await page.textContent(`tr[data-connection="${DISCONNECTED_ID}"] .badge`);
  check('the disconnected connection shows DISCONNECTED', state === 'DISCONNECTED', state);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.click(`tr[data-connection="${DISCONNECTED_ID}"] button.reconnect`),
  ]);
  await popup.waitForLoadState('domcontentloaded');
  await popup.waitForSelector('form');
  const popupText = await popup.textContent('body');
  check('reconnect opens the hosted connect form, with no token in its URL', popup.url().includes('/screens/connect')
    && !popup.url().includes(TENANT_TOKEN) && /api key|connect/i.test(popupText), popup.url());
  await popup.close();

  // --- integrations: the effective configuration, the actions, and which ones the tenant's agents are offered
  await page.goto(API_URL + '/console#/integrations');
  await page.waitForSelector('#integrations tbody tr');
  await page.click('#integrations tbody tr');
  await page.waitForSelector('#integration-config');
  const config = JSON.parse(await page.textContent('#integration-config'));
  check('an integration shows its effective configuration', config.key === 'demo-todos' && !!config.baseUrl, JSON.stringify(config).slice(0, 120));
  await page.waitForSelector('.action-summary');
  const summaries = await page.$$eval('.action-summary', (els) => els.map((e) => e.textContent));
  check("the integration's actions say which ones the tenant's agents are offered", summaries.some((t) => t.includes('list-todos')
    && t.includes('agents see it as')), summaries.join(' | '));

  // --- phone width: nothing wider than the screen
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(API_URL + '/console#/runs');
  await page.waitForSelector('#runs tbody tr');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check('the runs page fits a phone screen', overflow <= 1, overflow + ' px wider than the screen');
  await page.screenshot({ path: `${SHOTS}/console-runs-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // --- the manager: the overview of the whole workspace
  await page.click('#signout');
  await signIn(MANAGER_TOKEN);
  await page.goto(API_URL + '/console#/overview?window=1h');
  await page.waitForSelector('#per-integration');
  const calls = Number(await page.textContent('#overview .metric .value'));
  const integrations = await page.$$eval('#per-integration tbody tr', (trs) => trs.map((t) => t.textContent));
  check('the overview counts the runs of every tenant', calls >= 4, calls);
  check('the overview lists durations per integration', integrations.some((t) => t.includes('demo-todos') && t.includes('ms')), integrations.join(' | '));
  await page.screenshot({ path: `${SHOTS}/console-overview.png`, fullPage: true });

  // --- the manager: the approval queue, and deciding from it
  await page.goto(API_URL + '/console#/approvals');
  await page.waitForSelector(`[data-approval="${process.env.APPROVAL_ID}"]`);
  check('the pending approval is in the queue, in plain words', (await page.textContent(`[data-approval="${process.env.APPROVAL_ID}"]`))
    .includes('/todos'), await page.textContent(`[data-approval="${process.env.APPROVAL_ID}"]`));
  await page.fill(`[data-approval="${process.env.APPROVAL_ID}"] input[name=comment]`, 'ok from the console');
  await page.click(`[data-approval="${process.env.APPROVAL_ID}"] button:not(.danger)`);
  await page.waitForFunction((id) => !document.querySelector(`[data-approval="${id}"]`), process.env.APPROVAL_ID);
  check('approving removes it from the queue', true);

  check('no Content-Security-Policy violation', cspViolations.length === 0, cspViolations.join(' | '));
  check('no script error', pageErrors.length === 0, pageErrors.join(' | '));
} catch (e) {
  let shown = '';
  try {
    shown = (await page.textContent('main')).slice(0, 600);
    await page.screenshot({ path: `${SHOTS}/console-failure.png`, fullPage: true });
  } catch (ignored) { /* the page itself may be gone */ }
  check('the walk-through finished', false, (e && e.stack || e) + ' | url: ' + page.url() + ' | page: ' + shown);
} finally {
  await browser.close();
}
for (const r of results) console.log(JSON.stringify(r));
