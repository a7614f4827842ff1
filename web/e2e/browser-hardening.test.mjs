// The app works under the gateway's Content-Security-Policy (no inline script or style): every page loads its
// styles and scripts, and Chromium reports no CSP violation. Sign-out still works (it sends the JSON body the
// server requires), and a cross-site form cannot sign anyone out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, signIn, signOut, users } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Collects what Chromium says about blocked content, from the page's own securitypolicyviolation events too. */
async function watchViolations(page) {
  const violations = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

test('the app is served with the hardening headers and runs under its CSP', async () => {
  const page = await newPage(browser);
  const violations = await watchViolations(page);

  const response = await page.goto('/');
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /script-src 'self'/);
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'no-referrer');

  await page.waitForURL(/\/sign-in$/);
  // styles.css applied (it sets the page background), so the stylesheet was not blocked.
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(244, 246, 249)');
  await signIn(page, users.alice);
  await page.getByRole('table').first().waitFor();
  await signOut(page);

  assert.deepEqual(violations, []);
  await page.context().close();
});

test('a cross-site form cannot sign the user out', async () => {
  const page = await newPage(browser);
  await signIn(page, users.alice);
  // What another site's auto-submitting form would send: a simple form post, with the session cookie if the
  // browser attached it.
  const forged = await page.request.post('/auth/logout', {
    form: { x: '1' },
    headers: { Origin: 'https://evil.example' },
  });
  assert.equal(forged.status(), 415);

  const session = await page.request.get('/auth/session');
  assert.equal(session.status(), 200);
  await page.context().close();
});
