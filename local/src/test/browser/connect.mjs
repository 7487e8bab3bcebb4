// Drives headless Chromium through the official SDK's ui.connect() against a running actgate, as a customer's web
// app would. Prints one JSON line: { ok, connection | error }. Started by LocalBrowserEndToEndTest (Java), which runs the
// local runtime and the OAuth2 server.
//
// env: API_URL, TOKEN (tenant token), SCENARIO (form | oauth), INTEGRATION_KEY, CONNECTION_KEY, API_KEY (form)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const sdk = fs.readFileSync(path.join(here, 'node_modules/@membranehq/sdk/dist/bundle.js'));
const { API_URL, TOKEN, SCENARIO, INTEGRATION_KEY, CONNECTION_KEY, API_KEY } = process.env;

// The customer's app: another origin than actgate, like in production.
const page = `<!doctype html><html><head><meta charset="utf-8"><title>Customer app</title>
<script src="/sdk.js"></script></head><body><h1>Customer app</h1><script>
window.startConnect = (options) => {
  window.__done = false;
  const client = new MembraneClient({ token: ${JSON.stringify(TOKEN)}, apiUri: ${JSON.stringify(API_URL)} });
  client.ui.connect(options)
    .then((connection) => { window.__result = { ok: !!connection, connection }; window.__done = true; })
    .catch((e) => { window.__result = { ok: false, error: String(e) }; window.__done = true; });
};
</script></body></html>`;
const app = http.createServer((req, res) => {
  if (req.url === '/sdk.js') {
    res.writeHead(200, { 'Content-Type': 'application/javascript' });
    res.end(sdk);
  } else {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page);
  }
});
// APP_PORT: the test allowlists this origin in the workspace (allowedOrigins) so the connect screen may be framed.
await new Promise((r) => app.listen(Number(process.env.APP_PORT || 0), '127.0.0.1', r));
const appUrl = `http://127.0.0.1:${app.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let result;
try {
  const context = await browser.newContext();
  const tab = await context.newPage();
  tab.on('console', (m) => process.stderr.write(`[console] ${m.text()}\n`));
  await tab.goto(appUrl);
  await tab.evaluate((o) => window.startConnect(o), { integrationKey: INTEGRATION_KEY, connectionKey: CONNECTION_KEY });
  const frame = tab.frameLocator('iframe');
  if (SCENARIO === 'form') {
    await frame.locator('input[name="apiKey"]').fill(API_KEY);
    await frame.locator('#connect').click();
  } else {
    // OAuth: the screen opens the provider in a popup; the provider signs the user in and redirects back.
    const [popup] = await Promise.all([context.waitForEvent('page'), frame.locator('#connect').click()]);
    await popup.waitForEvent('close', { timeout: 30000 }).catch(() => {});
  }
  await tab.waitForFunction(() => window.__done === true, null, { timeout: 30000 });
  result = await tab.evaluate(() => window.__result);
} catch (e) {
  let detail = '';
  try {
    for (const f of browser.contexts()[0].pages()[0].frames()) detail += `\n--- frame ${f.url()}\n` + (await f.content()).slice(0, 1500);
  } catch (ignored) { /* best effort */ }
  result = { ok: false, error: String(e && e.message || e) + detail };
} finally {
  await browser.close();
  app.close();
}
console.log(JSON.stringify(result));
