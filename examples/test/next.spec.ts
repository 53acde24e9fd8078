// examples/next: built by `next build` without FEATUREBASE_API_KEY, run by `next start`, visited
// at 127.0.0.1 (Next.js builds route handlers' request.url as localhost whatever the Host).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startApp, useApp } from './apps';
import { identifyFlow } from './flow';

const setup = useApp('next', { SESSION_SECRET: 'example-session-secret-8f14e45f' });

test('the node runtime route: 401 signed out, created then updated, 403 for another user', async ({ page }) => {
  const calls: string[] = [];
  page.on('request', (request) => request.method() == 'POST' && calls.push(new URL(request.url()).pathname));
  await identifyFlow(page, `${setup.app.url}/`, setup.emulator);
  expect(new Set(calls.filter((path) => path.includes('featurebase')))).toEqual(new Set(['/api/featurebase/identify']));
});

test('the edge runtime route: the same', async ({ page }) => {
  const calls: string[] = [];
  page.on('request', (request) => request.method() == 'POST' && calls.push(new URL(request.url()).pathname));
  await identifyFlow(page, `${setup.app.url}/?runtime=edge`, setup.emulator, 'grace@example.com');
  expect(new Set(calls.filter((path) => path.includes('featurebase')))).toEqual(new Set(['/api/edge/featurebase/identify']));
});

