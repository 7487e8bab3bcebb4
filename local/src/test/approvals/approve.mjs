// Opens an approval link in headless Chromium with a phone-sized viewport, as the person asked to approve would,
// checks the page reads well there, approves, then opens the same link again. Prints one JSON line:
// { ok, first: {status, heading, overflow, buttons}, decided: {heading}, again: {status, text} | error }.
// Started by ApprovalBrowserEndToEndTest (Java), which runs the local runtime and creates the approval.
//
// env: APPROVAL_URL, CHROMIUM (optional)
import { chromium } from 'playwright-core';

const { APPROVAL_URL } = process.env;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
let result;
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    deviceScaleFactor: 3 });
  const tab = await context.newPage();
  const opened = await tab.goto(APPROVAL_URL);
  const first = {
    status: opened.status(),
    heading: await tab.locator('h1').innerText(),
    text: await tab.locator('main').innerText(),
    // At phone width nothing may stick out sideways, and both buttons must be big enough to tap.
    overflow: await tab.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
    buttons: await tab.evaluate(() => [...document.querySelectorAll('button')].map((b) => {
      const r = b.getBoundingClientRect();
      return { text: b.innerText, width: Math.round(r.width), height: Math.round(r.height), visible: r.right <= window.innerWidth };
    })),
  };
  await tab.locator('#name').fill('Dana from finance');
  await tab.locator('#comment').fill('Looks right');
  await Promise.all([tab.waitForNavigation(), tab.getByRole('button', { name: 'Approve' }).tap()]);
  const decided = { heading: await tab.locator('h1').innerText(), text: await tab.locator('main').innerText() };
  const reopened = await tab.goto(APPROVAL_URL);
  const again = { status: reopened.status(), text: await tab.locator('main').innerText(),
    buttons: await tab.locator('button').count() };
  result = { ok: true, first, decided, again };
} catch (e) {
  result = { ok: false, error: String(e && e.stack || e) };
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
