// Shared pieces of the browser tests: Debian's Chromium driven by playwright-core, and the seeded users.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const baseUrl = (process.env.E2E_BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
export const password = 'Passw0rd!';
export const users = { alice: 'alice@acme.test', bob: 'bob@globex.test', admin: 'admin@platform.test' };

const artifacts = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/**
 * Starts headless Debian Chromium. Playwright gives it a fresh profile (--user-data-dir) under TMPDIR,
 * which with-stack.sh points at a scratch folder; each user gets an isolated context (own cookie jar).
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(browser, viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Signs in through the form, as a person would, and waits for the start page of that user. */
export async function signIn(page, user, { expect = /\/(workspace|console)$/ } = {}) {
  if (!page.url().endsWith('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel('Email').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(expect);
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in$/);
}

/**
 * Waits until `locator` is visible. If the page shows an error (role="alert") first, fails at once with its text:
 * a failure then says what the app was told (e.g. "insights v2 is unavailable"), not only what did not appear.
 */
export async function appears(page, locator) {
  const alert = page.getByRole('alert').first();
  const error = alert.waitFor().then(
    () => alert.innerText(),
    () => new Promise(() => {}), // no alert within the timeout: the locator's own timeout reports the failure
  );
  const shown = locator.waitFor().then(() => null);
  const text = await Promise.race([shown, error]);
  if (text !== null) throw new Error(`Waited for ${locator}; the page shows an error instead: ${text}`);
}

/** The first line of the workspace's "Served by" panel, e.g. "contacts v2 · contacts-v2-1". */
export async function latestServedBy(page) {
  const first = page.getByRole('complementary', { name: 'Served by' }).locator('li').first();
  await appears(page, first);
  return (await first.locator('strong').innerText()) + (await first.locator('span').innerText());
}

/** Puts a tenant on a ring through the admin API, with the page's (admin) session and the tenant's current etag. */
export async function setTenantRing(page, tenant, ring) {
  const tenants = await (await page.request.get('/admin/tenants')).json();
  const etag = tenants.find((t) => t.tenant === tenant).etag;
  const response = await page.request.put(`/admin/tenants/${tenant}/ring`, {
    data: { ring },
    headers: { 'If-Match': `"${etag}"` },
  });
  if (!response.ok()) throw new Error(`PUT ring of ${tenant}: ${response.status()} ${await response.text()}`);
}