for (const path of ['/api/featurebase/identify', '/api/edge/featurebase/identify']) {
  test(`${path}: a browser without Fetch Metadata passes on Origin = Host; another site is refused`, async ({ page }) => {
    await page.goto(`${setup.app.url}/`);
    await page.fill('input[name=email]', 'ada@example.com');
    await page.click('button:text("Sign in")');
    await expect(page.locator('#session-outcome')).toHaveText(/created|updated/);
    // page.request shares the page's cookies, and sends only the headers given here.
    const post = (headers: Record<string, string>) => page.request.post(setup.app.url + path, { headers: { 'content-type': 'application/json', ...headers }, data: { name: 'Ada' } });
    expect((await post({ origin: setup.app.url })).status()).toBe(200);
    const foreign = await post({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect([foreign.status(), (await foreign.json()).error.code]).toEqual([403, 'origin_not_allowed']);
    const foreignOld = await post({ origin: 'https://evil.example' });
    expect(foreignOld.status()).toBe(403);
  });
}

test('the edge route is built as an edge function', async () => {
  const manifest = JSON.parse(readFileSync('examples/next/.next/server/middleware-manifest.json', 'utf8'));
  expect(Object.keys(manifest.functions ?? {})).toContain('/api/edge/featurebase/identify/route');
});

test('started without FEATUREBASE_API_KEY: 500 misconfigured on both runtimes, one clear log line', async ({ request }) => {
  const unconfigured = await startApp('next', { SESSION_SECRET: 'example-session-secret-8f14e45f' });
  try {
    for (const path of ['/api/featurebase/identify', '/api/featurebase/identify', '/api/edge/featurebase/identify']) {
      const response = await request.post(unconfigured.url + path, { headers: { 'content-type': 'application/json' }, data: { name: 'Ada' } });
      expect([response.status(), (await response.json()).error.code]).toEqual([500, 'misconfigured']);
    }
    // One line for each runtime's handler, however many requests (read as the app's output arrives).
    const lines = () => unconfigured.output().split('\n').filter((line) => line.includes('[featurebase] The identify endpoint is misconfigured'));
    await expect.poll(() => lines().length).toBe(2);
    expect(lines().every((line) => line.includes('needs an apiKey'))).toBe(true);
  } finally {
    await unconfigured.stop();
  }
});

/** Collects what the page logs as an error or a warning, and its uncaught errors. */
function problems(page: Page, into: string[]): void {
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && into.push(`${message.type()}: ${message.text()} (${message.location().url})`));
  page.on('pageerror', (error) => into.push(`pageerror: ${error.message}`));
}

/** Counts the identify requests the page sends. */
function identifies(page: Page, into: unknown[]): void {
  page.on('request', (request) => request.method() == 'POST' && new URL(request.url()).pathname == '/api/featurebase/identify' && into.push(request.postDataJSON()));
}

test('useIdentify: one request on sign-in, none for an equal contact, updated on rename, reset on sign-out here and in another tab', async ({ page, context }) => {
  const logged: string[] = [];
  const sent: unknown[] = [];
  const other = await context.newPage();
  for (const tab of [page, other]) problems(tab, logged), identifies(tab, sent);
  const email = 'lin@example.com';

  await page.goto(`${setup.app.url}/`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=name]', 'Lin');
  await page.click('button:text("Sign in")');
  await expect(page.locator('#session-outcome')).toHaveText('created');
  await expect(page.locator('#identity')).toHaveText(email);
  expect(sent).toEqual([{ userId: 'usr_lin_example_com', email, name: 'Lin' }]);
  expect(setup.emulator.requests).toHaveLength(1);

  // A new contact object with the same content, twice: nothing sent.
  await page.click('button:text("Render again")');
  await page.click('button:text("Render again")');
  await expect(page.locator('#renders')).toHaveText('3');
  // No identify started: a new one would show pending, then unchanged.
  await expect(page.locator('#session-outcome')).toHaveText('created');

  // Another tab of the same origin, signed in as the same user: delivered already, nothing sent.
  await other.goto(`${setup.app.url}/`);
  await expect(other.locator('#session-outcome')).toHaveText('unchanged');
  await expect(other.locator('#identity')).toHaveText(email);

  // A new name, by a server action: the page renders again in place, and the hook sends it.
  await page.fill('input[name=newName]', 'Lin Lovelace');
  await page.click('button:text("Rename")');
  await expect(page.locator('#session-outcome')).toHaveText('updated');
  expect(setup.emulator.contacts()).toEqual([expect.objectContaining({ email, name: 'Lin Lovelace' })]);
  // The two identifies, and nothing from the renders with an equal contact or from the other tab.
  expect(sent).toEqual([
    { userId: 'usr_lin_example_com', email, name: 'Lin' },
    { userId: 'usr_lin_example_com', email, name: 'Lin Lovelace' },
  ]);

  // Signing out in place: the hook gets null and resets, here and in the other tab.
  await page.click('button:text("Sign out")');
  await expect(page.locator('#session')).toHaveText('Signed out');
  await expect(page.locator('#identity')).toHaveText('none');
  await expect(other.locator('#identity')).toHaveText('none');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key != 'featurebase-identify:reset'))).toEqual([]);
  expect(sent).toHaveLength(2);
  expect(setup.emulator.requests).toHaveLength(2);
  expect(logged).toEqual([]);
});

test('<Identify> in a server layout: one request on sign-in; a sign-out that reloads the page resets', async ({ page }) => {
  const logged: string[] = [];
  const sent: unknown[] = [];
  problems(page, logged);
  identifies(page, sent);
  const email = 'max@example.com';

  await page.goto(`${setup.app.url}/layout-placement`);
  await expect(page.locator('#identity')).toHaveText('none');
  await page.fill('input[name=email]', email);
  await page.click('button:text("Sign in")');
  await expect(page.locator('#session')).toHaveText(`Signed in as ${email}`);
  await expect(page.locator('#identity')).toHaveText(email);
  await expect.poll(() => setup.emulator.contacts()).toEqual([expect.objectContaining({ email })]);
  expect(sent).toEqual([{ userId: 'usr_max_example_com', email }]);

  await page.click('button:text("Sign out")');
  await expect(page.locator('#session')).toHaveText('Signed out');
  await expect(page.locator('#identity')).toHaveText('none');
  // Reloaded signed out: nothing more sent, and nothing left of the identity.
  await page.reload();
  await expect(page.locator('#identity')).toHaveText('none');
  expect(sent).toHaveLength(1);
  expect(await page.evaluate(() => localStorage.getItem('featurebase-identify:last'))).toBeNull();
  expect(logged).toEqual([]);
});
